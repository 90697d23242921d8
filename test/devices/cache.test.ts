import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { buildDeps } from '../../src/build-deps';
import { openMigratedClient } from '../../src/db/migrate';
import { devices } from '../../src/db/schema';
import { silentLog } from '../../src/deps';
import { DEVICE_CACHE_MS } from '../../src/devices/service';
import { createDemoGateway } from '../../src/payments/demo-gateway';
import { createStripeGateway } from '../../src/payments/stripe-gateway';
import { type CheckinApp, makeCheckinApp, pairPhone } from '../checkin/setup';
import { createDinner, ORIGIN } from '../helpers';

let c: CheckinApp;
let closeOther: (() => void) | undefined;
afterEach(() => {
  closeOther?.();
  closeOther = undefined;
  c?.close();
});

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const me = async (res: Response) => ((await res.json()) as { device: { name: string } }).device.name;

/** A second instance on the same database file (another Node process, or another Worker isolate on Turso). */
async function otherInstance(t: CheckinApp) {
  const client = await openMigratedClient(`file:${t.dbPath}`);
  const deps = buildDeps(client, t.deps.config, silentLog, t.clock, {
    stripe: createStripeGateway,
    demo: createDemoGateway,
  });
  closeOther = () => client.close();
  const app = createApp(deps);
  return (path: string, token: string) =>
    app.request(`${ORIGIN}/api/devices${path}`, { headers: { authorization: `Bearer ${token}` } });
}

describe('device authentication from memory', () => {
  it('answers a known phone without reading its row again, for a few seconds', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const phone = await pairPhone(c, event.id, 'Door');
    expect(await me(await phone.get('/me'))).toBe('Door');
    // changed behind the app's back: the cached row answers until it is read again
    await c.deps.db.run(sql`UPDATE devices SET name = 'Renamed' WHERE id = ${phone.id}`);
    expect(await me(await phone.get('/me'))).toBe('Door');
    c.clock.advance(DEVICE_CACHE_MS);
    expect(await me(await phone.get('/me'))).toBe('Renamed');
  });

  it('a revocation refuses the phone at once on the instance that handled it, within seconds on another', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const phone = await pairPhone(c, event.id, 'Door');
    const elsewhere = await otherInstance(c);
    expect((await phone.get('/me')).status).toBe(200);
    expect((await elsewhere('/me', phone.token)).status).toBe(200);

    c.clock.advance(1000);
    expect((await c.admin(`/devices/${phone.id}/revoke`, 'POST')).status).toBe(200);
    const here = await phone.get('/roster');
    expect(here.status).toBe(401);
    expect(await errorCode(here)).toBe('device_revoked');

    // the other instance still trusts its memory, never longer than DEVICE_CACHE_MS after it read the row
    expect((await elsewhere('/me', phone.token)).status).toBe(200);
    c.clock.advance(DEVICE_CACHE_MS - 1000);
    const later = await elsewhere('/me', phone.token);
    expect(later.status).toBe(401);
    expect(await errorCode(later)).toBe('device_revoked');
  });

  it('a revoked or unknown token is never remembered as valid', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const phone = await pairPhone(c, event.id, 'Door');
    await c.admin(`/devices/${phone.id}/revoke`, 'POST');
    expect((await phone.get('/me')).status).toBe(401);
    await c.deps.db.update(devices).set({ revokedAt: null }).where(eq(devices.id, phone.id));
    // a refusal is not remembered: the row, un-revoked behind the app's back, is read again at once
    expect((await phone.get('/me')).status).toBe(200);
    const unknown = await c.request('/api/devices/me', { headers: { authorization: `Bearer ${'a'.repeat(32)}` } });
    expect(unknown.status).toBe(401);
    expect(await errorCode(unknown)).toBe('unauthorized');
  });
});
