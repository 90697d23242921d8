import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../src/deps';
import { GZIP_MIN_BYTES, startServer } from '../../src/server';
import { buyerForm } from '../helpers';

const ADMIN = 'gzip-test-admin-token-0123456789';
let server: Awaited<ReturnType<typeof startServer>>;
let dir = '';
let auth = '';

/** The bytes as they cross the wire: node:http does not decode, unlike fetch. */
function get(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((ok, fail) => {
    const req = request(`${server.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'klick-gzip-'));
  server = await startServer({
    env: { DATABASE_URL: `file:${join(dir, 'k.db')}`, PORT: '0', ENVIRONMENT: 'test', ADMIN_TOKEN: ADMIN },
    jobsEvery: 0,
    seed: false,
    log: silentLog,
  });
  const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const startsAt = Date.now() + 30 * 86_400_000;
  const event = (await (
    await fetch(`${server.url}/api/admin/events`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        slug: 'gzip-dinner',
        title: 'Gzip Dinner',
        venue: 'Hotel',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 3_600_000).toISOString(),
        timezone: 'Europe/Berlin',
        priceCents: 5000,
        currency: 'EUR',
        capacity: 20,
      }),
    })
  ).json()) as { id: string };
  for (let i = 0; i < 8; i++) {
    const post = (path: string, body?: URLSearchParams) =>
      fetch(new URL(path, server.url), {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const hold = await post('/e/gzip-dinner/checkout', new URLSearchParams(buyerForm(i)));
    expect((await post(`${hold.headers.get('location')}/pay`)).status).toBe(303);
  }
  const pairing = await fetch(`${server.url}/api/admin/events/${event.id}/pairings`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ deviceName: 'Door' }),
  });
  const { code } = (await pairing.json()) as { code: string };
  const paired = await fetch(`${server.url}/api/devices/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  auth = `Bearer ${((await paired.json()) as { token: string }).token}`;
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Node gzips the device API’s JSON', () => {
  it('sends the roster gzipped when the phone accepts it, and as it is when not', async () => {
    const plain = await get('/api/devices/roster', { authorization: auth });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(GZIP_MIN_BYTES);
    const roster = JSON.parse(plain.body.toString()) as { tickets: unknown[] };
    expect(roster.tickets).toHaveLength(8);

    const zipped = await get('/api/devices/roster', { authorization: auth, 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(zipped.headers['cache-control']).toBe('no-store');
    expect(zipped.headers['x-content-type-options']).toBe('nosniff');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(JSON.parse(gunzipSync(zipped.body).toString())).toEqual({ ...roster, cursor: expect.any(String) });

    for (const accept of ['gzip;q=0, *', 'identity', 'br']) {
      const refused = await get('/api/devices/roster', { authorization: auth, 'accept-encoding': accept });
      expect(refused.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(refused.body.toString())).toMatchObject({ tickets: roster.tickets });
    }
    const wildcard = await get('/api/devices/roster', { authorization: auth, 'accept-encoding': 'br;q=1.0, *;q=0.5' });
    expect(wildcard.headers['content-encoding']).toBe('gzip');
  });

  it('leaves small answers and errors uncompressed but intact', async () => {
    const me = await get('/api/devices/me', { authorization: auth, 'accept-encoding': 'gzip' });
    expect(me.status).toBe(200);
    expect(me.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(me.body.toString())).toMatchObject({ device: { name: 'Door' } });
    const denied = await get('/api/devices/roster', { authorization: 'Bearer nope', 'accept-encoding': 'gzip' });
    expect(denied.status).toBe(401);
    expect(JSON.parse(denied.body.toString())).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
