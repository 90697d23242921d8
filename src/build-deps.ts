import type { Client } from '@libsql/client';
import type { Config } from './config';
import { createDb, type Db } from './db/client';
import type { Deps, Log } from './deps';
import { type Clock, systemClock } from './lib/clock';
import { devMailer } from './mail/mailer';
import { createResendMailer } from './mail/resend-mailer';
import type { PaymentGateway } from './payments/gateway';
import type { StripeGatewayOptions } from './payments/stripe-gateway';

export type DemoGatewayFactory = (opts: {
  db: Db;
  clock: Clock;
  site: { publicUrl: string };
  webhookSecret: string;
}) => PaymentGateway;

/** The Stripe adapter: the SDK itself on Node, a service binding to the payments Worker on Workers. */
export type StripeGatewayFactory = (opts: StripeGatewayOptions) => PaymentGateway;

/**
 * Shared by every entry: picks the adapters the configuration allows. The payment gateways come in from the entry:
 * Node passes the SDK adapter and the demo; the Workers pass a gateway that calls the payments Worker
 * (src/payments/remote-gateway.ts), which keeps the stripe SDK and the demo checkout out of their bundles.
 */
export function buildDeps(
  client: Client,
  config: Config,
  log: Log,
  clock: Clock = systemClock,
  gateways: { stripe?: StripeGatewayFactory; demo?: DemoGatewayFactory } = {},
): Deps {
  const db = createDb(client);
  const { stripe, demo } = gateways;
  const payments =
    config.payments === 'stripe' && config.stripe && stripe
      ? stripe(config.stripe)
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
