import type { Config } from './config';
import type { Db } from './db/client';
import type { AssetReader } from './lib/assets';
import type { Clock } from './lib/clock';
import type { Mailer } from './mail/mailer';
import type { PaymentGateway } from './payments/gateway';

/** Logs carry ids and codes, never names, emails or secrets. */
export interface Log {
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface Deps {
  db: Db;
  /** null when payments are not configured (production without a key) */
  payments: PaymentGateway | null;
  /** null when no mail provider is configured in production: mails stay queued in the outbox */
  mailer: Mailer | null;
  clock: Clock;
  config: Config;
  log: Log;
  /** the static files of public/ (the badge PDF's fonts); absent where none are served */
  assets?: AssetReader | undefined;
}

export const consoleLog: Log = {
  info: (msg, fields) => console.log(JSON.stringify({ level: 'info', msg, ...fields })),
  error: (msg, fields) => console.error(JSON.stringify({ level: 'error', msg, ...fields })),
};

export const silentLog: Log = { info: () => {}, error: () => {} };
