import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events, orders } from '../../src/db/schema';
import { runTimedWork } from '../../src/jobs';
import { fillSeats, makeOffer } from '../../src/waitlist/offers';
import { sendEvent } from '../flow';
import { buyerForm, createDinner, makeTestApp, type TestApp } from '../helpers';
import { join, offerMails, refundVia, sellSeat } from './setup';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

/**
 * Everything the invariants say, read straight from the database: seats taken (paid, processing, live holds)
 * within capacity; each entry at most one live offer and each offer one held order of its own; the offered
 * entries exactly the front of the line.
 */
async function invariants(eventId: string) {
  const now = t.clock.now();
  const [seats] = await t.deps.db.all<{ taken: number; capacity: number }>(sql`
    SELECT (SELECT count(*) FROM orders o WHERE o.event_id = ${eventId} AND (o.status IN ('paid', 'processing')
      OR (o.status = 'held' AND o.hold_expires_at > ${now}))) AS taken,
      (SELECT capacity FROM events WHERE id = ${eventId}) AS capacity`);
  const line = await t.deps.db.all<{ position: number; state: string; email: string; holds: number }>(sql`
    SELECT w.position, w.state, w.email,
      (SELECT count(*) FROM orders o WHERE o.event_id = w.event_id AND o.email = w.email AND o.status = 'held') AS holds
    FROM waitlist_entries w WHERE w.event_id = ${eventId} ORDER BY w.position`);
  const offered = line.filter((l) => l.state === 'offered');
  const mails = await offerMails(t);
  return {
    taken: Number(seats!.taken),
    capacity: Number(seats!.capacity),
    offered: offered.map((l) => Number(l.position)),
    waiting: line.filter((l) => l.state === 'waiting').map((l) => Number(l.position)),
    // nobody holds two seats, nobody got two offer mails
    doubleHolds: line.filter((l) => Number(l.holds) > 1).length,
    doubleMails: mails.length - new Set(mails.map((m) => m.to)).size,
    offersWithoutSeat: offered.filter((l) => Number(l.holds) !== 1).length,
    mails: mails.length,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('offers under concurrency (never oversell, never double-offer, never skip)', () => {
  it('20 seats freed at the same instant by 20 refunds, 50 in line: 20 offers to #1–#20', async () => {
    const event = await createDinner(t, { capacity: 20 });
    const sold = [];
    for (let i = 1; i <= 20; i++) sold.push(await sellSeat(t, i));
    for (let i = 1; i <= 50; i++) await join(t, i);
    const refunds = await Promise.all(sold.map((s) => refundVia(t, s.order.id)));
    expect(refunds.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await invariants(event.id)).toEqual({
      taken: 20,
      capacity: 20,
      offered: range(1, 20),
      waiting: range(21, 50),
      doubleHolds: 0,
      doubleMails: 0,
      offersWithoutSeat: 0,
      mails: 20,
    });
  });

  it('a refund webhook and the timed work (a lapsing hold) racing: two seats, two offers, in order', async () => {
    const event = await createDinner(t, { capacity: 2 });
    const paid = await sellSeat(t, 1);
    expect((await t.postForm('/e/dinner/checkout', buyerForm(2))).status).toBe(303);
    for (const i of [1, 2, 3]) await join(t, i);
    // the hold lapses; at the same moment the paid seat is refunded at the provider
    t.clock.advance(40 * 60_000);
    const paidRow = (await t.deps.db.query.orders.findFirst({ where: eq(orders.id, paid.order.id) }))!;
    const hook = sendEvent(t, 'charge.refunded', {
      object: 'charge',
      payment_intent: paidRow.providerPaymentId,
      refunded: true,
    });
    const [cron, { res }] = await Promise.all([runTimedWork(t.deps), hook, fillSeats(t.deps, event.id)]);
    expect(res.status).toBe(200);
    expect(cron.expiredHolds).toBe(1);
    expect(await invariants(event.id)).toMatchObject({
      taken: 2,
      offered: [1, 2],
      waiting: [3],
      doubleHolds: 0,
      doubleMails: 0,
      offersWithoutSeat: 0,
    });
  });

  it('ten callers at once on freed seats: each seat offered once, front to back', async () => {
    const event = await createDinner(t, { capacity: 1 });
    await sellSeat(t, 1);
    for (let i = 1; i <= 8; i++) await join(t, i);
    // four seats freed without any trigger, then ten callers at once; then four more
    await t.deps.db.run(sql`UPDATE events SET capacity = 5`);
    const made = await Promise.all(Array.from({ length: 10 }, () => fillSeats(t.deps, event.id)));
    expect(made.reduce((a, b) => a + b, 0)).toBe(4);
    expect(await invariants(event.id)).toMatchObject({ taken: 5, offered: [1, 2, 3, 4] });
    await t.deps.db.run(sql`UPDATE events SET capacity = 9`);
    const more = await Promise.all(Array.from({ length: 10 }, () => fillSeats(t.deps, event.id)));
    expect(more.reduce((a, b) => a + b, 0)).toBe(4);
    expect(await invariants(event.id)).toEqual({
      taken: 9,
      capacity: 9,
      offered: range(1, 8),
      waiting: [],
      doubleHolds: 0,
      doubleMails: 0,
      offersWithoutSeat: 0,
      mails: 8,
    });
  });

  it('the offer statement itself checks seat, line and state, whatever its caller read before', async () => {
    const event = await createDinner(t, { capacity: 1 });
    await sellSeat(t, 1);
    for (const i of [1, 2, 3]) await join(t, i);
    const entries = await t.deps.db.query.waitlistEntries.findMany({ orderBy: (w, { asc }) => asc(w.position) });
    const fresh = async () => (await t.deps.db.query.events.findFirst({ where: eq(events.id, event.id) }))!;
    // a caller that read a free seat which is not there: no offer
    expect(await makeOffer(t.deps, await fresh(), entries[0]!, 'auto')).toBe(false);
    await t.deps.db.run(sql`UPDATE events SET capacity = 2`);
    // one seat free: #3 may not overtake #1 and #2 automatically; the organizer may
    expect(await makeOffer(t.deps, await fresh(), entries[2]!, 'auto')).toBe(false);
    expect(await makeOffer(t.deps, await fresh(), entries[0]!, 'auto')).toBe(true);
    // the same person again (a caller with a stale read): no second offer, and no seat for #2 now
    expect(await makeOffer(t.deps, await fresh(), entries[0]!, 'auto')).toBe(false);
    expect(await makeOffer(t.deps, await fresh(), entries[1]!, 'organizer')).toBe(false);
    expect(await invariants(event.id)).toMatchObject({ taken: 2, offered: [1], waiting: [2, 3], mails: 1 });
  });
});
