import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSessions, outbox, processedWebhooks, tickets } from '../../src/db/schema';
import { getEventStats } from '../../src/events/service';
import { demoSessionPayload, holdSeatVia, orderRow, payVia, sendEvent } from '../flow';
import { createDinner, makeTestApp, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const ticketsOf = (orderId: string) => t.deps.db.select().from(tickets).where(eq(tickets.orderId, orderId));
const mailCount = async () => (await t.deps.db.select({ n: count() }).from(outbox))[0]!.n;

describe('checkout.session.completed', () => {
  it('fulfils a paid session once: paid order, one valid ticket, one confirmation mail', async () => {
    await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    const { res } = await payVia(t, sessionId);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, outcome: 'processed' });
    expect((await orderRow(t, order.id)).status).toBe('paid');
    const [ticket] = await ticketsOf(order.id);
    expect(ticket).toMatchObject({ status: 'valid', name: 'Guest 0', demo: true });
    expect(ticket!.qrSecret).toMatch(/^[0-9A-HJKMNP-TV-Z]{24}$/);
    const mails = await t.deps.db.select().from(outbox);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe('guest0@example.com');
    expect(mails[0]!.text).toContain(`/t/${ticket!.token}`);
    expect(JSON.parse(mails[0]!.attachments)[0].filename).toBe('ticket.ics');
  });

  it('the same event twice is recorded once and changes nothing the second time', async () => {
    await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    const first = await payVia(t, sessionId);
    const again = await sendEvent(t, first.event.type, first.event.data.object as object, { id: first.event.id });
    expect(await again.res.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(await ticketsOf(order.id)).toHaveLength(1);
    expect(await mailCount()).toBe(1);
    expect(await t.deps.db.select().from(processedWebhooks)).toHaveLength(1);
  });

  it('two different events for the same paid session give one ticket and one mail', async () => {
    await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    await payVia(t, sessionId);
    await sendEvent(t, 'checkout.session.async_payment_succeeded', await demoSessionPayload(t, sessionId));
    expect(await ticketsOf(order.id)).toHaveLength(1);
    expect(await mailCount()).toBe(1);
  });

  it('an expired event arriving after the payment leaves the order paid', async () => {
    await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    await sendEvent(
      t,
      'checkout.session.expired',
      await demoSessionPayload(t, sessionId, { status: 'expired', payment_status: 'unpaid' }),
    );
    expect((await orderRow(t, order.id)).status).toBe('paid');
    expect((await ticketsOf(order.id))[0]!.status).toBe('valid');
  });

  it('a session for an order klick does not know is acknowledged and ignored', async () => {
    await createDinner(t);
    const { res } = await sendEvent(t, 'checkout.session.completed', {
      id: 'cs_unknown',
      object: 'checkout.session',
      client_reference_id: 'nope',
      metadata: {},
      status: 'complete',
      payment_status: 'paid',
      payment_intent: 'pi_x',
      amount_total: 5000,
      currency: 'eur',
    });
    expect(res.status).toBe(200);
    expect(await t.deps.db.select().from(tickets)).toHaveLength(0);
  });

  it('ignores event types klick does not act on', async () => {
    const { res } = await sendEvent(t, 'customer.created', { id: 'cus_1', object: 'customer' });
    expect(await res.json()).toEqual({ received: true, outcome: 'ignored' });
  });
});

describe('delayed payment methods (SEPA)', () => {
  it('completed-but-unpaid keeps the seat; async success issues the ticket', async () => {
    const event = await createDinner(t, { capacity: 1 });
    const { order, sessionId } = await holdSeatVia(t);
    await sendEvent(
      t,
      'checkout.session.completed',
      await demoSessionPayload(t, sessionId, { payment_status: 'unpaid' }),
    );
    expect((await orderRow(t, order.id)).status).toBe('processing');
    expect(await ticketsOf(order.id)).toHaveLength(0);
    t.clock.advance(3 * 86_400_000);
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(0);
    await sendEvent(t, 'checkout.session.async_payment_succeeded', await demoSessionPayload(t, sessionId));
    expect((await orderRow(t, order.id)).status).toBe('paid');
    expect(await ticketsOf(order.id)).toHaveLength(1);
  });

  it('async failure releases the seat and issues nothing', async () => {
    const event = await createDinner(t, { capacity: 1 });
    const { order, sessionId } = await holdSeatVia(t);
    await sendEvent(
      t,
      'checkout.session.completed',
      await demoSessionPayload(t, sessionId, { payment_status: 'unpaid' }),
    );
    await sendEvent(
      t,
      'checkout.session.async_payment_failed',
      await demoSessionPayload(t, sessionId, { payment_status: 'unpaid' }),
    );
    expect((await orderRow(t, order.id)).status).toBe('failed');
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(1);
    expect(await ticketsOf(order.id)).toHaveLength(0);
  });

  it('success arriving before completed(unpaid) stays paid', async () => {
    await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    await sendEvent(t, 'checkout.session.async_payment_succeeded', await demoSessionPayload(t, sessionId));
    await sendEvent(
      t,
      'checkout.session.completed',
      await demoSessionPayload(t, sessionId, { payment_status: 'unpaid' }),
    );
    expect((await orderRow(t, order.id)).status).toBe('paid');
  });
});

