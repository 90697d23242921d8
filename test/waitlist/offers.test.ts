import { eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSessions, orders, outbox, tickets } from '../../src/db/schema';
import { getEventStats } from '../../src/events/service';
import { runTimedWork } from '../../src/jobs';
import { payVia } from '../flow';
import { buyerForm, createDinner, makeTestApp, type TestApp } from '../helpers';
import { entryOf, join, line, offerHolds, offerMails, refundVia, sellSeat } from './setup';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const HOUR = 3_600_000;

/** A full 2-seat dinner with `waiting` people in line. */
async function fullDinner(waiting = 3, overrides = {}) {
  const event = await createDinner(t, { capacity: 2, ...overrides });
  const a = await sellSeat(t, 1);
  const b = await sellSeat(t, 2);
  for (let i = 1; i <= waiting; i++) await join(t, i);
  return { event, a, b };
}

describe('a freed seat is offered to the next person in line', () => {
  it('a refund: the seat is held for #1, counts against capacity, and the mail links the prefilled form', async () => {
    const { event, a } = await fullDinner();
    expect((await refundVia(t, a.order.id)).status).toBe(200);
    expect(await line(t, event.id)).toEqual(['waiter1:offered', 'waiter2:waiting', 'waiter3:waiting']);
    const holds = await offerHolds(t, event.id);
    expect(holds).toEqual([{ email: 'waiter1@example.com', status: 'held', holdExpiresAt: t.clock.now() + 12 * HOUR }]);
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(0);
    // the public cannot take the held seat
    expect((await t.postForm('/e/dinner/checkout', buyerForm(9))).status).toBe(409);
    const [mail] = await offerMails(t);
    expect(mail!.to).toBe('waiter1@example.com');
    expect(mail!.subject).toBe('Ein Platz für dich: Network Dinner Frankfurt');
    const page = await (await t.request(`/w/${mail!.token}`)).text();
    expect(page).toContain('Ein Platz ist für dich reserviert');
    expect(page).toContain('value="Waiter 1"');
    expect(page).toContain('value="waiter1@example.com"');
    expect(page).toContain('value="Waiting Co 1"');
    expect(page).toContain('Weiter zur Zahlung');
  });

  it('the offer is booked with the form and paid at the demo checkout: ticket, converted, nothing counted twice', async () => {
    const { event, a } = await fullDinner();
    await refundVia(t, a.order.id);
    const [mail] = await offerMails(t);
    const res = await t.postForm(`/w/${mail!.token}`, {
      ...buyerForm(0),
      name: 'Waiter One',
      email: 'waiter1@example.com',
      company: 'Waiting Co 1',
      consentHost: 'on',
    });
    expect(res.status).toBe(303);
    const order = (await t.deps.db.query.orders.findFirst({ where: eq(orders.email, 'waiter1@example.com') }))!;
    expect(res.headers.get('location')).toContain(`/demo/checkout/${order.providerSessionId}`);
    expect(order).toMatchObject({ status: 'held', name: 'Waiter One', role: 'CEO', amountCents: 5000 });
    expect(order.holdExpiresAt).toBeGreaterThanOrEqual(t.clock.now() + 12 * HOUR);
    // coming back to the form closes the first checkout and opens a new one on the same held seat
    const again = await t.postForm(`/w/${mail!.token}`, { ...buyerForm(0), email: 'waiter1@example.com' });
    expect(again.status).toBe(303);
    const first = await t.deps.db.query.demoSessions.findFirst({
      where: eq(demoSessions.id, order.providerSessionId!),
    });
    expect(first!.status).toBe('expired');
    const held = (await t.deps.db.query.orders.findFirst({ where: eq(orders.id, order.id) }))!;
    expect(held.providerSessionId).not.toBe(order.providerSessionId);
    expect((await t.deps.db.select().from(orders).where(eq(orders.email, 'waiter1@example.com'))).length).toBe(1);
    await payVia(t, held.providerSessionId!);
    expect(await line(t, event.id)).toEqual(['waiter1:converted', 'waiter2:waiting', 'waiter3:waiting']);
    expect(await t.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id) })).toBeDefined();
    expect(await getEventStats(t.deps, event)).toMatchObject({ sold: 2, held: 0, seatsLeft: 0, waitlist: 2 });
    expect(await (await t.request(`/w/${mail!.token}`)).text()).toContain('Du hast den Platz gebucht');
  });

  it('an offer that lapses goes to the next person, and the lapsed one is told', async () => {
    const { event, a } = await fullDinner();
    await refundVia(t, a.order.id);
    t.clock.advance(12 * HOUR);
    await runTimedWork(t.deps);
    expect(await line(t, event.id)).toEqual(['waiter1:lapsed', 'waiter2:offered', 'waiter3:waiting']);
    expect((await offerMails(t)).map((m) => m.to)).toEqual(['waiter1@example.com', 'waiter2@example.com']);
    const lapse = await t.deps.db.select().from(outbox).where(like(outbox.dedupeKey, 'offer-lapsed:%'));
    expect(lapse.map((m) => m.to)).toEqual(['waiter1@example.com']);
    const [first] = await offerMails(t);
    expect(await (await t.request(`/w/${first!.token}`)).text()).toContain('Das Angebot ist abgelaufen');
    // as many times as it takes
    t.clock.advance(12 * HOUR);
    await runTimedWork(t.deps);
    expect(await line(t, event.id)).toEqual(['waiter1:lapsed', 'waiter2:lapsed', 'waiter3:offered']);
    t.clock.advance(12 * HOUR);
    await runTimedWork(t.deps);
    expect(await line(t, event.id)).toEqual(['waiter1:lapsed', 'waiter2:lapsed', 'waiter3:lapsed']);
    // nobody left in line: the seat is the public's again
    expect((await t.postForm('/e/dinner/checkout', buyerForm(9))).status).toBe(303);
  });

  it('a declined offer goes to the next person at once', async () => {
    const { event, a } = await fullDinner();
    await refundVia(t, a.order.id);
    const [mail] = await offerMails(t);
    expect((await t.postForm(`/w/${mail!.token}/decline`, {})).status).toBe(303);
    expect(await line(t, event.id)).toEqual(['waiter1:declined', 'waiter2:offered', 'waiter3:waiting']);
    expect((await offerHolds(t, event.id)).map((h) => h.email)).toEqual(['waiter2@example.com']);
    // the declined link offers nothing any more
    const res = await t.postForm(`/w/${mail!.token}`, { ...buyerForm(0), email: 'waiter1@example.com' });
    expect(res.status).toBe(409);
  });

  it('more capacity: several seats, several offers at once, in line order', async () => {
    const { event } = await fullDinner(4);
    const res = await t.adminJson(`/events/${event.id}`, 'PATCH', { capacity: 5 });
    expect(res.status).toBe(200);
    expect(await line(t, event.id)).toEqual([
      'waiter1:offered',
      'waiter2:offered',
      'waiter3:offered',
      'waiter4:waiting',
    ]);
  });

  it('a buyer’s hold that lapses frees its seat for the line on the next timed run', async () => {
    const event = await createDinner(t, { capacity: 1 });
    const hold = await t.postForm('/e/dinner/checkout', buyerForm(1));
    expect(hold.status).toBe(303);
    await join(t, 1);
    t.clock.advance(40 * 60_000);
    expect(await line(t, event.id)).toEqual(['waiter1:waiting']);
    await runTimedWork(t.deps);
    expect(await line(t, event.id)).toEqual(['waiter1:offered']);
  });

  it('a cancelled hold (the buyer left the payment page) goes to the line at once', async () => {
    const event = await createDinner(t, { capacity: 1 });
    const hold = await t.postForm('/e/dinner/checkout', buyerForm(1));
    await join(t, 1);
    const order = (await t.deps.db.query.orders.findFirst({ where: eq(orders.email, 'guest1@example.com') }))!;
    expect(hold.headers.get('location')).toContain(order.providerSessionId!);
    await t.request(`/orders/${order.id}/cancel`);
    expect(await line(t, event.id)).toEqual(['waiter1:offered']);
  });

  it('leaving the payment page of an offer keeps its seat held until the offer lapses', async () => {
    const { event, a } = await fullDinner(2);
    await refundVia(t, a.order.id);
    const [mail] = await offerMails(t);
    await t.postForm(`/w/${mail!.token}`, { ...buyerForm(0), email: 'waiter1@example.com' });
    const order = (await t.deps.db.query.orders.findFirst({ where: eq(orders.email, 'waiter1@example.com') }))!;
    const back = await t.request(`/orders/${order.id}/cancel`);
    expect(back.headers.get('location')).toBe('/e/dinner?cancelled=offer');
    expect(await (await t.request('/e/dinner?cancelled=offer')).text()).toContain('bleibt reserviert');
    const kept = (await t.deps.db.query.orders.findFirst({ where: eq(orders.id, order.id) }))!;
    expect(kept).toMatchObject({ status: 'held', providerSessionId: null });
    expect(kept.holdExpiresAt).toBe((await entryOf(t, 1)).offerExpiresAt);
    expect(await line(t, event.id)).toEqual(['waiter1:offered', 'waiter2:waiting']);
    // and the link still books it
    expect((await t.postForm(`/w/${mail!.token}`, { ...buyerForm(0), email: 'waiter1@example.com' })).status).toBe(303);
  });
});

