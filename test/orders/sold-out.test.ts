import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getEventStats } from '../../src/events/service';
import { SOLD_OUT_MEMO_MS } from '../../src/events/sold-out';
import { holdSeatVia, orderRow } from '../flow';
import { buyerForm, createDinner, makeTestApp, type TestApp } from '../helpers';
import { join, line, offerHolds, refundVia, sellSeat } from '../waitlist/setup';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const attempt = (i: number, extra: Record<string, string> = {}) =>
  t.postForm('/e/dinner/checkout', buyerForm(i, extra));

/** Frees the seat of `orderId` behind the app's back, as another instance on the same database would. */
const freedElsewhere = (orderId: string) =>
  t.deps.db.run(sql`UPDATE orders SET status = 'cancelled' WHERE id = ${orderId}`);

describe('a sold-out dinner answered from memory', () => {
  it('refuses without a write for at most SOLD_OUT_MEMO_MS, then sees a seat freed elsewhere', async () => {
    await createDinner(t, { capacity: 1 });
    const { order } = await holdSeatVia(t, 1);
    expect((await attempt(2)).status).toBe(409);
    await freedElsewhere(order.id);
    const remembered = await attempt(3);
    expect(remembered.status).toBe(409);
    // the page says sold out and offers the line, with the buyer's own entries kept
    const page = await remembered.text();
    expect(page).toContain('Guest 3');
    expect(page).toContain('/e/dinner/waitlist');
    t.clock.advance(SOLD_OUT_MEMO_MS);
    expect((await attempt(3)).status).toBe(303);
  });

  it('forgets at once when the seat is released here (the buyer left the payment page)', async () => {
    await createDinner(t, { capacity: 1 });
    const { order } = await holdSeatVia(t, 1);
    expect((await attempt(2)).status).toBe(409);
    await t.request(`/orders/${order.id}/cancel`);
    expect((await orderRow(t, order.id)).status).toBe('cancelled');
    expect((await attempt(2)).status).toBe(303);
  });

  it('forgets at once after a refund and after more capacity', async () => {
    const event = await createDinner(t, { capacity: 1 });
    const { order } = await sellSeat(t, 1);
    expect((await attempt(2)).status).toBe(409);
    expect((await refundVia(t, order.id)).status).toBe(200);
    expect((await attempt(2)).status).toBe(303);
    expect((await attempt(3)).status).toBe(409);
    expect((await t.adminJson(`/events/${event.id}`, 'PATCH', { capacity: 2 })).status).toBe(200);
    expect((await attempt(3)).status).toBe(303);
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(0);
  });

  it('a freed seat goes to the line first: the public is still told sold out', async () => {
    const event = await createDinner(t, { capacity: 1 });
    const { order } = await sellSeat(t, 1);
    expect((await attempt(2)).status).toBe(409);
    await join(t, 1);
    expect((await refundVia(t, order.id)).status).toBe(200);
    expect(await line(t, event.id)).toEqual(['waiter1:offered']);
    expect(await offerHolds(t, event.id)).toHaveLength(1);
    expect((await attempt(3)).status).toBe(409);
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(0);
  });

  it('a buyer replacing their own live hold is not refused from memory', async () => {
    await createDinner(t, { capacity: 1 });
    await holdSeatVia(t, 1);
    expect((await attempt(2)).status).toBe(409);
    expect((await attempt(1, { company: 'Corrected GmbH' })).status).toBe(303);
  });

  it('a code is judged as before: an unknown code says so, even on a full dinner', async () => {
    await createDinner(t, { capacity: 1 });
    await holdSeatVia(t, 1);
    expect((await attempt(2)).status).toBe(409);
    const res = await attempt(3, { code: 'NOPE-123' });
    expect(res.status).toBe(400);
  });
});