describe('expiry, refunds and late payments', () => {
  it('checkout.session.expired releases the hold', async () => {
    const event = await createDinner(t, { capacity: 1 });
    const { order, sessionId } = await holdSeatVia(t);
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(0);
    await sendEvent(
      t,
      'checkout.session.expired',
      await demoSessionPayload(t, sessionId, { status: 'expired', payment_status: 'unpaid' }),
    );
    expect((await orderRow(t, order.id)).status).toBe('expired');
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(1);
  });

  it('charge.refunded voids the ticket and frees the seat; a partial refund changes nothing', async () => {
    const event = await createDinner(t, { capacity: 1 });
    const { order, sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    const pi = (await orderRow(t, order.id)).providerPaymentId;
    await sendEvent(t, 'charge.refunded', {
      id: 'ch_1',
      object: 'charge',
      payment_intent: pi,
      refunded: false,
      amount_refunded: 1000,
    });
    expect((await orderRow(t, order.id)).status).toBe('paid');
    await sendEvent(t, 'charge.refunded', {
      id: 'ch_1',
      object: 'charge',
      payment_intent: pi,
      refunded: true,
      amount_refunded: 5000,
    });
    expect((await orderRow(t, order.id)).status).toBe('refunded');
    const [ticket] = await ticketsOf(order.id);
    expect(ticket!.status).toBe('void');
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(1);
    const page = await t.request(`/t/${ticket!.token}`);
    expect(await page.text()).toContain('nicht mehr gültig');
  });

  it('a payment after the hold lapsed and the dinner filled up is refunded, and the buyer is told why', async () => {
    await createDinner(t, { capacity: 1 });
    const late = await holdSeatVia(t, 1);
    t.clock.advance(40 * 60_000);
    const winner = await holdSeatVia(t, 2);
    await payVia(t, winner.sessionId);
    await payVia(t, late.sessionId);
    const order = await orderRow(t, late.order.id);
    expect(order).toMatchObject({ status: 'refunded', refundReason: 'sold_out_late' });
    expect(await ticketsOf(late.order.id)).toHaveLength(0);
    const session = await t.deps.db.query.demoSessions.findFirst({ where: eq(demoSessions.id, late.sessionId) });
    expect(session!.refundedAt).not.toBeNull();
    const done = await t.request(`/orders/${late.order.id}/done`);
    expect(await done.text()).toContain('ausverkauft');
    expect((await t.deps.db.select().from(outbox)).map((m) => m.dedupeKey)).toContain(`late-refund:${late.order.id}`);
  });

  it('a late payment still gets its seat when one is free', async () => {
    await createDinner(t, { capacity: 2 });
    const late = await holdSeatVia(t, 1);
    t.clock.advance(40 * 60_000);
    await payVia(t, late.sessionId);
    expect((await orderRow(t, late.order.id)).status).toBe('paid');
  });
});

describe('signature checks', () => {
  const cases: [string, Parameters<typeof sendEvent>[3]][] = [
    ['tampered body', { tamper: (b) => b.replace('"paid"', '"paid" ') }],
    ['wrong secret', { secret: 'whsec_wrong' }],
    ['old timestamp', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
    ['missing header', { noSignature: true }],
  ];
  for (const [name, opts] of cases) {
    it(`${name} → 400 and nothing changes`, async () => {
      await createDinner(t);
      const { order, sessionId } = await holdSeatVia(t);
      const { res } = await sendEvent(t, 'checkout.session.completed', await demoSessionPayload(t, sessionId), opts);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('invalid_signature');
      expect((await orderRow(t, order.id)).status).toBe('held');
      expect(await t.deps.db.select().from(processedWebhooks)).toHaveLength(0);
      expect(await t.deps.db.select().from(tickets)).toHaveLength(0);
    });
  }

  it('refuses an oversized body with 413', async () => {
    const res = await t.request('/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' },
      body: 'x'.repeat(300_000),
    });
    expect(res.status).toBe(413);
  });
});

describe('success page', () => {
  it('fulfils from the provider when the webhook has not arrived, and the late webhook changes nothing', async () => {
    await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    await t.deps.db
      .update(demoSessions)
      .set({ status: 'complete', paymentStatus: 'paid' })
      .where(eq(demoSessions.id, sessionId));
    const done = await t.request(`/orders/${order.id}/done`);
    const html = await done.text();
    const [ticket] = await ticketsOf(order.id);
    expect(html).toContain(`/t/${ticket!.token}`);
    const { res } = await sendEvent(t, 'checkout.session.completed', await demoSessionPayload(t, sessionId));
    expect(res.status).toBe(200);
    expect(await ticketsOf(order.id)).toHaveLength(1);
    expect(await mailCount()).toBe(1);
  });

  it('says the payment is pending while nothing has arrived, and updates in place (no timed reload)', async () => {
    await createDinner(t);
    const { order } = await holdSeatVia(t);
    const html = await (await t.request(`/orders/${order.id}/done`)).text();
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).toContain('data-live-every="3"');
    expect(html).toContain('<script src="/live.js" defer');
    expect(html).toContain('wird verarbeitet');
  });

  it('answers 404 for an unknown order', async () => {
    expect((await t.request('/orders/nope/done')).status).toBe(404);
  });
});

describe('late delayed payments', () => {
  it('a SEPA submission arriving after the hold lapsed and the dinner filled keeps no seat; its later success is refunded', async () => {
    const event = await createDinner(t, { capacity: 1 });
    const late = await holdSeatVia(t, 1);
    t.clock.advance(40 * 60_000);
    const winner = await holdSeatVia(t, 2);
    await payVia(t, winner.sessionId);
    await sendEvent(
      t,
      'checkout.session.completed',
      await demoSessionPayload(t, late.sessionId, { payment_status: 'unpaid' }),
    );
    expect((await orderRow(t, late.order.id)).status).not.toBe('processing');
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(0);
    await sendEvent(t, 'checkout.session.async_payment_succeeded', await demoSessionPayload(t, late.sessionId));
    expect(await orderRow(t, late.order.id)).toMatchObject({ status: 'refunded', refundReason: 'sold_out_late' });
  });
});
