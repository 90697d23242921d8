import { and, eq, gt, lt } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { Hono } from 'hono/tiny';
import { adminSessions } from '../db/schema';
import type { Deps } from '../deps';
import { constantTimeEqual, newToken, sha256Hex } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { type AppEnv, readForm } from '../lib/http';

const SESSION_MS = 12 * 60 * 60_000;

/**
 * What an admin route knows about its caller: `actor` for the export log ("api", or "session:<8 hex of the
 * session's hash>"), and on the organizer's pages the session's CSRF token and, for a POST, the checked form.
 */
export type AdminEnv = AppEnv & {
  Variables: AppEnv['Variables'] & { actor: string; csrfToken: string; form: Record<string, string> };
};

/** The bearer check of the JSON API, run once per request by the routers adminApi() makes. */
function requireAdminBearer(deps: Deps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token || !(await constantTimeEqual(token, deps.config.adminToken)))
      throw new AppError('unauthorized', 'A valid admin bearer token is required.');
    c.set('actor', 'api');
    await next();
  };
}

/** The organizer's pages: a live session, and on every POST the session's CSRF token in the form. */
function requireAdminSession(deps: Deps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const session = await adminSession(deps, c);
    if (!session) return c.redirect('/admin', 303);
    c.set('csrfToken', session.csrfToken);
    // A short piece of the session's hash tells two sessions apart in the export log; it opens nothing.
    c.set('actor', `session:${session.tokenHash.slice(0, 8)}`);
    if (c.req.method === 'POST') {
      const form = await readForm(c);
      await checkCsrf(session.csrfToken, form.csrf);
      c.set('form', form);
    }
    await next();
  };
}

const ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'all'] as const;

/**
 * A router whose every route has `guard` as its first handler, so the check belongs to the routes themselves.
 * A catch-all `use('*')` would not do: mounted at a shared prefix it runs for every router there, once per
 * router (the bearer check ran up to three times on one request), and a route on an unguarded router at the
 * same prefix would run without it. `use` is refused for the same reason.
 */
function guarded(guard: MiddlewareHandler<AdminEnv>): Hono<AdminEnv> {
  const r = new Hono<AdminEnv>();
  const router = r as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ROUTE_METHODS) {
    const add = router[method]!.bind(r);
    router[method] = (path: unknown, ...handlers: unknown[]) => {
      if (typeof path !== 'string') throw new Error('admin routes are added with a path');
      return add(path, guard, ...handlers);
    };
  }
  const on = router.on!.bind(r);
  router.on = (method: unknown, path: unknown, ...handlers: unknown[]) => on(method, path, guard, ...handlers);
  router.use = () => {
    throw new Error('admin routers take no catch-all middleware: put it on the route');
  };
  return r;
}

/**
 * THE way to declare JSON API routes under /api/admin: `const r = adminApi(deps); r.get(…)`, mounted with
 * `app.route('/api/admin', r)`. Each route answers 401 without the admin bearer token; the check runs once.
 */
export const adminApi = (deps: Deps) => guarded(requireAdminBearer(deps));

/**
 * THE way to declare organizer pages under /admin: a route without a live session redirects to the login page,
 * a POST without the session's CSRF token is refused (403) before its handler runs. Only the login routes
 * (admin/page-routes.tsx adminLoginRoutes) are outside it.
 */
export const adminPages = (deps: Deps) => guarded(requireAdminSession(deps));

const cookieName = (deps: Deps) => (deps.config.publicUrl.startsWith('https:') ? '__Host-klick_admin' : 'klick_admin');

/** Trades the admin token for a session cookie; the cookie's value is stored only as its hash. */
export async function startAdminSession(
  deps: Deps,
  c: Parameters<MiddlewareHandler>[0],
  token: string,
): Promise<boolean> {
  if (!token || !(await constantTimeEqual(token, deps.config.adminToken))) return false;
  const now = deps.clock.now();
  const session = newToken();
  await deps.db.delete(adminSessions).where(lt(adminSessions.expiresAt, now));
  await deps.db.insert(adminSessions).values({
    tokenHash: await sha256Hex(session),
    csrfToken: newToken(),
    createdAt: now,
    expiresAt: now + SESSION_MS,
  });
  setCookie(c, cookieName(deps), session, {
    path: '/',
    httpOnly: true,
    secure: deps.config.publicUrl.startsWith('https:'),
    sameSite: 'Strict',
    maxAge: SESSION_MS / 1000,
  });
  return true;
}

export async function endAdminSession(deps: Deps, c: Parameters<MiddlewareHandler>[0]) {
  const value = getCookie(c, cookieName(deps));
  if (value) await deps.db.delete(adminSessions).where(eq(adminSessions.tokenHash, await sha256Hex(value)));
  deleteCookie(c, cookieName(deps), { path: '/', secure: deps.config.publicUrl.startsWith('https:') });
}

/** Null when there is no live session. */
export async function adminSession(deps: Deps, c: Parameters<MiddlewareHandler>[0]) {
  const value = getCookie(c, cookieName(deps));
  if (!value) return null;
  const row = await deps.db.query.adminSessions.findFirst({
    where: and(eq(adminSessions.tokenHash, await sha256Hex(value)), gt(adminSessions.expiresAt, deps.clock.now())),
  });
  return row ?? null;
}

/** Page forms carry the session's CSRF token as well: SameSite alone is not trusted. */
export async function checkCsrf(expected: string, given: string | undefined) {
  if (!given || !(await constantTimeEqual(given, expected)))
    throw new AppError('csrf_failed', 'The form has expired. Please reload the page and try again.');
}
