import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pairingCodes, tickets } from '../../src/db/schema';
import { holdSeatVia, payVia } from '../flow';
import { createDinner, makeTestApp, type TestApp } from '../helpers';
import { decodeQrSvg } from '../qr-svg';
import { login } from './session';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const linkOf = (html: string) => /id="pair-link" readonly="" value="([^"]+)"/.exec(html)?.[1] ?? null;

async function sellTicket(i: number, extra: Record<string, string> = {}) {
  const { order, sessionId } = await holdSeatVia(t, i, 'dinner', extra);
  await payVia(t, sessionId);
  return (await t.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id) }))!;
}

async function pairWith(code: string) {
  return t.request('/api/devices/pair', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
}

describe('organizer: pairing phones and the check-in panel', () => {
  it('the event page has the pairing form; posting it shows a QR code and the one-time link as text', async () => {
    const event = await createDinner(t);
    const s = await login(t);
    const detail = await (await s.get(`/admin/events/${event.id}?lang=en`)).text();
    expect(detail).toContain(`action="/admin/events/${event.id}/pairings"`);
    expect(detail).toContain('<label for="deviceName">Name of the phone</label>');
    expect(detail).toContain(`href="/admin/events/${event.id}/checkin"`);

    const res = await s.post(`/admin/events/${event.id}/pairings`, { deviceName: 'Tür 1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('Kopplungslink für „Tür 1“');
    const link = linkOf(html)!;
    expect(link).toMatch(/^http:\/\/klick\.test\/host\/pair#[0-9a-z]{32}$/);
    // the QR on screen is the link: a phone's camera reads it back exactly
    expect(await decodeQrSvg(/<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '')).toEqual([link]);
    expect(html).toContain('nur einmal');

    const code = link.split('#')[1]!;
    const paired = await pairWith(code);
    expect(paired.status).toBe(201);
    expect(((await paired.json()) as { device: { name: string } }).device.name).toBe('Tür 1');
    expect((await pairWith(code)).status).toBe(410);
  });

  it('a blank name is refused on the form with a message, and no code is made', async () => {
    const event = await createDinner(t);
    const s = await login(t);
    const res = await s.post(`/admin/events/${event.id}/pairings`, { deviceName: '   ' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('Bitte gib einen Namen mit 1 bis 60 Zeichen ein.');
    expect(await t.deps.db.select().from(pairingCodes)).toHaveLength(0);
  });

  it('without the CSRF token no pairing link is made', async () => {
    const event = await createDinner(t);
    const s = await login(t);
    const res = await s.post(`/admin/events/${event.id}/pairings`, { deviceName: 'Door' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(await t.deps.db.select().from(pairingCodes)).toHaveLength(0);
  });

  it('the panel shows counts, each phone’s share and last seen, updates in place, and revokes a phone', async () => {
    const event = await createDinner(t);
    const ticket = await sellTicket(1);
    await sellTicket(2);
    const s = await login(t);
    const code = linkOf(await (await s.post(`/admin/events/${event.id}/pairings`, { deviceName: 'Door' })).text())!;
    const { token, device } = (await (await pairWith(code.split('#')[1]!)).json()) as {
      token: string;
      device: { id: string };
    };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const scan = await t.request('/api/devices/scans', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        scans: [{ nonce: 'nonce-0000000000000001', kind: 'entry', qr: ticket.qrSecret, deviceTime: t.clock.now() }],
      }),
    });
    expect(scan.status).toBe(200);

    const panel = await (await s.get(`/admin/events/${event.id}/checkin?lang=en`)).text();
    // live.js swaps the data-live parts every 10 s; a timed reload would fail WCAG 2.2.1
    expect(panel).not.toContain('http-equiv="refresh"');
    expect(panel).toContain('data-live-every="10"');
    expect(panel).toContain('<script src="/live.js" defer');
    expect(panel).toContain('Checked in 1 / paid 2');
    expect(panel).toMatch(
      /<td data-label="Phone">Door<\/td><td data-label="Checked in">1<\/td><td data-label="Share">100 %<\/td><td data-label="Last seen">\d\d:\d\d:\d\d<\/td><td data-label="State">Active<\/td>/,
    );

    const revoke = await s.post(`/admin/devices/${device.id}/revoke`, { event: event.id });
    expect(revoke.status).toBe(303);
    expect(revoke.headers.get('location')).toBe(`/admin/events/${event.id}/checkin?msg=revoked`);
    const after = await (await s.get(`/admin/events/${event.id}/checkin?msg=revoked&lang=en`)).text();
    expect(after).toContain('The phone is revoked');
    expect(after).toContain('<td data-label="State">Revoked</td>');
    expect((await t.request('/api/devices/me', { headers: auth })).status).toBe(401);
  });

  it('the panel lists who is still expected by name and company, without the checked-in and the refunded', async () => {
    const event = await createDinner(t);
    const zoe = await sellTicket(1, { name: 'Zoë Zander', company: 'Zett AG' });
    await sellTicket(2, { name: 'Ärne Anders', company: 'Alpha GmbH' });
    await sellTicket(3, { name: 'Bea Berg', company: 'Beta KG' });
    const refunded = await sellTicket(4, { name: 'Rita Refund', company: 'Rück AG' });
    expect((await t.adminJson(`/orders/${refunded.orderId}/refund`, 'POST')).status).toBe(200);
    const s = await login(t);
    const expectedRows = async (lang: string) => {
      const html = await (await s.get(`/admin/events/${event.id}/checkin?lang=${lang}`)).text();
      const table = /<table id="expected">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
      return {
        html,
        rows: [...table.matchAll(/<tr><td[^>]*>([^<]*)<\/td><td[^>]*>([^<]*)<\/td><\/tr>/g)].map((r) => [r[1], r[2]]),
      };
    };
    const de = await expectedRows('de');
    expect(de.html).toContain('<h2>Noch erwartet (3)</h2>');
    expect(de.html).toContain('<th>Gast</th><th>Firma</th>');
    // sorted as people read names: the umlaut sits with its letter
    expect(de.rows).toEqual([
      ['Ärne Anders', 'Alpha GmbH'],
      ['Bea Berg', 'Beta KG'],
      ['Zoë Zander', 'Zett AG'],
    ]);

    const code = linkOf(await (await s.post(`/admin/events/${event.id}/pairings`, { deviceName: 'Door' })).text())!;
    const { token } = (await (await pairWith(code.split('#')[1]!)).json()) as { token: string };
    const scan = await t.request('/api/devices/scans', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        scans: [{ nonce: 'nonce-0000000000000002', kind: 'entry', qr: zoe.qrSecret, deviceTime: t.clock.now() }],
      }),
    });
    expect(scan.status).toBe(200);
    const en = await expectedRows('en');
    expect(en.html).toContain('<h2>Still expected (2)</h2>');
    expect(en.html).toContain('<th>Guest</th><th>Company</th>');
    expect(en.rows.map((r) => r[0])).toEqual(['Ärne Anders', 'Bea Berg']);
  });

  it('when everyone is in, the panel says so', async () => {
    const event = await createDinner(t);
    const s = await login(t);
    const html = await (await s.get(`/admin/events/${event.id}/checkin?lang=en`)).text();
    expect(html).toContain('<h2>Still expected (0)</h2>');
    expect(html).toContain('Everyone who paid is checked in.');
    expect(html).not.toContain('id="expected"');
  });
});