describe('how long an offer holds its seat', () => {
  it('the dinner’s offer hours, 2 h on the last day, never past the end of sales', async () => {
    await fullDinner(4, { offerHours: 24 });
    const event = (await t.deps.db.query.events.findFirst())!;
    const a = (await t.deps.db.query.orders.findFirst({ where: eq(orders.email, 'guest1@example.com') }))!;
    await refundVia(t, a.id);
    expect((await entryOf(t, 1)).offerExpiresAt).toBe(t.clock.now() + 24 * HOUR);
    // the last day before sales end (the start of the dinner): 2 h; #1's offer has lapsed, so two seats go
    t.clock.set(event.startsAt - 10 * HOUR);
    await runTimedWork(t.deps);
    expect(await line(t, event.id)).toEqual([
      'waiter1:lapsed',
      'waiter2:offered',
      'waiter3:waiting',
      'waiter4:waiting',
    ]);
    expect((await entryOf(t, 2)).offerExpiresAt).toBe(t.clock.now() + 2 * HOUR);
    // 30 minutes before the end of sales: until then, not a minute longer
    t.clock.set(event.startsAt - 30 * 60_000);
    await runTimedWork(t.deps);
    expect((await entryOf(t, 3)).offerExpiresAt).toBe(event.startsAt);
  });

  it('no offers once sales have ended', async () => {
    const { event, a } = await fullDinner(1, { salesCloseAt: '2026-11-23T10:00:00Z' });
    t.clock.set(Date.parse('2026-11-23T10:00:00Z'));
    await refundVia(t, a.order.id);
    expect(await line(t, event.id)).toEqual(['waiter1:waiting']);
    expect(await offerMails(t)).toHaveLength(0);
  });
});

