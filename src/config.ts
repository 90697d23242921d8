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
  /** secret the demo checkout signs its webhook events with */
  demoWebhookSecret: string;
}

export function parseSettings(env: Record<string, unknown>): Settings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  const s = parsed.data;
  const prod = s?.ENVIRONMENT === 'production';
  const lines = s
    ? [
        // a guessed origin would end up in ticket links, mails and Stripe's return URLs
        prod && !s.PUBLIC_URL && 'PUBLIC_URL: required when ENVIRONMENT=production',
        // one of the two alone would silently fall back to no payments (or to the demo)
        !s.STRIPE_SECRET_KEY !== !s.STRIPE_WEBHOOK_SECRET &&
          'STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: set both or neither',
        prod &&
          s.RESEND_API_KEY &&
          /\.invalid>?$/.test(s.MAIL_FROM) &&
          'MAIL_FROM: set a sender on your own domain to send mail with RESEND_API_KEY',
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
    demoWebhookSecret: fallback.demoWebhookSecret,
  };
}
