import { createClient } from '@libsql/client/http';
import { createApp } from './app';
import { buildDeps } from './build-deps';
import { buildConfig, parseSettings } from './config';
import { consoleLog } from './deps';
import { runTimedWork } from './jobs';
import { bindingAssets } from './lib/assets';
import { base32, randomBytes } from './lib/crypto';
import { settingsErrorResponse } from './settings-error';

interface Env {
  ASSETS?: { fetch(req: Request): Promise<Response> };
  [key: string]: unknown;
}
interface ExecutionContext {
  waitUntil(p: Promise<unknown>): void;
  passThroughOnException(): void;
}

type Built = { app: ReturnType<typeof createApp>; deps: ReturnType<typeof buildDeps> };
const builds = new Map<string, Built>();

/**
 * Settings are fixed for a deployment, so the app is built once per isolate and public URL. PUBLIC_URL is
 * required in production (src/config.ts); without it (development) each request origin gets its own build, and
 * timed work uses one of those or an uncached localhost build, so a guessed origin is never kept for others.
 */
function build(env: Env, origin?: string): Built {
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
  const client = createClient({ url: settings.DATABASE_URL, authToken: settings.DATABASE_AUTH_TOKEN });
  const deps = buildDeps(client, config, consoleLog);
  if (env.ASSETS) deps.assets = bindingAssets(env.ASSETS);
  const app = createApp(deps, {
    mount: (a) => {
      // Asset responses have immutable headers; a copy lets the secure-headers middleware add its own.
      if (env.ASSETS)
        a.get('/*', async (c) => {
          const res = await env.ASSETS!.fetch(c.req.raw);
          return new Response(res.body, res);
        });
    },
  });
  const built = { app, deps };
  if (key) builds.set(key, built);
  return built;
}

export default {
  fetch(req: Request, env: Env, ctx: ExecutionContext) {
    let built: Built;
    try {
      built = build(env, new URL(req.url).origin);
    } catch (err) {
      return settingsErrorResponse(req, err);
    }
    return built.app.fetch(req, env, ctx as never);
  },
  async scheduled(_controller: unknown, env: Env, ctx: ExecutionContext) {
    let built: Built;
    try {
      built = build(env);
    } catch (err) {
      // the same cause the pages show, in `wrangler tail`; the run still fails, so the dashboard shows it too
      settingsErrorResponse(new Request('http://cron.invalid/api/'), err);
      throw err;
    }
    ctx.waitUntil(runTimedWork(built.deps));
  },
};
