import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSessions, outbox, tickets } from '../../src/db/schema';
import type { Log } from '../../src/deps';
import { getEventStats } from '../../src/events/service';
import { runTimedWork } from '../../src/jobs';
import { login } from '../admin/session';
import { demoSessionPayload, holdSeatVia, orderRow, payVia, sendEvent } from '../flow';
import { ADMIN_TOKEN, createDinner, makeTestApp, type TestApp } from '../helpers';

/** Money that finds no seat: the dinner was cancelled, or the hold lapsed while the dinner filled up. */
let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const ticketsOf = (orderId: string) => t.deps.db.select().from(tickets).where(eq(tickets.orderId, orderId));
const mailKeys = async () => (await t.deps.db.select().from(outbox)).map((m) => m.dedupeKey);
const donePage = async (orderId: string, lang = 'de') =>
  (await t.request(`/orders/${orderId}/done?lang=${lang}`)).text();
/** The buyer submits a SEPA debit on the demo checkout: the session is complete, the money not yet there. */
async function sepaSubmitted(sessionId: string) {
  await t.deps.db
    .update(demoSessions)
    .set({ status: 'complete', paymentStatus: 'unpaid' })
    .where(eq(demoSessions.id, sessionId));
  return sendEvent(
    t,
    'checkout.session.completed',
    await demoSessionPayload(t, sessionId, { payment_status: 'unpaid' }),
  );
}

/** Records log lines, so a test can check what would reach the logs. */
function recordLogs() {
  const lines: string[] = [];
  const log: Log = {
    info: (msg, fields) => lines.push(JSON.stringify({ msg, ...fields })),
    error: (msg, fields) => lines.push(JSON.stringify({ msg, ...fields })),
  };
  t.deps.log = log;
  return lines;
}

describe('a payment for a cancelled dinner', () => {
  it('is refunded automatically with its own reason, issues no ticket, and the buyer sees why', async () => {
    const event = await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    expect((await t.adminJson(`/events/${event.id}/cancel`, 'POST')).status).toBe(200);
    // cancelling cancels the open hold and closes its checkout
    expect((await orderRow(t, order.id)).status).toBe('cancelled');
    expect((await t.deps.db.query.demoSessions.findFirst({ where: eq(demoSessions.id, sessionId) }))!.status).toBe(
      'expired',
    );
    // the buyer pays anyway (a checkout cannot always be closed in time)
    await payVia(t, sessionId);
    expect(await orderRow(t, order.id)).toMatchObject({ status: 'refunded', refundReason: 'event_cancelled' });
    expect(await ticketsOf(order.id)).toHaveLength(0);
    const session = await t.deps.db.query.demoSessions.findFirst({ where: eq(demoSessions.id, sessionId) });
    expect(session!.refundedAt).not.toBeNull();
    const de = await donePage(order.id);
    expect(de).toContain('Dieses Dinner wurde abgesagt.');
    expect(de).toContain('Wir haben den vollen Betrag erstattet');
    expect(await donePage(order.id, 'en')).toContain('This dinner has been cancelled.');
    const mail = (await t.deps.db.select().from(outbox)).find((m) => m.dedupeKey === `late-refund:${order.id}`)!;
    expect(mail.text).toContain('wurde abgesagt');
    expect(mail.text).toContain('50,00');
  });

  it('a pending debit is cancelled with the dinner; its later success is refunded', async () => {
    const event = await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    await sepaSubmitted(sessionId);
    expect((await orderRow(t, order.id)).status).toBe('processing');
    await t.adminJson(`/events/${event.id}/cancel`, 'POST');
    expect((await orderRow(t, order.id)).status).toBe('cancelled');
    expect(await donePage(order.id)).toContain('Deine Zahlung geht vollständig an dich zurück');
    await sendEvent(t, 'checkout.session.async_payment_succeeded', await demoSessionPayload(t, sessionId));
    expect(await orderRow(t, order.id)).toMatchObject({ status: 'refunded', refundReason: 'event_cancelled' });
    expect(await ticketsOf(order.id)).toHaveLength(0);
  });

  it('a paid ticket stays when the dinner is cancelled without refunds', async () => {
    const event = await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    await t.adminJson(`/events/${event.id}/cancel`, 'POST');
    expect((await orderRow(t, order.id)).status).toBe('paid');
    expect((await getEventStats(t.deps, { ...event, status: 'cancelled' })).held).toBe(0);
  });

  it('cancelling by editing the status on the organizer side cancels open holds too', async () => {
    const event = await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    expect((await t.adminJson(`/events/${event.id}`, 'PATCH', { status: 'cancelled' })).status).toBe(200);
    expect((await orderRow(t, order.id)).status).toBe('cancelled');
    await payVia(t, sessionId);
    expect((await orderRow(t, order.id)).refundReason).toBe('event_cancelled');
  });
});

