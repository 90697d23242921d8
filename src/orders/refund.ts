import { and, eq, sql } from 'drizzle-orm';
import { orders } from '../db/schema';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import { errorText, logRef } from '../lib/log-safe';
import { fillSeats } from '../waitlist/offers';
import type { Order } from './service';

/**
 * Marks an order refunded and voids its ticket in one batch; the seat is free again at once. A refund_due
 * order (see settleRefund) keeps its reason when the provider reports the refund first.
 */
export async function markOrderRefunded(
  deps: Deps,
  input: { orderId?: string; paymentIntentId?: string; reason: 'organizer' | 'provider' },
): Promise<boolean> {
  const now = deps.clock.now();
  const match = input.orderId ? sql`id = ${input.orderId}` : sql`provider_payment_id = ${input.paymentIntentId ?? ''}`;
  const [updated] = await deps.db.batch([
    deps.db.run(sql`UPDATE orders SET status = 'refunded', refund_reason = coalesce(refund_reason, ${input.reason}),
        refunded_cents = coalesce(refunded_cents, amount_cents), refunded_at = ${now}, updated_at = ${now}
      WHERE ${match} AND status IN ('paid', 'processing', 'refund_due')
      RETURNING event_id`),
    deps.db.run(sql`UPDATE tickets SET status = 'void', voided_at = ${now}, updated_at = ${now}
      WHERE status = 'valid' AND order_id IN (SELECT id FROM orders WHERE ${match} AND status = 'refunded')`),
  ]);
  // the seat is free: the waitlist's next person gets the offer
  // (libSQL counts no rowsAffected for a statement with RETURNING: its rows tell)
  const eventId = updated.rows[0]?.event_id;
  if (eventId) await fillSeats(deps, String(eventId));
  return updated.rows.length === 1;
}

/** Refunded already (by hand in the dashboard, or a retry after Stripe forgot the idempotency key): the money is back. */
const alreadyRefunded = (err: unknown) =>
  (err as { details?: { code?: string } }).details?.code === 'charge_already_refunded';

/**
 * Money back through the provider, then the order refunded and its ticket void. The idempotency key is the
 * same on every try of one order, so a retried refund is the same refund. A refund_due order (money without a
 * seat, src/payments/fulfil.ts) keeps its own key and reason, whoever settles it: the timed retry or the organizer.
 */
async function refundThroughProvider(deps: Deps, order: Order, reason: 'organizer' | 'provider') {
  // A guest's cancellation gives back its share (refunded_cents, set when cancelling); anything else all of it.
  const amount =
    order.refundReason === 'guest_cancelled' ? (order.refundedCents ?? order.amountCents) : order.amountCents;
  // Nothing to give back (a free seat, a cancellation without refund): no provider call at all.
  if (amount > 0) {
    if (!deps.payments || order.provider !== deps.payments.kind || !order.providerPaymentId)
      throw new AppError('not_refundable', 'This order was paid through a provider that is not configured now.');
    const key = `${order.refundReason === 'guest_cancelled' ? 'cancel-refund' : order.status === 'refund_due' ? 'late-refund' : 'refund'}-${order.id}`;
    try {
      await deps.payments.refund(order.providerPaymentId, key, amount < order.amountCents ? amount : undefined);
    } catch (err) {
      if (!alreadyRefunded(err)) throw err;
    }
  }
  await markOrderRefunded(deps, { orderId: order.id, reason });
}

/** Refunds a refund_due order; a failure leaves it due for the next run of the timed work. */
export async function settleRefund(deps: Deps, order: Order): Promise<boolean> {
  const nothingToPay = order.amountCents === 0 || order.refundedCents === 0;
  if (!nothingToPay && (deps.payments?.kind !== order.provider || !order.providerPaymentId)) return false;
  try {
    await refundThroughProvider(deps, order, 'provider');
  } catch (err) {
    deps.log.error('refund failed, retried later', { order: logRef(order.id), error: errorText(err) });
    return false;
  }
  deps.log.info('payment without seat refunded', { order: logRef(order.id) });
  return true;
}

/** Timed work: retries the refunds the provider did not take the first time. */
export async function retryDueRefunds(deps: Deps): Promise<number> {
  const due = await deps.db.query.orders.findMany({
    where: and(eq(orders.status, 'refund_due'), sql`${orders.provider} IN (${deps.payments?.kind ?? ''}, 'free')`),
    limit: 20,
  });
  let n = 0;
  for (const order of due) if (await settleRefund(deps, order)) n++;
  return n;
}

/** The organizer's refund of a paid order, or of one whose automatic refund is still due. */
export async function refundOrder(deps: Deps, orderId: string): Promise<void> {
  const order = await deps.db.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!order) throw new AppError('not_found', 'No such order.');
  if (order.status !== 'paid' && order.status !== 'refund_due')
    throw new AppError('not_refundable', `Only paid orders can be refunded (this one is ${order.status}).`);
  await refundThroughProvider(deps, order, 'organizer');
  deps.log.info('order refunded', { order: logRef(orderId) });
}

/**
 * Refunds every paid order of an event, one by one: each refund is idempotent at the provider, so a
 * run that stopped half-way can simply be started again. Failures are counted, not thrown.
 */
export async function refundPaidOrders(deps: Deps, eventId: string): Promise<{ refunded: number; failed: number }> {
  const paid = await deps.db
    .select({ id: orders.id })
    .from(orders)
    .where(sql`${orders.eventId} = ${eventId} AND ${orders.status} = 'paid'`);
  let refunded = 0;
  let failed = 0;
  for (const { id } of paid) {
    try {
      await refundOrder(deps, id);
      refunded++;
    } catch (err) {
      failed++;
      deps.log.error('refund on cancel failed', { order: logRef(id), error: errorText(err) });
    }
  }
  return { refunded, failed };
}
