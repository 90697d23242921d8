import { Hono } from 'hono/tiny';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminApi, adminPages } from '../../src/admin/auth';
import { createApp } from '../../src/app';
import type { AppEnv } from '../../src/lib/http';
import { ADMIN_TOKEN, makeTestApp, ORIGIN, type TestApp } from '../helpers';
import { login } from './session';

/**
 * Every organizer route, read from the app's own route list, so a route added tomorrow is checked too: without
 * credentials each one refuses (401 on the API, the login page for pages), and with them the check runs once.
 * Public by design: the login form (GET /admin, which lists the dinners once logged in) and the login itself.
 */
const PUBLIC = ['GET /admin', 'POST /admin/login'];

type App = ReturnType<typeof createApp>;

function adminRoutes(app: App) {
  const seen = new Set<string>();
  const out: { method: string; path: string; key: string }[] = [];
  for (const r of app.routes) {
    const admin = r.path === '/admin' || r.path.startsWith('/admin/') || r.path.startsWith('/api/admin/');
    // catch-all middleware (`use`) is not a route; a route registered with all() is checked as a GET
    if (!admin || r.path.endsWith('/*')) continue;
    const method = r.method === 'ALL' ? 'GET' : r.method;
    const key = `${method} ${r.path}`;
    if (seen.has(key) || PUBLIC.includes(key)) continue;
    seen.add(key);
    out.push({ method, path: r.path, key });
  }
  return out;
}

const concrete = (path: string) => path.replace(/:[a-z]+/gi, 'x1notthere');

/** The routes that answer an anonymous request with anything but a refusal. */
async function unprotected(app: App) {
  const open: string[] = [];
  for (const r of adminRoutes(app)) {
    const api = r.path.startsWith('/api/');
    const res = await app.request(`${ORIGIN}${concrete(r.path)}`, {
      method: r.method,
      // a same-origin form post for pages, JSON for the API: only the missing credentials may refuse it
      headers: api
        ? { 'content-type': 'application/json' }
        : { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: r.method === 'GET' ? undefined : api ? '{}' : 'csrf=x',
    });
    const refused = api
      ? res.status === 401 && ((await res.json()) as { error: { code: string } }).error.code === 'unauthorized'
      : res.status === 303 && res.headers.get('location') === '/admin';
    if (!refused) open.push(`${r.key} → ${res.status}`);
  }
  return open;
}

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

describe('every admin route', () => {
  it('is found in the route list: the API and the pages, the exports included', () => {
    const keys = adminRoutes(t.app).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(30);
    for (const k of [
      'GET /api/admin/events',
      'POST /api/admin/events/:id/pairings',
      'GET /api/admin/events/:id/export.csv',
      'PATCH /api/admin/tickets/:id',
      'GET /admin/events/:id/contacts',
      'POST /admin/tickets/:id/table',
      'POST /admin/logout',
      // issue 8: waitlist, codes, passing seats on
      'GET /api/admin/events/:id/waitlist',
      'POST /api/admin/events/:id/waitlist/:entryId/offer',
      'POST /api/admin/events/:id/waitlist/:entryId/remove',
      'POST /api/admin/events/:id/codes',
      'GET /api/admin/events/:id/codes',
      'POST /api/admin/tickets/:id/transfer',
      'GET /api/admin/orders/:id/history',
      'GET /admin/events/:id/waitlist',
      'POST /admin/events/:id/waitlist/:entryId/offer',
      'POST /admin/events/:id/waitlist/:entryId/remove',
      'GET /admin/events/:id/codes',
      'POST /admin/events/:id/codes',
      'GET /admin/orders/:id',
      'POST /admin/orders/:id/transfer',
    ])
      expect(keys).toContain(k);
  });

  it('refuses a request without credentials: 401 on the API, the login page for pages', async () => {
    expect(await unprotected(t.app)).toEqual([]);
  });

  it('refuses a wrong bearer token and a wrong session cookie alike', async () => {
    for (const r of adminRoutes(t.app).filter((x) => x.method === 'GET')) {
      const api = r.path.startsWith('/api/');
      const res = await t.request(concrete(r.path), {
        headers: api ? { authorization: 'Bearer not-the-admin-token' } : { cookie: 'klick_admin=forged' },
      });
      expect(res.status, r.key).toBe(api ? 401 : 303);
    }
  });

  it('checks the bearer token once per API request, whatever router the route is on', async () => {
    let reads = 0;
    Object.defineProperty(t.deps.config, 'adminToken', {
      get: () => {
        reads++;
        return ADMIN_TOKEN;
      },
    });
    for (const r of adminRoutes(t.app).filter((x) => x.path.startsWith('/api/'))) {
      reads = 0;
      await t.request(concrete(r.path), {
        method: r.method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: r.method === 'GET' ? undefined : '{}',
      });
      expect(reads, r.key).toBe(1);
    }
  });

  it('looks the session up once per page request', async () => {
    const s = await login(t);
    const sessions = t.deps.db.query.adminSessions;
    const findFirst = sessions.findFirst.bind(sessions);
    let lookups = 0;
    sessions.findFirst = ((...args: Parameters<typeof findFirst>) => {
      lookups++;
      return findFirst(...args);
    }) as typeof sessions.findFirst;
    // logging out ends the session: last
    const pages = adminRoutes(t.app)
      .filter((x) => !x.path.startsWith('/api/'))
      .sort((a, b) => Number(a.path === '/admin/logout') - Number(b.path === '/admin/logout'));
    for (const r of pages) {
      lookups = 0;
      const res = r.method === 'GET' ? await s.get(concrete(r.path)) : await s.post(concrete(r.path));
      expect(res.status, r.key).not.toBe(500);
      expect(lookups, r.key).toBe(1);
    }
  });
});

describe('the check of this test', () => {
  it('finds a route that landed on a plain router, at either prefix', async () => {
    const app = createApp(t.deps, {
      mount: (a) => {
        const rogue = new Hono<AppEnv>();
        rogue.get('/events/:id/rogue', (c) => c.json({ leaked: true }));
        a.route('/api/admin', rogue);
        const page = new Hono<AppEnv>();
        page.post('/events/:id/rogue', (c) => c.text('done'));
        a.route('/admin', page);
      },
    });
    expect(await unprotected(app)).toEqual([
      'GET /api/admin/events/:id/rogue → 200',
      'POST /admin/events/:id/rogue → 200',
    ]);
  });

  it('and the guarded routers refuse a catch-all middleware, which would run for every router at the prefix', () => {
    expect(() => adminApi(t.deps).use('*', async (_c, next) => next())).toThrow(/catch-all/);
    expect(() => adminPages(t.deps).use(async (_c, next) => next())).toThrow(/catch-all/);
  });
});
