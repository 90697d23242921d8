import * as z from './lib/validation';

/** The only place that reads settings; both entries pass their env here. */
const schema = z.object({
  ENVIRONMENT: z._default(z.enum(['development', 'test', 'production']), 'development'),
  PORT: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65535)), 8787),
  PUBLIC_URL: z.optional(z.url()),
  DATABASE_URL: z._default(z.string().check(z.minLength(1)), 'file:.data/klick.db'),
  DATABASE_AUTH_TOKEN: z.optional(z.string()),
  ADMIN_TOKEN: z.optional(z.string().check(z.minLength(16, 'ADMIN_TOKEN must have at least 16 characters'))),
  STRIPE_SECRET_KEY: z.optional(z.string()),
  STRIPE_WEBHOOK_SECRET: z.optional(z.string()),
  STRIPE_API_URL: z.optional(z.url()),
  STRIPE_PAYMENT_METHODS: z._default(z.string(), 'card,sepa_debit'),
  RESEND_API_KEY: z.optional(z.string()),
  RESEND_API_URL: z._default(z.url(), 'https://api.resend.com'),
  MAIL_FROM: z._default(z.string(), 'klick <tickets@klick.invalid>'),
  RETENTION_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1)), 90),
  ACCESSIBILITY_CONTACT: z.optional(z.string().check(z.trim(), z.maxLength(300))),
  // Apple Wallet (src/wallet/apple-pass.ts): all five or none; PEM text, `\n` escapes allowed
  APPLE_PASS_TYPE_ID: z.optional(z.string().check(z.regex(/^pass\./, 'APPLE_PASS_TYPE_ID starts with "pass."'))),
  APPLE_TEAM_ID: z.optional(z.string()),
  APPLE_PASS_CERT: z.optional(z.string()),
  APPLE_PASS_KEY: z.optional(z.string()),
  APPLE_WWDR_CERT: z.optional(z.string()),
  // Google Wallet (src/wallet/google-pass.ts): the issuer id and the service account's JSON key, both or neither
  GOOGLE_WALLET_ISSUER_ID: z.optional(z.string().check(z.regex(/^\d+$/, 'GOOGLE_WALLET_ISSUER_ID is a number'))),
  GOOGLE_WALLET_SERVICE_ACCOUNT: z.optional(z.string()),
});

export type Settings = z.infer<typeof schema>;

export interface Config {
  environment: Settings['ENVIRONMENT'];
  publicUrl: string;
  adminToken: string;
  stripe?: { secretKey: string; webhookSecret: string; apiUrl?: string; paymentMethods: string[] };
  resend?: { apiKey: string; apiUrl: string };
  mailFrom: string;
  retentionDays: number;
  /** the organizer's contact for accessibility feedback (an email, a web address or a line of text) */
  accessibilityContact?: string;
  /** which payment adapter runs: never demo in production */
  payments: 'stripe' | 'demo' | 'none';
  /**
   * who sends mail: Resend with a key; without one the development outbox (mails shown, never sent) outside
   * production, and nobody in production, where mails wait in the outbox until a key is set
   */
  mail: 'resend' | 'dev' | 'none';
  /** secret the demo checkout signs its webhook events with */
  demoWebhookSecret: string;
  /** a wallet is offered only when it is configured */
  wallet: WalletConfig;
}

export interface WalletConfig {
  apple?: { passTypeId: string; teamId: string; certPem: string; keyPem: string; wwdrPem: string };
  google?: { issuerId: string; clientEmail: string; privateKeyPem: string };
}

const APPLE_KEYS = [
  'APPLE_PASS_TYPE_ID',
  'APPLE_TEAM_ID',
  'APPLE_PASS_CERT',
  'APPLE_PASS_KEY',
  'APPLE_WWDR_CERT',
] as const;
const GOOGLE_KEYS = ['GOOGLE_WALLET_ISSUER_ID', 'GOOGLE_WALLET_SERVICE_ACCOUNT'] as const;
/** a secret pasted into a one-line .env value carries its line breaks as `\n` */
const pem = (text: string) => text.replace(/\\n/g, '\n').trim();

function serviceAccount(json: string): { clientEmail: string; privateKeyPem: string } | null {
  try {
    const key = JSON.parse(json) as { client_email?: unknown; private_key?: unknown };
    if (typeof key.client_email === 'string' && typeof key.private_key === 'string')
      return { clientEmail: key.client_email, privateKeyPem: pem(key.private_key) };
  } catch {}
  return null;
}

