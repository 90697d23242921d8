import { Hono } from 'hono/tiny';
import { adminApi } from '../admin/auth';
import { getCheckinStats } from '../checkin/stats';
import type { Deps } from '../deps';
import { getEvent } from '../events/service';
import { readJson } from '../lib/http';
import * as z from '../lib/validation';
import { type DeviceEnv, requireDevice } from './auth';
import { deviceName } from './schema';
import { createPairing, getDeviceContext, listDevices, pairDevice, revokeDevice } from './service';

const pairingInput = z.strictObject({ deviceName });
const pairInput = z.strictObject({ code: z.string().check(z.minLength(1), z.maxLength(100)) });

/** Organizer side, mounted at /api/admin: pairing codes, the event's phones, check-in stats. */
export function deviceAdminRoutes(deps: Deps) {
  const r = adminApi(deps);
  r.post('/events/:id/pairings', async (c) => {
    const { deviceName } = await readJson(c, pairingInput);
    c.header('Cache-Control', 'no-store');
    return c.json(await createPairing(deps, { eventId: c.req.param('id'), deviceName }), 201);
  });
  r.get('/events/:id/devices', async (c) => c.json({ devices: await listDevices(deps, c.req.param('id')) }));
  r.post('/devices/:id/revoke', async (c) => c.json({ device: await revokeDevice(deps, c.req.param('id')) }));
  r.get('/events/:id/checkin', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    return c.json(await getCheckinStats(deps, event.id));
  });
  return r;
}

/** Phone side, mounted at /api/devices: pairing (no token yet) and who-am-I. */
export function deviceRoutes(deps: Deps) {
  const r = new Hono<DeviceEnv>();
  r.post('/pair', async (c) => {
    const paired = await pairDevice(deps, await readJson(c, pairInput));
    c.header('Cache-Control', 'no-store');
    return c.json(paired, 201);
  });
  r.get('/me', requireDevice(deps), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await getDeviceContext(deps, c.get('device')));
  });
  return r;
}
