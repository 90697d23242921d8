/**
 * Tests that run inside workerd (@cloudflare/vitest-pool-workers 0.15, vitest 4):
 *   npx vitest run -c vitest.workers.config.ts
 * The worker reaches its database at http://db.test: miniflare's outboundService hands those requests to a
 * test Hrana server (test/workers/hrana-server.ts) running in this Node process over a migrated temp DB file,
 * and Stripe at http://stripe.test: the fake Stripe server of the Node tests (test/fixtures/stripe/fake-stripe.ts),
 * so the real Stripe adapter and SDK run inside workerd. (The Worker has no demo checkout: that is Node's.)
 * The three Workers of a deployment run side by side, wired by the service bindings of their wrangler files: the
 * main Worker from source (SELF), the organizer's and the payments Worker as wrangler builds them for a deploy
 * (test/workers/split.test.ts checks the wiring).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { wrangler } from './scripts/bundle-size.mjs';
import { startFakeStripe } from './test/fixtures/stripe/fake-stripe';
import { makeWalletCredentials } from './test/fixtures/wallet/credentials';
import { createHranaHandler, createMigratedTempDb } from './test/workers/hrana-server';

const DB_HOST = 'db.test';
const COMPATIBILITY_DATE = '2026-04-01';

/** The organizer's and the payments Worker, built once per run by wrangler as `wrangler deploy` builds them. */
let built: Promise<{ organizer: string; payments: string }> | undefined;
function buildAuxiliaryWorkers() {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klick-workers-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    for (const [config, out] of [
      ['wrangler.organizer.toml', 'organizer'],
      ['wrangler.payments.toml', 'payments'],
    ] as const)
      await wrangler(['deploy', '--dry-run', '--outdir', join(dir, out), '--config', config], process.cwd());
    return {
      organizer: join(dir, 'organizer', 'organizer-worker.js'),
      payments: join(dir, 'payments', 'payments-worker.js'),
    };
  })();
  return built;
}
const STRIPE_HOST = 'stripe.test';

export default defineConfig({
  plugins: [
    {
      // stripe's published sourcemaps name files it does not ship: vite warns once per module (~220 lines a file)
      name: 'klick:quiet-missing-sourcemaps',
      configResolved(config) {
        const warnOnce = config.logger.warnOnce.bind(config.logger);
        config.logger.warnOnce = (msg, options) => {
          if (!msg.includes('points to missing source files')) warnOnce(msg, options);
        };
      },
    },
    cloudflareTest(async () => {
      const dbPath = await createMigratedTempDb();
      const hrana = createHranaHandler(dbPath, { baseHost: DB_HOST });
      const stripe = await startFakeStripe();
      // test wallet credentials made by openssl for this run (test/workers/wallet.test.ts signs passes with them)
      const wallet = makeWalletCredentials();
      wallet.close();
      const scripts = await buildAuxiliaryWorkers();
      const bindings = {
        ENVIRONMENT: 'test',
        PUBLIC_URL: 'http://klick.test',
        DATABASE_URL: `http://${DB_HOST}`,
        ADMIN_TOKEN: 'test-admin-token-0123456789abcdef',
        // wrangler also loads a local .dev.vars/.env: every setting is given here, blank counting as unset
        // (src/config.ts), so a developer's real keys never reach the tests.
        DATABASE_AUTH_TOKEN: '',
        STRIPE_SECRET_KEY: 'sk_test_workers',
        STRIPE_WEBHOOK_SECRET: 'whsec_workers_test_secret',
        STRIPE_API_URL: `http://${STRIPE_HOST}`,
        RESEND_API_KEY: '',
        ...wallet.env,
      };
      // Every fetch() a worker (or a test) makes leaves through here; nothing reaches the network.
      const outboundService = async (req: Request) => {
        const { hostname } = new URL(req.url);
        if (hostname === DB_HOST || hostname.endsWith(`.${DB_HOST}`)) return hrana(req);
        if (hostname === STRIPE_HOST) {
          const { pathname, search } = new URL(req.url);
          const body = req.method === 'GET' ? undefined : await req.text();
          return fetch(`${stripe.url}${pathname}${search}`, { method: req.method, headers: req.headers, body });
        }
        return new Response(`no outbound network in tests: ${req.method} ${req.url}`, { status: 502 });
      };
      const aux = { modules: true, compatibilityDate: COMPATIBILITY_DATE, bindings, outboundService };
      return {
        // the entry behind SELF / exports.default; it and the tests share one isolate
        main: './src/worker.ts',
        // wrangler.toml supplies compatibility date/flags, the ASSETS binding (./public) and [vars].
        wrangler: { configPath: './wrangler.toml' },
        remoteBindings: false,
        miniflare: {
          bindings: {
            ...bindings,
            TEST_WALLET_ROOT_CA: wallet.caPem,
            TEST_GOOGLE_PUBLIC_KEY: wallet.googlePublicPem,
            TEST_GOOGLE_CLIENT_EMAIL: wallet.clientEmail,
          },
          outboundService,
          // the service bindings of wrangler.toml and wrangler.organizer.toml, to the Workers of the same names
          serviceBindings: { ORGANIZER: 'klick-organizer', PAYMENTS: 'klick-payments' },
          workers: [
            {
              ...aux,
              name: 'klick-organizer',
              scriptPath: scripts.organizer,
              modulesRoot: dirname(scripts.organizer),
              // as wrangler.organizer.toml: the same static files, for pages that read one
              assets: { directory: './public', binding: 'ASSETS', routerConfig: { has_user_worker: true } },
              serviceBindings: { PAYMENTS: 'klick-payments' },
            },
            {
              ...aux,
              name: 'klick-payments',
              scriptPath: scripts.payments,
              modulesRoot: dirname(scripts.payments),
            },
          ],
        },
      };
    }),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
  },
});
