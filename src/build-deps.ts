import type { Client } from '@libsql/client';
import type { Config } from './config';
import { createDb } from './db/client';
import type { Deps, Log } from './deps';
import { type Clock, systemClock } from './lib/clock';
import { devMailer } from './mail/mailer';
import { createResendMailer } from './mail/resend-mailer';
import { createDemoGateway } from './payments/demo-gateway';
import { createStripeGateway } from './payments/stripe-gateway';

/** Shared by both entries: picks the adapters the configuration allows. */
export function buildDeps(client: Client, config: Config, log: Log, clock: Clock = systemClock): Deps {
  const db = createDb(client);
  const payments =
    config.payments === 'stripe' && config.stripe
      ? createStripeGateway(config.stripe)
      : config.payments === 'demo'
        ? createDemoGateway({ db, clock, site: config, webhookSecret: config.demoWebhookSecret })
        : null;
  const mailer = config.resend ? createResendMailer({ ...config.resend, from: config.mailFrom }) : devMailer;
  return { db, payments, mailer, clock, config, log };
}