function walletProblems(s: Settings): string[] {
  const lines: string[] = [];
  const apple = APPLE_KEYS.filter((k) => s[k]);
  if (apple.length && apple.length < APPLE_KEYS.length) lines.push(`${APPLE_KEYS.join(', ')}: set all or none`);
  for (const k of ['APPLE_PASS_CERT', 'APPLE_PASS_KEY', 'APPLE_WWDR_CERT'] as const)
    if (s[k] && !pem(s[k]).includes('-----BEGIN ')) lines.push(`${k}: PEM text (-----BEGIN …)`);
  const google = GOOGLE_KEYS.filter((k) => s[k]);
  if (google.length === 1) lines.push(`${GOOGLE_KEYS.join(', ')}: set both or neither`);
  if (s.GOOGLE_WALLET_SERVICE_ACCOUNT && !serviceAccount(s.GOOGLE_WALLET_SERVICE_ACCOUNT))
    lines.push('GOOGLE_WALLET_SERVICE_ACCOUNT: the service account key as JSON, with client_email and private_key');
  return lines;
}

function walletConfig(s: Settings): WalletConfig {
  const a = s.APPLE_PASS_TYPE_ID && s.APPLE_TEAM_ID && s.APPLE_PASS_CERT && s.APPLE_PASS_KEY && s.APPLE_WWDR_CERT;
  const account = s.GOOGLE_WALLET_SERVICE_ACCOUNT ? serviceAccount(s.GOOGLE_WALLET_SERVICE_ACCOUNT) : null;
  return {
    apple: a
      ? {
          passTypeId: s.APPLE_PASS_TYPE_ID!,
          teamId: s.APPLE_TEAM_ID!,
          certPem: pem(s.APPLE_PASS_CERT!),
          keyPem: pem(s.APPLE_PASS_KEY!),
          wwdrPem: pem(s.APPLE_WWDR_CERT!),
        }
      : undefined,
    google: s.GOOGLE_WALLET_ISSUER_ID && account ? { issuerId: s.GOOGLE_WALLET_ISSUER_ID, ...account } : undefined,
  };
}

export function parseSettings(env: Record<string, unknown>): Settings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  const s = parsed.data;
  const prod = s?.ENVIRONMENT === 'production';
  const lines = s
    ? [
        // a guessed origin would end up in ticket links, mails and Stripe's return URLs
        prod && !s.PUBLIC_URL && 'PUBLIC_URL: required when ENVIRONMENT=production (e.g. https://tickets.example.com)',
        s.PUBLIC_URL &&
          !/^https?:\/\/[^/]+\/?$/.test(s.PUBLIC_URL) &&
          'PUBLIC_URL: the site address guests use, http(s)://host without a path (e.g. https://tickets.example.com)',
        // one of the two alone would silently fall back to no payments (or to the demo)
        !s.STRIPE_SECRET_KEY !== !s.STRIPE_WEBHOOK_SECRET &&
          'STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: set both or neither',
        prod &&
          s.RESEND_API_KEY &&
          /\.invalid>?$/.test(s.MAIL_FROM) &&
          'MAIL_FROM: set a sender on your own domain to send mail with RESEND_API_KEY',
        ...walletProblems(s),
      ].filter((l): l is string => !!l)
    : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (lines.length) throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  return s!;
}

export function buildConfig(
  s: Settings,
  fallback: { publicUrl: string; adminToken: string; demoWebhookSecret: string },
): Config {
  const stripe =
    s.STRIPE_SECRET_KEY && s.STRIPE_WEBHOOK_SECRET
      ? {
          secretKey: s.STRIPE_SECRET_KEY,
          webhookSecret: s.STRIPE_WEBHOOK_SECRET,
          apiUrl: s.STRIPE_API_URL,
          paymentMethods: s.STRIPE_PAYMENT_METHODS.split(',')
            .map((m) => m.trim())
            .filter(Boolean),
        }
      : undefined;
  const payments = stripe ? 'stripe' : s.ENVIRONMENT === 'production' ? 'none' : 'demo';
  const mail = s.RESEND_API_KEY ? 'resend' : s.ENVIRONMENT === 'production' ? 'none' : 'dev';
  return {
    environment: s.ENVIRONMENT,
    publicUrl: (s.PUBLIC_URL ?? fallback.publicUrl).replace(/\/$/, ''),
    adminToken: s.ADMIN_TOKEN ?? fallback.adminToken,
    stripe,
    resend: s.RESEND_API_KEY ? { apiKey: s.RESEND_API_KEY, apiUrl: s.RESEND_API_URL } : undefined,
    mailFrom: s.MAIL_FROM,
    retentionDays: s.RETENTION_DAYS,
    accessibilityContact: s.ACCESSIBILITY_CONTACT || undefined,
    payments,
    mail,
    demoWebhookSecret: fallback.demoWebhookSecret,
    wallet: walletConfig(s),
  };
}
