import { createClient } from '@libsql/client/http';
import { type AppOptions, createBaseApp, type MountRoutes } from './app-base';
import { buildDeps } from './build-deps';
import { buildConfig, parseSettings } from './config';
import { consoleLog } from './deps';
import { base32, randomBytes } from './lib/crypto';
import { createRemoteGateway, type PaymentsBinding } from './payments/remote-gateway';

export interface Env {
  ASSETS?: { fetch(req: Request): Promise<Response> };
  /** the main Worker's service binding to the organizer's Worker (wrangler.toml [[services]]) */
  ORGANIZER?: { fetch(req: Request): Promise<Response> };
  /** both Workers' service binding to the payments Worker, the one that bundles the stripe SDK */
  PAYMENTS?: PaymentsBinding;
  [key: string]: unknown;
}
export interface ExecutionContext {
  waitUntil(p: Promise<unknown>): void;
  passThroughOnException(): void;
}

export type Built = { app: ReturnType<typeof createBaseApp>; deps: ReturnType<typeof buildDeps> };

const NO_PAYMENTS =
  'PAYMENTS: the service binding to the payments Worker is missing. Deploy it first ' +
  '(`npx wrangler deploy -c wrangler.payments.toml`) and keep [[services]] PAYMENTS in this Worker’s wrangler file.';

/**
 * One Worker's app builder (the main Worker's and the organizer's each bundle only their own routes). Settings are
 * fixed for a deployment, so the app is built once per isolate and public URL. PUBLIC_URL is required in
 * production (src/config.ts); without it (development) each request origin gets its own build, and timed work uses
 * one of those or an uncached localhost build, so a guessed origin is never kept for others.
 */
export function workerApp(routes: MountRoutes[]) {
  const builds = new Map<string, Built>();
  return function build(env: Env, origin?: string): Built {
    const key = (env.PUBLIC_URL as string | undefined) || origin;
    const cached = key ? builds.get(key) : builds.values().next().value;
    if (cached) return cached;
    const settings = parseSettings(env);
    const config = buildConfig(settings, {
      publicUrl: key ?? 'http://localhost',
      // Without ADMIN_TOKEN nobody can log in: a random token nobody knows.
      adminToken: settings.ADMIN_TOKEN ?? base32(randomBytes(32)),
      // The demo never runs in production; in development its events are signed per isolate.
      demoWebhookSecret: `whsec_${base32(randomBytes(24))}`,
    });
    if (config.stripe && !env.PAYMENTS) throw new Error(NO_PAYMENTS);
    const client = createClient({ url: settings.DATABASE_URL, authToken: settings.DATABASE_AUTH_TOKEN });
    const payments = env.PAYMENTS;
    const deps = buildDeps(client, config, consoleLog, undefined, {
      stripe: payments ? () => createRemoteGateway(payments) : undefined,
    });
    const options: AppOptions = {
      mount: (a) => {
        // Asset responses have immutable headers; a copy lets the secure-headers middleware add its own.
        if (env.ASSETS)
          a.get('/*', async (c) => {
            const res = await env.ASSETS!.fetch(c.req.raw);
            return new Response(res.body, res);
          });
      },
    };
    const built = { app: createBaseApp(deps, routes, options), deps };
    if (key) builds.set(key, built);
    return built;
  };
}
