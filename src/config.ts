import { z } from 'zod';

/** The only place that reads settings; both entries pass their env here. */
const schema = z.object({
  ENVIRONMENT: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().min(1).default('file:.data/klick.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must have at least 16 characters').optional(),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_URL: z.string().url().optional(),
  STRIPE_PAYMENT_METHODS: z.string().default('card,sepa_debit'),
  RESEND_API_KEY: z.string().optional(),
  RESEND_API_URL: z.string().url().default('https://api.resend.com'),
  MAIL_FROM: z.string().default('klick <tickets@klick.invalid>'),
  RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
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
  /** which payment adapter runs: never demo in production */
  payments: 'stripe' | 'demo' | 'none';
  /** secret the demo checkout signs its webhook events with */
  demoWebhookSecret: string;
}

export function parseSettings(env: Record<string, unknown>): Settings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  return parsed.data;
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
    payments,
    demoWebhookSecret: fallback.demoWebhookSecret,
  };
}
