import { Hono } from 'hono/tiny';
import type { Deps } from '../deps';
import { type DeviceEnv, requireDevice } from '../devices/auth';
import { limitBody } from '../lib/body-limit';
import { readJson, validate } from '../lib/http';
import { getRoster } from './roster';
import { recordScans } from './scans';
import { MAX_SCAN_BODY_BYTES, rosterQuery, scanBatchInput } from './schema';

/** Check-in API for paired phones, mounted at /api/devices; every answer is scoped to the phone's event. */
export function checkinRoutes(deps: Deps) {
  const r = new Hono<DeviceEnv>();
  r.get('/roster', requireDevice(deps), async (c) => {
    const { since } = validate(rosterQuery, c.req.query());
    c.header('Cache-Control', 'no-store');
    return c.json(await getRoster(deps, c.get('device').eventId, since));
  });
  r.post(
    '/scans',
    limitBody(MAX_SCAN_BODY_BYTES, 'At most 64 KB of scans per request.'),
    requireDevice(deps),
    async (c) => {
      const input = await readJson(c, scanBatchInput);
      c.header('Cache-Control', 'no-store');
      return c.json(await recordScans(deps, c.get('device'), input));
    },
  );
  return r;
}