describe('the organizer and the line', () => {
  it('lists the line in the contract’s shape and counts it in the stats', async () => {
    const { event, a } = await fullDinner(2);
    await refundVia(t, a.order.id);
    const res = await t.adminJson(`/events/${event.id}/waitlist`);
    expect(res.status).toBe(200);
    const { entries } = await res.json();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      position: 1,
      name: 'Waiter 1',
      email: 'waiter1@example.com',
      company: 'Waiting Co 1',
      state: 'offered',
    });
    expect(Object.keys(entries[0])).toEqual(
      expect.arrayContaining(['id', 'position', 'name', 'email', 'company', 'joinedAt', 'state', 'offerExpiresAt']),
    );
    expect(entries[0].offerExpiresAt).toBe(new Date(t.clock.now() + 12 * HOUR).toISOString());
    expect(entries[1]).toMatchObject({ position: 2, state: 'waiting', offerExpiresAt: null });
    expect((await (await t.adminJson(`/events/${event.id}`)).json()).stats.waitlist).toBe(2);
    expect((await t.request(`/api/admin/events/${event.id}/waitlist`)).status).toBe(401);
  });

  it('removing someone holding an offer gives the seat to the next person', async () => {
    const { event, a } = await fullDinner(2);
    await refundVia(t, a.order.id);
    const first = await entryOf(t, 1);
    expect((await t.adminJson(`/events/${event.id}/waitlist/${first.id}/remove`, 'POST')).status).toBe(200);
    expect(await line(t, event.id)).toEqual(['waiter1:removed', 'waiter2:offered']);
    expect((await t.adminJson(`/events/${event.id}/waitlist/${first.id}/remove`, 'POST')).status).toBe(409);
    expect((await t.adminJson(`/events/${event.id}/waitlist/nope/remove`, 'POST')).status).toBe(404);
  });

  it('an offer by hand out of order: at once when a seat is free, else the person is next', async () => {
    const event = await createDinner(t, { capacity: 1 });
    await t.postForm('/e/dinner/checkout', buyerForm(1));
    for (const i of [1, 2, 3]) await join(t, i);
    const [, second, third] = [await entryOf(t, 1), await entryOf(t, 2), await entryOf(t, 3)];
    // the buyer's hold lapses; before the timed work runs, the organizer gives the seat to #3
    t.clock.advance(40 * 60_000);
    const offer = (id: string) => t.adminJson(`/events/${event.id}/waitlist/${id}/offer`, 'POST');
    expect(await (await offer(third!.id)).json()).toEqual({ result: 'offered' });
    expect(await line(t, event.id)).toEqual(['waiter1:waiting', 'waiter2:waiting', 'waiter3:offered']);
    // no seat free now: #2 moves to the front and gets the next one
    expect(await (await offer(second!.id)).json()).toEqual({ result: 'moved' });
    const [mail] = await offerMails(t);
    await t.postForm(`/w/${mail!.token}/decline`, {});
    expect(await line(t, event.id)).toEqual(['waiter2:offered', 'waiter1:waiting', 'waiter3:declined']);
    const again = await (await offer(second!.id)).json();
    expect(again.error.code).toBe('conflict');
  });
});

