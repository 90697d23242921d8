import { mountOrganizerRoutes } from './organizer-routes';
import { settingsErrorResponse } from './settings-error';
import { type Built, type Env, type ExecutionContext, workerApp } from './worker-app';

/**
 * The organizer's Worker (wrangler.organizer.toml): the pages and API under /admin and /api/admin. It has no public
 * address of its own; the main Worker (src/worker.ts) hands it those requests through its ORGANIZER service
 * binding, unchanged (URL, cookies, bearer token), and it checks them as the one-process app does on Node.
 */
const build = workerApp([mountOrganizerRoutes]);

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
};
