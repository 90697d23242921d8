import type { Client } from '@libsql/client';
import type { Config } from './config';
import { createDb, type Db } from './db/client';
import type { Deps, Log } from './deps';
import { type Clock, systemClock } from './lib/clock';
import { devMailer } from './mail/mailer';
import { createResendMailer } from './mail/resend-mailer';
import type { PaymentGateway } from './payments/gateway';
import { createStripeGateway } from './payments/stripe-gateway';

export type DemoGatewayFactory = (opts: {
  db: Db;
  clock: Clock;
  site: { publicUrl: string };
  webhookSecret: string;
}) => PaymentGateway;

/**
 * Shared by both entries: picks the adapters the configuration allows. The demo gateway comes in from the entry
 * (Node passes it; the Worker does not, which keeps the demo checkout out of its bundle).
 */
export function buildDeps(
  client: Client,
  config: Config,
  log: Log,
  clock: Clock = systemClock,
  demo?: DemoGatewayFactory,
): Deps {
  const db = createDb(client);
  const payments =
    config.payments === 'stripe' && config.stripe
      ? createStripeGateway(config.stripe)
      : config.payments === 'demo' && demo
        ? demo({ db, clock, site: config, webhookSecret: config.demoWebhookSecret })
        : null;
  const mailer =
    config.mail === 'resend' && config.resend
      ? createResendMailer({ ...config.resend, from: config.mailFrom })
      : config.mail === 'dev'
        ? devMailer
        : null;
  return { db, payments, mailer, clock, config, log };
}
