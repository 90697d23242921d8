import { Hono } from 'hono/tiny';
import { afterAll, describe, expect, it } from 'vitest';
import { mountGuestRoutes } from '../../src/guest-routes';
import type { AppEnv } from '../../src/lib/http';
import { isOrganizerPath } from '../../src/organizer-paths';
import { mountOrganizerRoutes } from '../../src/organizer-routes';
import { makeTestApp } from '../helpers';

// On Workers the main Worker hands a request to the organizer's Worker by its path alone (src/organizer-paths.ts).
// Every route the organizer's part mounts must be such a path, and no route of the guests' part may be one: it
// would be served on Node and never reached on Workers.
const t = await makeTestApp();
afterAll(() => t.close());

function paths(mount: (app: Hono<AppEnv>, deps: typeof t.deps) => void) {
  const app = new Hono<AppEnv>();
  mount(app, t.deps);
  return [...new Set(app.routes.map((r) => r.path.replace(/\/\*$/, '') || '/'))];
}

describe('the paths the main Worker hands to the organizer’s Worker', () => {
  it('are every route of the organizer’s part', () => {
    const organizer = paths(mountOrganizerRoutes);
    expect(organizer.length).toBeGreaterThan(30);
    expect(organizer.filter((p) => !isOrganizerPath(p))).toEqual([]);
  });

  it('are none of the guests’ and the door’s routes', () => {
    const guest = paths(mountGuestRoutes);
    expect(guest).toEqual(expect.arrayContaining(['/e/:slug', '/api/devices/roster']));
    expect(guest.filter(isOrganizerPath)).toEqual([]);
  });

  it('match whole path segments only', () => {
    for (const p of ['/admin', '/admin/', '/admin/events/x', '/api/admin', '/api/admin/events'])
      expect(isOrganizerPath(p), p).toBe(true);
    for (const p of ['/', '/administrator', '/api/adminx', '/e/admin', '/api/devices/roster', '/t/admin'])
      expect(isOrganizerPath(p), p).toBe(false);
  });
});
