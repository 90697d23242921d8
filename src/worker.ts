import { mountGuestRoutes } from './guest-routes';
import { runTimedWork } from './jobs';
import { isOrganizerPath } from './organizer-paths';
import { settingsErrorResponse } from './settings-error';
import { type Built, type Env, type ExecutionContext, workerApp } from './worker-app';

/**
 * The main Worker: guests, the door and the cron. The organizer's pages and API (/admin, /api/admin) run in the
 * organizer's Worker (src/organizer-worker.ts, wrangler.organizer.toml), reached through the ORGANIZER service
 * binding, so that each Worker carries only its own code (README, "Deploying to Cloudflare Workers").
 */
const build = workerApp([mountGuestRoutes]);

const NO_ORGANIZER =
  'ORGANIZER: the service binding to the organizer’s Worker is missing. Deploy it first ' +
  '(`npx wrangler deploy -c wrangler.organizer.toml`) and keep [[services]] ORGANIZER in wrangler.toml.';

export default {
  fetch(req: Request, env: Env, ctx: ExecutionContext) {
    const url = new URL(req.url);
    if (isOrganizerPath(url.pathname))
      return env.ORGANIZER ? env.ORGANIZER.fetch(req) : settingsErrorResponse(req, new Error(NO_ORGANIZER));
    let built: Built;
    try {
      built = build(env, url.origin);
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