describe('a cancelled dinner', () => {
  it('ends its line: offers and places are removed, their seats released, nobody told an offer lapsed', async () => {
    const { event, a } = await fullDinner(2);
    await refundVia(t, a.order.id);
    expect((await t.adminJson(`/events/${event.id}/cancel`, 'POST')).status).toBe(200);
    expect(await line(t, event.id)).toEqual(['waiter1:removed', 'waiter2:removed']);
    expect(await offerHolds(t, event.id)).toEqual([]);
    await runTimedWork(t.deps);
    expect(await t.deps.db.select().from(outbox).where(like(outbox.dedupeKey, 'offer-lapsed:%'))).toHaveLength(0);
    // ...but each of them is told, once, that the line has ended
    const closed = await t.deps.db.select().from(outbox).where(like(outbox.dedupeKey, 'waitlist-closed:%'));
    expect(closed.map((m) => m.to).sort()).toEqual(['waiter1@example.com', 'waiter2@example.com']);
    expect(closed[0]!.subject).toBe('Abgesagt: Network Dinner Frankfurt');
    expect(closed[0]!.text).toContain('findet nicht statt');
    expect(
      (await t.postForm('/e/dinner/waitlist', { name: 'X', email: 'x@example.com', company: 'X', terms: 'on' })).status,
    ).toBe(409);
  });
});
