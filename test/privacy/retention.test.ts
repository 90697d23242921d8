import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  consents,
  deletionLog,
  demoSessions,
  greetings,
  klicks,
  orders,
  outbox,
  scans,
  tickets,
} from '../../src/db/schema';
import { createEvent } from '../../src/events/service';
import { runTimedWork } from '../../src/jobs';
import { newId } from '../../src/lib/crypto';
import { retentionDeadline } from '../../src/privacy/retention';
import type { Ticket } from '../../src/tickets/service';
import { login } from '../admin/session';
import { dinnerInput } from '../helpers';
import { DAY, type Dinner, ENDS, makeDinner } from './setup';

let d: Dinner;
let anna: Ticket;
let ben: Ticket;
let later: Ticket;
let deadline: number;

beforeEach(async () => {
  d = await makeDinner();
  anna = await d.sell({ name: 'Anna Alt', phone: '+49 1', consentGuests: 'on' });
  ben = await d.sell({ name: 'Ben Alt', linkedin: 'https://www.linkedin.com/in/ben' });
  // A second dinner a month later: its guests must not be touched by the first one's deadline.
  const next = await createEvent(
    d.deps,
    dinnerInput({ slug: 'next', startsAt: '2027-01-14T18:00:00Z', endsAt: '2027-01-14T22:00:00Z' }),
  );
  const { holdSeatVia, payVia } = await import('../flow');
  const held = await holdSeatVia(d, 99, next.slug, { name: 'Nina Neu' });
  await payVia(d, held.sessionId);
  later = (await d.deps.db.query.tickets.findFirst({ where: (t, { eq }) => eq(t.orderId, held.order.id) }))!;

  d.duringDinner();
  await d.checkIn(anna, ben);
  await d.greet(anna, d.clock.now(), 'sailor');
  d.afterDinner();
  await d.setConsent(ben, 'klick', true);
  expect((await d.klick(anna, ben)).status).toBe(303);
  expect((await d.klick(ben, anna)).status).toBe(303);
  await runTimedWork(d.deps); // sends the after-dinner mails
  // One mail still waiting for its retry: it must never go out with personal data after the deadline.
  await d.deps.db.insert(outbox).values({
    id: newId(),
    dedupeKey: `late-refund:${ben.orderId}`,
    to: ben.email,
    subject: 'Erstattung',
    text: 'Hallo Ben Alt',
    html: '<p>Hallo Ben Alt</p>',
    nextAttemptAt: ENDS + 400 * DAY,
    createdAt: ENDS,
  });
  deadline = retentionDeadline(ENDS, d.deps.config.retentionDays);
});
afterEach(() => d.close());

const snapshot = async () => ({
  orders: await d.deps.db.select().from(orders).orderBy(orders.id),
  tickets: await d.deps.db.select().from(tickets).orderBy(tickets.id),
  consents: await d.deps.db.select().from(consents).orderBy(consents.id),
  klicks: await d.deps.db.select().from(klicks),
  greetings: await d.deps.db.select().from(greetings),
  scans: await d.deps.db.select().from(scans),
  outbox: await d.deps.db.select().from(outbox).orderBy(outbox.id),
  demo: await d.deps.db.select().from(demoSessions).orderBy(demoSessions.id),
  log: await d.deps.db.select().from(deletionLog),
});

