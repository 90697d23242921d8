import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { createApp } from './app';
import { buildDeps } from './build-deps';
import { buildConfig, parseSettings } from './config';
import { openMigratedClient } from './db/migrate';
import { seedDemoEvent } from './demo-seed';
import { consoleLog, type Log } from './deps';
import { runTimedWork } from './jobs';
import { base32, newToken, randomBytes } from './lib/crypto';
import { errorText } from './lib/log-safe';
import { createDemoGateway } from './payments/demo-gateway';
import { createStripeGateway } from './payments/stripe-gateway';

export interface StartOptions {
  env?: Record<string, string | undefined>;
  log?: Log;
  /** interval of the timed work in ms; 0 turns it off (tests drive it by hand) */
  jobsEvery?: number;
  seed?: boolean;
}

/** Smaller answers (a scan's verdict, a roster delta of a few guests) gain nothing worth a compressor. */
export const GZIP_MIN_BYTES = 1024;

/**
 * Node only: gzips the device API's JSON answers with hono/compress, above all the roster a phone downloads on
 * weak hotel Wi-Fi (500 guests: about 180 KB raw, 50 KB gzip). Workers need none of this: Cloudflare compresses
 * at its edge. POSTs are left alone: their answers are small, and compressing them would cost every check-in
 * write (bench/checkin.ts). hono/compress skips a body below its threshold only by its Content-Length, which
 * c.json() does not set: it is given one here, so small answers go out as they are.
 */
function gzipDeviceJson(): MiddlewareHandler {
  const gzip = compress({ encoding: 'gzip', threshold: GZIP_MIN_BYTES });
  return (c, next) => {
    if (c.req.method !== 'GET') return next();
    return gzip(c, async () => {
      await next();
      if (c.res.headers.has('content-length') || !c.res.body) return;
      const body = await c.res.arrayBuffer();
      const res = new Response(body, c.res);
      res.headers.set('content-length', String(body.byteLength));
      // unset first: hono's setter would otherwise copy the old answer's headers over the new ones
      c.res = undefined;
      c.res = res;
    });
  };
}

/** A generated admin token is kept next to the database so it survives restarts. */
function localAdminToken(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) return newToken();
  const file = resolve(dirname(databaseUrl.slice(5)), 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = newToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export async function startServer(options: StartOptions = {}) {
  const settings = parseSettings(options.env ?? process.env);
  const log = options.log ?? consoleLog;
  if (settings.DATABASE_URL.startsWith('file:'))
    mkdirSync(dirname(settings.DATABASE_URL.slice(5)), { recursive: true });
  const client = await openMigratedClient(
    settings.DATABASE_URL,
    settings.DATABASE_AUTH_TOKEN,
    resolve(import.meta.dirname, '../drizzle'),
  );
  let port = settings.PORT;
  const config = buildConfig(settings, {
    publicUrl: `http://127.0.0.1:${port}`,
    adminToken: settings.ADMIN_TOKEN ?? localAdminToken(settings.DATABASE_URL),
    demoWebhookSecret: `whsec_${base32(randomBytes(24))}`,
  });
  const deps = buildDeps(client, config, log, undefined, { stripe: createStripeGateway, demo: createDemoGateway });
  const publicDir = resolve(import.meta.dirname, '../public');
  const app = createApp(deps, {
    before: (a) => a.use('/api/devices/*', gzipDeviceJson()),
    mount: (a) =>
      a.use(
        '/*',
        serveStatic({
          root: publicDir.startsWith(process.cwd()) ? publicDir.slice(process.cwd().length + 1) || '.' : publicDir,
          // scripts/build-web.mjs writes .gz copies of the host app (its decoder is 1 MB raw, 450 KB gzip).
          precompressed: true,
        }),
      ),
  });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => ok(s));
  });
  port = (server.address() as AddressInfo).port;
  if (!settings.PUBLIC_URL) config.publicUrl = `http://127.0.0.1:${port}`;
  const seeded = options.seed === false ? null : await seedDemoEvent(deps);
  const every = options.jobsEvery ?? 15_000;
  const timer =
    every > 0
      ? setInterval(
          () =>
            runTimedWork(deps, { logIdle: false }).catch((e) =>
              log.error('timed work failed', { error: errorText(e) }),
            ),
          every,
        )
      : null;
  return {
    url: config.publicUrl,
    port,
    deps,
    app,
    seeded,
    async close() {
      if (timer) clearInterval(timer);
      await new Promise((ok) => server.close(ok));
      client.close();
    },
  };
}
