import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleLog, type Log } from '../../src/deps';
import { startServer } from '../../src/server';
import { makeWalletCredentials } from '../fixtures/wallet/credentials';

/** Server errors still reach the test output; info lines (mail sent, etc.) do not. */
const quietLog: Log = { info: () => {}, error: consoleLog.error };

export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

/** Starts klick once for all tests on a fresh temp database; the URL reaches the workers via process.env. */
export default async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'klick-e2e-'));
  const env = {
    DATABASE_URL: `file:${join(dir, 'klick.db')}`,
    PORT: '0',
    ENVIRONMENT: 'test',
    ADMIN_TOKEN: E2E_ADMIN_TOKEN,
  };
  const server = await startServer({ env, jobsEvery: 0, seed: false, log: quietLog });
  // Workers are forked after global setup with a copy of this process's env (checked on Playwright 1.65.1).
  process.env.KLICK_URL = server.url;
  process.env.KLICK_ADMIN_TOKEN = E2E_ADMIN_TOKEN;
  // Tests that must prove what the server stored (e.g. every offline scan exactly once) read it directly.
  process.env.KLICK_DATABASE_URL = env.DATABASE_URL;
  // A second klick with Apple and Google Wallet configured (test credentials): the ticket page as it looks
  // with the wallet buttons, for the accessibility tables (a11y-pages.ts). Wallet settings are the deploy's,
  // so they cannot be switched on for one dinner of the first server.
  const creds = makeWalletCredentials();
  const wallet = await startServer({
    env: { ...env, DATABASE_URL: `file:${join(dir, 'wallet.db')}`, ...creds.env },
    jobsEvery: 0,
    seed: false,
    log: quietLog,
  });
  process.env.KLICK_WALLET_URL = wallet.url;
  return async () => {
    await Promise.all([server.close(), wallet.close()]);
    creds.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