describe('retention', () => {
  it('is 90 days by default and the after-dinner mails went out first', async () => {
    expect(d.deps.config.retentionDays).toBe(90);
    const keys = (await d.deps.db.select().from(outbox)).filter((m) => m.status === 'sent').map((m) => m.dedupeKey);
    expect(keys).toEqual(expect.arrayContaining([`exchange:${anna.id}`, `exchange:${ben.id}`]));
  });

  it('before the deadline nothing changes', async () => {
    const before = await snapshot();
    d.clock.set(deadline - 1);
    const result = await runTimedWork(d.deps);
    expect(result.retention).toEqual({ events: 0, rows: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('at the deadline the event’s personal data goes; bookkeeping and other events stay; a second run changes nothing', async () => {
    const before = await snapshot();
    d.clock.set(deadline);
    const result = await runTimedWork(d.deps);
    expect(result.retention.events).toBe(1);
    const after = await snapshot();

    const mine = (o: { eventId: string }) => o.eventId === d.event.id;
    for (const o of after.orders.filter(mine)) {
      const was = before.orders.find((b) => b.id === o.id)!;
      expect(o).toEqual({
        ...was,
        name: '',
        givenName: '',
        familyName: '',
        email: '',
        company: '',
        role: '',
        phone: '',
        linkedin: '',
        askMeAbout: '',
        anonymizedAt: deadline,
        updatedAt: deadline,
      });
    }
    for (const t of after.tickets.filter(mine)) {
      expect(t).toMatchObject({
        name: '',
        givenName: '',
        familyName: '',
        email: '',
        phone: '',
        linkedin: '',
        anonymizedAt: deadline,
        status: 'valid',
      });
    }
    expect(after.orders.filter((o) => !mine(o))).toEqual(before.orders.filter((o) => !mine(o)));
    expect(after.tickets.find((t) => t.id === later.id)).toEqual(before.tickets.find((t) => t.id === later.id));
    expect(after.consents).toEqual(before.consents);
    expect(after.scans).toEqual(before.scans);
    expect(after.klicks).toEqual([]);
    expect(after.greetings.map((g) => ({ ...g, note: null }))).toEqual(
      before.greetings.map((g) => ({ ...g, note: null })),
    );
    expect(after.greetings.every((g) => g.note === null)).toBe(true);
    for (const m of after.outbox) {
      const guest = [anna, ben].find((t) => m.dedupeKey.endsWith(t.id) || m.dedupeKey.endsWith(t.orderId));
      if (!guest) continue;
      expect(m).toMatchObject({ to: '', subject: '', text: '', html: '', attachments: '[]' });
      expect(JSON.stringify(m)).not.toMatch(/Anna|Ben Alt|guest\d@/);
    }
    expect(after.outbox.find((m) => m.dedupeKey === `late-refund:${ben.orderId}`)!.status).toBe('failed');
    expect(after.outbox.find((m) => m.dedupeKey === `ticket:${later.orderId}`)!.to).toBe(later.email);
    expect(after.demo.filter((s) => s.customerEmail === '')).toHaveLength(2);
    expect(after.log).toEqual([
      {
        id: 1,
        eventId: d.event.id,
        orderId: null,
        reason: 'retention',
        rows: result.retention.rows,
        createdAt: deadline,
      },
    ]);

    d.clock.set(deadline + DAY);
    const again = await runTimedWork(d.deps);
    expect(again.retention).toEqual({ events: 0, rows: 0 });
    expect(await snapshot()).toEqual(after);
  });

  it('after the deadline too, and the organizer and the guest see that it happened', async () => {
    d.clock.set(deadline + 7 * DAY);
    await runTimedWork(d.deps);
    const admin = await login(d);
    const page = await (
      await d.request(`/admin/events/${d.event.id}/contacts?lang=en`, { headers: { cookie: admin.cookie } })
    ).text();
    expect(page).toContain('Deletion records');
    expect(page).toContain('Retention period over');
    expect(page).toContain('deleted automatically on Wednesday, 3 March 2027 at 23:00, 90 days after it ends');
    expect(await d.page(anna)).toContain('Your personal data was deleted on');
    const log = (await (await d.adminJson(`/events/${d.event.id}/export-log`)).json()) as { deletions: unknown[] };
    expect(log.deletions).toHaveLength(1);
    // Only the bookkeeping is left: the export has nobody to show.
    expect((await (await d.adminJson(`/events/${d.event.id}/export.json`)).json()).count).toBe(0);
  });
});
