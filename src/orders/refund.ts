import { eq, sql } from 'drizzle-orm';
import { orders } from '../db/schema';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';

/** Marks a paid order refunded and voids its ticket in one batch; the seat is free again at once. */
export async function markOrderRefunded(
  deps: Deps,
  input: { orderId?: string; paymentIntentId?: string; reason: 'organizer' | 'provider' },
): Promise<boolean> {
  const now = deps.clock.now();
  const match = input.orderId ? sql`id = ${input.orderId}` : sql`provider_payment_id = ${input.paymentIntentId ?? ''}`;
  const [updated] = await deps.db.batch([
    deps.db.run(sql`UPDATE orders SET status = 'refunded', refund_reason = ${input.reason}, refunded_at = ${now}, updated_at = ${now}
      WHERE ${match} AND status IN ('paid', 'processing')`),
    deps.db.run(sql`UPDATE tickets SET status = 'void', voided_at = ${now}, updated_at = ${now}
      WHERE status = 'valid' AND order_id IN (SELECT id FROM orders WHERE ${match} AND status = 'refunded')`),
  ]);
  return updated.rowsAffected === 1;
}

/** The organizer's refund: money back through the provider first, then the ticket is void. */
export async function refundOrder(deps: Deps, orderId: string): Promise<void> {
  const order = await deps.db.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!order) throw new AppError('not_found', 'No such order.');
  if (order.status !== 'paid')
    throw new AppError('not_refundable', `Only paid orders can be refunded (this one is ${order.status}).`);
  if (!deps.payments || order.provider !== deps.payments.kind || !order.providerPaymentId)
    throw new AppError('not_refundable', 'This order was paid through a provider that is not configured now.');
  await deps.payments.refund(order.providerPaymentId, `refund-${order.id}`);
  await markOrderRefunded(deps, { orderId, reason: 'organizer' });
  deps.log.info('order refunded', { orderId });
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
      deps.log.error('refund on cancel failed', { orderId: id, error: String((err as Error).message).slice(0, 200) });
    }
  }
  return { refunded, failed };
}
