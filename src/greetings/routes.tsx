import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Hono } from 'hono/tiny';
import { type AdminEnv, adminSession, requireAdminBearer } from '../admin/auth';
import type { Deps } from '../deps';
import { type DeviceEnv, requireDevice } from '../devices/auth';
import { AppError } from '../lib/errors';
import { type AppEnv, readJson } from '../lib/http';
import { getGreetingLog } from './log';
import { GreetingLogPage } from './page';
import { recordGreetings } from './record';
import { greetingBatchInput, MAX_GREETING_BODY_BYTES } from './schema';

/** Paired phones, mounted at /api/devices: the handshake log's writes, scoped to the phone's event. */
export function greetingDeviceRoutes(deps: Deps) {
  const r = new Hono<DeviceEnv>();
  r.post(
    '/greetings',
    bodyLimit({
      maxSize: MAX_GREETING_BODY_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', 'At most 64 KB of greetings per request.');
      },
    }),
    requireDevice(deps),
    async (c) => {
      const input = await readJson(c, greetingBatchInput);
      c.header('Cache-Control', 'no-store');
      return c.json(await recordGreetings(deps, c.get('device'), input));
    },
  );
  return r;
}

/** Organizer API, mounted at /api/admin (bearer ADMIN_TOKEN): the log as JSON. */
export function greetingAdminRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  // On the route, not r.use('*'): a catch-all here would run again for every other /api/admin route.
  r.get('/events/:id/greetings', requireAdminBearer(deps), async (c) => {
    const { log } = await getGreetingLog(deps, c.req.param('id'));
    c.header('Cache-Control', 'no-store');
    return c.json(log);
  });
  return r;
}

/** Organizer page, mounted at /admin: the same log for a logged-in organizer. */
export function greetingPageRoutes(deps: Deps) {
  const r = new Hono<AdminEnv>();
  // As page-routes.tsx's guard: no session → the login page. The page only reads, so no form is
  // checked here; the session's CSRF token goes to the layout's logout form.
  const guard: MiddlewareHandler<AdminEnv> = async (c, next) => {
    const session = await adminSession(deps, c);
    if (!session) return c.redirect('/admin', 303);
    c.set('csrfToken', session.csrfToken);
    await next();
  };
  r.get('/events/:id/greetings', guard, async (c) => {
    const { event, log } = await getGreetingLog(deps, c.req.param('id'));
    c.header('Cache-Control', 'no-store');
    const url = new URL(c.req.path, c.req.url).toString();
    return c.html(<GreetingLogPage lang={c.get('lang')} url={url} csrf={c.get('csrfToken')} event={event} log={log} />);
  });
  return r;
}
