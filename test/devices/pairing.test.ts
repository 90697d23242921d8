import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { devices, pairingCodes } from '../../src/db/schema';
import { LAST_SEEN_EVERY_MS, PAIRING_TTL_MS } from '../../src/devices/service';
import { sha256Hex } from '../../src/lib/crypto';
import { type CheckinApp, makeCheckinApp, pairPhone, phoneClient } from '../checkin/setup';
import { createDinner, ORIGIN, T0 } from '../helpers';

let c: CheckinApp;
afterEach(() => c?.close());

async function newCode(eventId: string, deviceName = 'Door phone') {
  const res = await c.admin(`/events/${eventId}/pairings`, 'POST', { deviceName });
  expect(res.status).toBe(201);
  return (await res.json()) as { code: string; url: string; expiresAt: number };
}
const pair = (code: string) =>
  c.request('/api/devices/pair', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('pairing a phone', () => {
  it('gives a one-time link with the code in the fragment, valid for 10 minutes', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const { code, url, expiresAt } = await newCode(event.id);
    expect(url).toBe(`${ORIGIN}/host/pair#${code}`);
    expect(expiresAt).toBe(T0 + PAIRING_TTL_MS);
    expect(code).toMatch(/^[0-9a-z]{32}$/);
    const row = (await c.deps.db.select().from(pairingCodes))[0]!;
    expect(row.codeHash).toBe(await sha256Hex(code));
    expect(JSON.stringify(row)).not.toContain(code);
  });

  it('creates one device with a hashed token; the second use of the code is 410 pairing_used', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const { code } = await newCode(event.id, 'Anna’s phone');
    const res = await pair(code);
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      token: string;
      device: { id: string; name: string };
      event: Record<string, unknown>;
    };
    expect(body.device.name).toBe('Anna’s phone');
    expect(body.event).toMatchObject({ id: event.id, title: event.title, timezone: 'Europe/Berlin' });
    expect(body.event).not.toHaveProperty('capacity');
    const rows = await c.deps.db.select().from(devices);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(await sha256Hex(body.token));
    expect(JSON.stringify(rows)).not.toContain(body.token);

    const again = await pair(code);
    expect(again.status).toBe(410);
    expect(await errorCode(again)).toBe('pairing_used');
    expect((await c.countRows()).devices).toBe(1);
  });

  it('two phones racing for one code give exactly one device', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const { code } = await newCode(event.id);
    const answers = await Promise.all([pair(code), pair(code), pair(code)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 410, 410]);
    expect((await c.countRows()).devices).toBe(1);
  });

  it('refuses an expired code with 410 pairing_expired and an unknown one with 404', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const { code } = await newCode(event.id);
    c.clock.advance(PAIRING_TTL_MS);
    const late = await pair(code);
    expect(late.status).toBe(410);
    expect(await errorCode(late)).toBe('pairing_expired');
    const unknown = await pair('0123456789abcdefghjkmnpqrstvwxyz');
    expect(unknown.status).toBe(404);
    expect((await c.countRows()).devices).toBe(0);
  });

  it('accepts a code still inside its 10 minutes, typed in upper case', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const { code } = await newCode(event.id);
    c.clock.advance(PAIRING_TTL_MS - 1);
    expect((await pair(code.toUpperCase())).status).toBe(201);
  });

  it('validates the admin and device input and requires the admin token', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    expect((await c.admin(`/events/${event.id}/pairings`, 'POST', { deviceName: '' })).status).toBe(400);
    expect((await c.admin(`/events/${event.id}/pairings`, 'POST', { deviceName: 'x', role: 'admin' })).status).toBe(
      400,
    );
    expect((await c.admin('/events/nope/pairings', 'POST', { deviceName: 'x' })).status).toBe(404);
    const anon = await c.request(`/api/admin/events/${event.id}/pairings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceName: 'x' }),
    });
    expect(anon.status).toBe(401);
    const { code } = await newCode(event.id);
    const extra = await c.request('/api/devices/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, name: 'mine' }),
    });
    expect(extra.status).toBe(400);
    expect((await c.countRows()).pairings).toBe(1);
    expect((await c.countRows()).devices).toBe(0);
  });
});

describe('device token', () => {
  it('answers /me for a paired phone and 401 without or with a wrong token', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const phone = await pairPhone(c, event.id, 'Door');
    const me = await phone.get('/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ device: { id: phone.id, name: 'Door' }, event: { id: event.id } });
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect((await c.request('/api/devices/me')).status).toBe(401);
    const wrong = await phoneClient(c, 'abcdefghjkmnpqrstvwxyz0123456789').get('/me');
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('unauthorized');
  });

  it('records lastSeenAt, writing at most every few seconds', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const phone = await pairPhone(c, event.id, 'Door');
    const seen = async () => (await c.deps.db.query.devices.findFirst({ where: eq(devices.id, phone.id) }))!.lastSeenAt;
    expect(await seen()).toBeNull();
    await phone.get('/me');
    expect(await seen()).toBe(T0);
    c.clock.advance(1000);
    await phone.get('/roster');
    expect(await seen()).toBe(T0);
    c.clock.advance(LAST_SEEN_EVERY_MS);
    await phone.get('/roster');
    expect(await seen()).toBe(T0 + 1000 + LAST_SEEN_EVERY_MS);
  });

  it('refuses a revoked phone at once with 401 device_revoked; the organizer sees it in the list', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const phone = await pairPhone(c, event.id, 'Door');
    const other = await pairPhone(c, event.id, 'Bar');
    await phone.scan([{ qr: 'ABCDEFGHJKMNPQRSTVWXYZ01' }]);
    expect((await phone.get('/roster')).status).toBe(200);

    c.clock.advance(5000);
    const revoked = await c.admin(`/devices/${phone.id}/revoke`, 'POST');
    expect(revoked.status).toBe(200);
    for (const res of [
      await phone.get('/me'),
      await phone.get('/roster'),
      await phone.post('/scans', {
        scans: [{ nonce: 'x'.repeat(20), kind: 'entry', qr: 'ABCDEFGHJKMNPQRSTVWXYZ01', deviceTime: T0 }],
      }),
    ]) {
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('device_revoked');
    }
    expect((await other.get('/me')).status).toBe(200);
    expect((await c.countRows()).scans).toBe(1);

    const list = (await (await c.admin(`/events/${event.id}/devices`)).json()) as {
      devices: Record<string, unknown>[];
    };
    expect(list.devices).toEqual([
      expect.objectContaining({
        id: phone.id,
        name: 'Door',
        createdAt: T0,
        lastSeenAt: T0,
        revokedAt: T0 + 5000,
        scans: 1,
      }),
      expect.objectContaining({ id: other.id, name: 'Bar', revokedAt: null, scans: 0 }),
    ]);
    expect((await c.admin('/devices/nope/revoke', 'POST')).status).toBe(404);
  });
});
