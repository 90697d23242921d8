import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tickets } from '../../src/db/schema';
import { newToken } from '../../src/lib/crypto';
import { buildIcs } from '../../src/tickets/ics';
import { checkFolding } from '../exports/parse';
import { holdSeatVia, payVia } from '../flow';
import { createDinner, makeTestApp, type TestApp } from '../helpers';
import { decodeQrSvg } from '../qr-svg';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

async function paidTicket(extra: Record<string, string> = {}) {
  const { order, sessionId } = await holdSeatVia(t, 0, 'dinner', extra);
  await payVia(t, sessionId);
  return (await t.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id) }))!;
}

describe('ticket page', () => {
  it('shows the QR as SVG, the name, the grouped code and the time in the event zone', async () => {
    await createDinner(t);
    const ticket = await paidTicket();
    const res = await t.request(`/t/${ticket.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const html = await res.text();
    expect(html).toMatch(/<div class="qr"[^>]*><svg[^>]*viewBox/);
    expect(html).toContain('Guest 0');
    expect(html).toContain(ticket.qrSecret.match(/.{4}/g)!.join(' '));
    expect(html).toContain('19:00');
    expect(html).toContain('DEMO-TICKET');
  });

  it('renders a QR code that a decoder reads back as the ticket secret', async () => {
    await createDinner(t);
    const ticket = await paidTicket();
    const html = await (await t.request(`/t/${ticket.token}`)).text();
    const svg = /<div class="qr"[^>]*>(<svg[\s\S]*?<\/svg>)/.exec(html)?.[1] ?? '';
    expect(await decodeQrSvg(svg)).toEqual([ticket.qrSecret]);
  });

  it('answers 404 for wrong, malformed and unknown tokens', async () => {
    await createDinner(t);
    const ticket = await paidTicket();
    for (const token of ['nope', 'x'.repeat(32), newToken(), `${ticket.token}0`])
      expect((await t.request(`/t/${token}`)).status).toBe(404);
  });

  it('serves a calendar file a real iCalendar parser reads back', async () => {
    await createDinner(t, {
      title: 'Dinner; with, commas \\ and a very long title that must be folded across lines — Jörg & Łukasz 李小龙 🍷',
    });
    const ticket = await paidTicket();
    const res = await t.request(`/t/${ticket.token}/ticket.ics`);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const bytes = new Uint8Array(await res.clone().arrayBuffer());
    checkFolding(bytes);
    const text = await res.text();
    const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
    const ev = new ICAL.Event(vevent);
    expect(ev.summary).toBe(
      'Dinner; with, commas \\ and a very long title that must be folded across lines — Jörg & Łukasz 李小龙 🍷',
    );
    expect(ev.startDate.toJSDate().toISOString()).toBe('2026-12-03T18:00:00.000Z');
    expect(ev.endDate.toJSDate().toISOString()).toBe('2026-12-03T22:00:00.000Z');
    expect(ev.location).toBe('Hotel am Main, Mainkai 1, Frankfurt');
    expect(ev.uid).toBe(`${ticket.id}@klick`);
  });
});

describe('calendar file of a ticket that no longer counts', () => {
  const parse = async (token: string) => {
    const res = await t.request(`/t/${token}/ticket.ics`);
    expect(res.status).toBe(200);
    return new ICAL.Component(ICAL.parse(await res.text())).getFirstSubcomponent('vevent')!;
  };

  it('a refunded (void) ticket downloads the same entry as CANCELLED with a higher SEQUENCE', async () => {
    await createDinner(t);
    const ticket = await paidTicket();
    const before = await parse(ticket.token);
    expect(before.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(before.getFirstPropertyValue('sequence')).toBe(0);
    expect((await t.adminJson(`/orders/${ticket.orderId}/refund`, 'POST')).status).toBe(200);
    const after = await parse(ticket.token);
    expect(after.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(after.getFirstPropertyValue('sequence')).toBe(1);
    expect(after.getFirstPropertyValue('uid')).toBe(before.getFirstPropertyValue('uid'));
    expect(after.getFirstPropertyValue('dtstart')!.toString()).toBe(
      before.getFirstPropertyValue('dtstart')!.toString(),
    );
  });

  it('a ticket of a cancelled dinner downloads as CANCELLED too', async () => {
    const event = await createDinner(t);
    const ticket = await paidTicket();
    await t.adminJson(`/events/${event.id}/cancel`, 'POST');
    expect((await parse(ticket.token)).getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});

describe('buildIcs', () => {
  it('never splits a multi-byte character when folding', () => {
    const ics = buildIcs({
      uid: 'u',
      stampAt: 0,
      startsAt: 0,
      endsAt: 1000,
      title: 'ü🍷'.repeat(40),
      description: '',
      location: '',
      url: 'https://x',
    });
    checkFolding(ics);
    const summary = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!).summary;
    expect(summary).toBe('ü🍷'.repeat(40));
  });
});
