import { afterEach, describe, expect, it } from 'vitest';
import { login } from '../admin/session';
import { type CheckinApp, makeCheckinApp } from '../checkin/setup';
import { T0 } from '../helpers';
import { dinnerWithGuests, greet } from './setup';

let c: CheckinApp;
afterEach(() => c?.close());
const MIN = 60_000;
const S = 1000;

/**
 * Six paid guests: 0–3 checked in; 0, 1, 2 greeted 5 s apart (Anna, Ben, Anna; Ben greets 0 again);
 * 3 checked in and missed; 4 and 5 never came; 5's seat is refunded, so it is no guest at all.
 */
async function evening() {
  c = await makeCheckinApp();
  const d = await dinnerWithGuests(c, 6);
  expect((await c.adminJson(`/orders/${d.sold[5]!.orderId}/refund`, 'POST')).status).toBe(200);
  c.clock.set(T0 + 30 * MIN);
  await d.door.scan(d.sold.slice(0, 4).map((t, i) => ({ qr: t.qrSecret, deviceTime: T0 + i * MIN })));
  const round = T0 + 20 * MIN;
  await greet(c, d.anna, [{ ticketId: d.sold[0]!.id, deviceTime: round }]);
  await greet(c, d.ben, [
    { ticketId: d.sold[1]!.id, deviceTime: round + 5 * S },
    { ticketId: d.sold[0]!.id, deviceTime: round + 7 * S },
  ]);
  await greet(c, d.anna, [{ ticketId: d.sold[2]!.id, deviceTime: round + 10 * S }]);
  return { ...d, round };
}

describe('the organizer’s handshake log (JSON)', () => {
  it('holds the timeline, the second greetings, duration, seconds per guest, who was missed and the no-shows', async () => {
    const { event, sold, round } = await evening();
    const res = await c.adminJson(`/events/${event.id}/greetings`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const log = await res.json();
    expect(log).toEqual({
      eventId: event.id,
      timezone: 'Europe/Berlin',
      counts: { paid: 5, present: 4, checkedIn: 4, greeted: 3 },
      timeline: [
        {
          ticketId: sold[0]!.id,
          name: 'Guest 0',
          company: 'Company 0',
          greetedAt: round,
          greetedBy: 'Anna',
          checkedInAt: T0,
        },
        {
          ticketId: sold[1]!.id,
          name: 'Guest 1',
          company: 'Company 1',
          greetedAt: round + 5 * S,
          greetedBy: 'Ben',
          checkedInAt: T0 + MIN,
        },
        {
          ticketId: sold[2]!.id,
          name: 'Guest 2',
          company: 'Company 2',
          greetedAt: round + 10 * S,
          greetedBy: 'Anna',
          checkedInAt: T0 + 2 * MIN,
        },
      ],
      duplicates: [
        {
          ticketId: sold[0]!.id,
          name: 'Guest 0',
          greetedAt: round + 7 * S,
          greetedBy: 'Ben',
          firstAt: round,
          firstBy: 'Anna',
        },
      ],
      firstAt: round,
      lastAt: round + 10 * S,
      durationSeconds: 10,
      secondsPerGuest: 5,
      checkedInNotGreeted: [
        { ticketId: sold[3]!.id, name: 'Guest 3', company: 'Company 3', checkedInAt: T0 + 3 * MIN },
      ],
      noShows: [{ ticketId: sold[4]!.id, name: 'Guest 4', company: 'Company 4', checkedInAt: null }],
    });
    const stats = (await (await c.adminJson(`/events/${event.id}`)).json()) as { stats: { greeted: number } };
    expect(stats.stats.greeted).toBe(3);
  });

  it('an empty evening has no duration and no rate; an unknown event is 404; no bearer is 401', async () => {
    c = await makeCheckinApp();
    const { event } = await dinnerWithGuests(c, 1);
    const log = await (await c.adminJson(`/events/${event.id}/greetings`)).json();
    expect(log).toMatchObject({ timeline: [], firstAt: null, durationSeconds: null, secondsPerGuest: null });
    expect((await c.adminJson('/events/nosuchevent0/greetings')).status).toBe(404);
    expect((await c.request(`/api/admin/events/${event.id}/greetings`)).status).toBe(401);
  });
});

describe('the organizer’s handshake log page', () => {
  it('shows the timeline, the missed guest and the no-shows to a logged-in organizer, in German and English', async () => {
    const { event } = await evening();
    const s = await login(c);
    const de = await s.get(`/admin/events/${event.id}/greetings?lang=de`);
    expect(de.status).toBe(200);
    expect(de.headers.get('cache-control')).toBe('no-store');
    const html = await de.text();
    expect(html).toMatch(/<title>Begrüßungsprotokoll · Network Dinner Frankfurt[^<]*<\/title>/);
    // 10:20:00 UTC is 11:20:00 in Berlin: times to the second, in the event's zone
    expect(html).toContain('11:20:00');
    expect(html).toContain('1 Gast ist eingecheckt, aber nicht begrüßt.');
    for (const name of ['Guest 0', 'Guest 1', 'Guest 2', 'Guest 3', 'Guest 4']) expect(html).toContain(name);
    expect(html).not.toContain('Guest 5');
    expect(html).toContain('5,0 s');
    // The no-shows never checked in: their table has no check-in column (it could only say "–").
    const noShows = html.slice(html.indexOf('Nicht erschienen'), html.indexOf('Zweite Begrüßungen'));
    expect(noShows).toContain('Guest 4');
    expect(noShows).not.toContain('Eingecheckt');
    expect(noShows).not.toContain('–');
    expect(html).toContain('name="csrf"');

    const en = await (await s.get(`/admin/events/${event.id}/greetings?lang=en`)).text();
    expect(en).toContain('Handshake log');
    expect(en).toContain('Checked in, not greeted');
    expect(en).toContain('No-shows (paid, never arrived)');
    expect(en).toContain('Second greetings (logged, not counted)');

    const detail = await (await s.get(`/admin/events/${event.id}?lang=en`)).text();
    expect(detail).toContain(`href="/admin/events/${event.id}/greetings"`);
  });

  it('says plainly when everyone present was greeted', async () => {
    c = await makeCheckinApp();
    const { event, sold, door, anna } = await dinnerWithGuests(c, 1);
    await door.scan([{ qr: sold[0]!.qrSecret }]);
    await greet(c, anna, [{ ticketId: sold[0]!.id }]);
    const s = await login(c);
    const html = await (await s.get(`/admin/events/${event.id}/greetings?lang=en`)).text();
    expect(html).toContain('Everyone present was greeted.');
  });

  it('refuses without a session: to the login page, nothing shown', async () => {
    const { event } = await evening();
    const res = await c.request(`/admin/events/${event.id}/greetings`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    expect(await res.text()).not.toContain('Guest 0');
  });
});