describe('a late delayed payment (SEPA) for a dinner that filled up', () => {
  it('the done page says the money comes back, not that no money was taken', async () => {
    await createDinner(t, { capacity: 1 });
    const late = await holdSeatVia(t, 1);
    t.clock.advance(40 * 60_000);
    const winner = await holdSeatVia(t, 2);
    await payVia(t, winner.sessionId);
    await sepaSubmitted(late.sessionId);
    await runTimedWork(t.deps);
    expect((await orderRow(t, late.order.id)).status).toBe('expired');
    const de = await donePage(late.order.id);
    expect(de).not.toContain('kein Geld');
    expect(de).toContain('inzwischen ist das Dinner ausverkauft');
    expect(de).toContain('Deine Zahlung geht vollständig an dich zurück, sobald sie eingegangen ist.');
    expect(de).not.toContain('http-equiv="refresh"');
    const en = await donePage(late.order.id, 'en');
    expect(en).not.toContain('No money was taken');
    expect(en).toContain('goes back to you in full');
    await sendEvent(t, 'checkout.session.async_payment_succeeded', await demoSessionPayload(t, late.sessionId));
    expect(await donePage(late.order.id)).toContain('Wir haben den vollen Betrag erstattet');
  });
});

describe('an automatic refund the provider does not take', () => {
  async function latePaymentWithFailingRefund() {
    await createDinner(t, { capacity: 1 });
    const late = await holdSeatVia(t, 1);
    t.clock.advance(40 * 60_000);
    const winner = await holdSeatVia(t, 2);
    await payVia(t, winner.sessionId);
    const payments = t.deps.payments!;
    const refund = payments.refund;
    payments.refund = async () => {
      throw new Error('provider down');
    };
    await payVia(t, late.sessionId);
    return { late, restore: () => (payments.refund = refund) };
  }

  it('is refund_due: the buyer is told the organizer refunds, the organizer sees it, and timed work retries', async () => {
    const lines = recordLogs();
    const { late, restore } = await latePaymentWithFailingRefund();
    expect(await orderRow(t, late.order.id)).toMatchObject({ status: 'refund_due', refundReason: 'sold_out_late' });
    const de = await donePage(late.order.id);
    expect(de).toContain('inzwischen ist das Dinner ausverkauft');
    expect(de).toContain('der Veranstalter erstattet dir den Betrag');
    expect(de).not.toContain('kein Geld');
    expect(await donePage(late.order.id, 'en')).toContain('the organizer refunds you');
    // the refund mail goes out once, whatever the provider said
    expect((await mailKeys()).filter((k) => k === `late-refund:${late.order.id}`)).toHaveLength(1);
    const admin = await login(t);
    const page = await (await admin.get(`/admin/events/${late.order.eventId}`)).text();
    expect(page).toContain('Erstattung offen');

    // still failing: stays due
    expect((await runTimedWork(t.deps)).refundsRetried).toBe(0);
    expect((await orderRow(t, late.order.id)).status).toBe('refund_due');
    restore();
    expect((await runTimedWork(t.deps)).refundsRetried).toBe(1);
    expect((await orderRow(t, late.order.id)).status).toBe('refunded');
    const session = await t.deps.db.query.demoSessions.findFirst({ where: eq(demoSessions.id, late.sessionId) });
    expect(session!.refundedAt).not.toBeNull();
    expect(await donePage(late.order.id)).toContain('Wir haben den vollen Betrag erstattet');
    expect((await runTimedWork(t.deps)).refundsRetried).toBe(0);
    // the order id opens /orders/:id/done, so logs carry only a short reference of it
    expect(lines.some((l) => l.includes('refund failed'))).toBe(true);
    expect(lines.join('\n')).not.toContain(late.order.id);
    expect(lines.join('\n')).toContain(late.order.id.slice(0, 8));
  });

  it('the organizer can refund a refund_due order by hand, as the buyer is told; it keeps its reason', async () => {
    const { late, restore } = await latePaymentWithFailingRefund();
    restore();
    const res = await t.request(`/api/admin/orders/${late.order.id}/refund`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(await orderRow(t, late.order.id)).toMatchObject({ status: 'refunded', refundReason: 'sold_out_late' });
    const session = await t.deps.db.query.demoSessions.findFirst({ where: eq(demoSessions.id, late.sessionId) });
    expect(session!.refundedAt).not.toBeNull();
    expect((await runTimedWork(t.deps)).refundsRetried).toBe(0);
  });

  it('a charge.refunded from the provider settles a refund_due order and keeps its reason', async () => {
    const { late } = await latePaymentWithFailingRefund();
    const pi = (await orderRow(t, late.order.id)).providerPaymentId;
    await sendEvent(t, 'charge.refunded', { id: 'ch_9', object: 'charge', payment_intent: pi, refunded: true });
    expect(await orderRow(t, late.order.id)).toMatchObject({ status: 'refunded', refundReason: 'sold_out_late' });
  });
});
