import { createClient } from '@libsql/client/http';
import { createApp } from './app';
import { buildDeps } from './build-deps';
import { buildConfig, parseSettings } from './config';
import { consoleLog } from './deps';
import { runTimedWork } from './jobs';
import { base32, randomBytes } from './lib/crypto';

interface Env {
  ASSETS?: { fetch(req: Request): Promise<Response> };
  [key: string]: unknown;
}
interface ExecutionContext {
  waitUntil(p: Promise<unknown>): void;
  passThroughOnException(): void;
}

type Built = { app: ReturnType<typeof createApp>; deps: ReturnType<typeof buildDeps> };
let built: Built | null = null;

/** Built once per isolate: settings are fixed for a deployment. */
function build(env: Env, origin: string): Built {
  if (built) return built;
  const settings = parseSettings(env);
  const config = buildConfig(settings, {
    publicUrl: origin,
    // Without ADMIN_TOKEN nobody can log in: a random token nobody knows.
    adminToken: settings.ADMIN_TOKEN ?? base32(randomBytes(32)),
    // The demo never runs in production; in development its events are signed per isolate.
    demoWebhookSecret: `whsec_${base32(randomBytes(24))}`,
  });
  const client = createClient({ url: settings.DATABASE_URL, authToken: settings.DATABASE_AUTH_TOKEN });
  const deps = buildDeps(client, config, consoleLog);
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
  built = { app, deps };
  return built;
}

export default {
  fetch(req: Request, env: Env, ctx: ExecutionContext) {
    return build(env, new URL(req.url).origin).app.fetch(req, env, ctx as never);
  },
  async scheduled(_controller: unknown, env: Env, ctx: ExecutionContext) {
    const { deps } = build(env, String(env.PUBLIC_URL ?? 'http://localhost'));
    ctx.waitUntil(runTimedWork(deps));
  },
};
