/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * The production runtime's jobs at and after the dinner, inside workerd over HTTP to the database: a phone paired
 * by the organizer checks guests in and greets them, the organizer exports the contacts guests agreed to share,
 * and a guest erases their data.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, buyTicket, createDinner, db, ORIGIN } from './guests';

let seq = 0;
const nonce = () => `wk${String(++seq).padStart(4, '0')}-${crypto.randomUUID().replace(/-/g, '')}`;

async function pairPhone(eventId: string) {
  const code = await SELF.fetch(`${ORIGIN}/api/admin/events/${eventId}/pairings`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ deviceName: 'Door phone' }),
  });
  expect(code.status).toBe(201);
  const paired = await SELF.fetch(`${ORIGIN}/api/devices/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: ((await code.json()) as { code: string }).code }),
  });
  expect(paired.status).toBe(201);
  const { token } = (await paired.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const res = await SELF.fetch(`${ORIGIN}/api/devices${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { results: { result: string; name?: string }[] }).results;
  };
  return {
    scan: (qr: string) => post('/scans', { scans: [{ nonce: nonce(), kind: 'entry', qr, deviceTime: Date.now() }] }),
    greet: (ticketId: string) =>
      post('/greetings', { greetings: [{ nonce: nonce(), kind: 'greet', ticketId, deviceTime: Date.now() }] }),
    roster: async () => {
      const res = await SELF.fetch(`${ORIGIN}/api/devices/roster`, { headers });
      expect(res.status).toBe(200);
      return ((await res.json()) as { tickets: { id: string; checkedInAt: number | null }[] }).tickets;
    },
  };
}

describe('the door and the room in workerd', () => {
  it('a paired phone checks guests in by QR and greets them; a second scan is already checked in', async () => {
    const dinner = await createDinner('Door Dinner');
    const anna = await buyTicket(dinner.slug, { name: 'Anna Door', email: 'anna.door@example.com' });
    const ben = await buyTicket(dinner.slug, { name: 'Ben Late', email: 'ben.late@example.com' });
    const phone = await pairPhone(dinner.id);

    expect(await phone.scan(anna.qr)).toMatchObject([{ result: 'ok', name: 'Anna Door' }]);
    expect(await phone.scan(anna.qr)).toMatchObject([{ result: 'already_checked_in' }]);
    expect(await phone.scan('0123456789ABCDEFGHJKMNPQ')).toMatchObject([{ result: 'unknown' }]);
    const roster = await phone.roster();
    expect(roster.find((t) => t.id === anna.ticketId)?.checkedInAt).toEqual(expect.any(Number));
    expect(roster.find((t) => t.id === ben.ticketId)?.checkedInAt).toBeNull();

    expect(await phone.greet(anna.ticketId)).toMatchObject([{ result: 'ok' }]);
    expect(await phone.greet(anna.ticketId)).toMatchObject([{ result: 'already_greeted' }]);
    expect(await phone.greet(ben.ticketId)).toMatchObject([{ result: 'not_checked_in' }]);

    const client = db();
    const stored = await client.execute({
      sql: `SELECT (SELECT count(*) FROM scans WHERE event_id = ?1) AS scans,
              (SELECT count(*) FROM greetings WHERE event_id = ?1 AND kind = 'greet') AS greets`,
      args: [dinner.id],
    });
    client.close();
    // append-only: every scan and greeting is a row, with its verdict
    expect(stored.rows[0]).toMatchObject({ scans: 3, greets: 3 });
  });

  it('the export holds contact details only of the guests who agreed to share them with the host', async () => {
    const dinner = await createDinner('Export Dinner');
    await buyTicket(dinner.slug, { name: 'Clara Shares', email: 'clara@example.com', consentHost: true });
    await buyTicket(dinner.slug, { name: 'Dirk Private', email: 'dirk@example.com' });
    const res = await SELF.fetch(`${ORIGIN}/api/admin/events/${dinner.id}/export.csv`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = await res.text();
    expect(csv).toContain('Clara Shares');
    expect(csv).toContain('clara@example.com');
    // the organizer knows who came; the details of a guest who did not agree stay out
    expect(csv.split('\r\n').find((l: string) => l.startsWith('Dirk Private'))).toBe('Dirk Private,,,,,,,,,,no');
    expect(csv).not.toContain('dirk@example.com');
    const log = await SELF.fetch(`${ORIGIN}/api/admin/events/${dinner.id}/export-log`, { headers: admin });
    expect(JSON.stringify(await log.json())).toContain('csv');
  });

  it('a guest erases their data: gone from the ticket, the order and the export', async () => {
    const dinner = await createDinner('Erase Dinner');
    const eva = await buyTicket(dinner.slug, { name: 'Eva Erase', email: 'eva.erase@example.com', consentHost: true });
    const form = await SELF.fetch(`${ORIGIN}/t/${eva.token}/delete`);
    expect(form.status).toBe(200);
    const erased = await SELF.fetch(`${ORIGIN}/t/${eva.token}/delete`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: 'confirm=yes',
    });
    expect(erased.status).toBe(303);

    const client = db();
    const rows = await client.execute({
      sql: `SELECT t.name, t.email, t.anonymized_at, o.email AS order_email
            FROM tickets t JOIN orders o ON o.id = t.order_id WHERE t.id = ?`,
      args: [eva.ticketId],
    });
    client.close();
    const row = rows.rows[0]!;
    expect(JSON.stringify(row)).not.toMatch(/Eva|eva\.erase/);
    expect(row.anonymized_at).toEqual(expect.any(Number));
    const csv = await (
      await SELF.fetch(`${ORIGIN}/api/admin/events/${dinner.id}/export.csv`, { headers: admin })
    ).text();
    expect(csv).not.toContain('Eva');
  });
});
