import { and, eq, gt, lt } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { adminSessions } from '../db/schema';
import type { Deps } from '../deps';
import { constantTimeEqual, newToken, sha256Hex } from '../lib/crypto';
import { AppError } from '../lib/errors';
import type { AppEnv } from '../lib/http';

const SESSION_MS = 12 * 60 * 60_000;

export type AdminEnv = AppEnv & { Variables: AppEnv['Variables'] & { csrfToken: string } };

export function requireAdminBearer(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token || !(await constantTimeEqual(token, deps.config.adminToken)))
      throw new AppError('unauthorized', 'A valid admin bearer token is required.');
    await next();
  };
}

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
