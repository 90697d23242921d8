import { eq, sql } from 'drizzle-orm';
import { orders } from '../db/schema';
import type { Deps } from '../deps';
import { canCancel, cancelRefundCents, DAY_MS } from '../events/policy';
import type { Event } from '../events/service';
import { AppError } from '../lib/errors';
import type { Lang } from '../lib/i18n';
import { logRef } from '../lib/log-safe';
import { queueMailSql } from '../mail/outbox';
import { settleRefund } from '../orders/refund';
import { getOrder } from '../orders/service';
import type { Ticket } from '../tickets/service';
import { composeCancelMail } from '../transfers/mail';
import { atTheDinner } from '../transfers/service';
import { fillSeats } from '../waitlist/offers';

/** What a cancellation would give back now, for the confirmation page; null when the ticket cannot be cancelled. */
export async function cancellationQuote(deps: Deps, ticket: Ticket, event: Event) {
  if (ticket.status !== 'valid' || !canCancel(event, deps.clock.now())) return null;
  const order = await getOrder(deps, ticket.orderId);
  if (order.status !== 'paid') return null;
  const refundCents = cancelRefundCents(event, order.amountCents);
  return { refundCents, keptCents: order.amountCents - refundCents, currency: order.currency };
}

/**
 * The guest cancels under the dinner's policy. In one batch, checked against the policy in the statement itself:
 * the order becomes refund_due with the policy's share to give back (refund_reason guest_cancelled), the ticket
 * becomes `cancelled` (refused at the door with its own reason), and the guest's mail is queued. The seat is free
 * from that moment and goes to the waitlist at once; the money goes back through the existing refund path, which
 * the timed work retries while the provider does not take it.
 */
export async function cancelTicket(deps: Deps, input: { ticket: Ticket; event: Event; lang: Lang }) {
  const { ticket, event } = input;
  const now = deps.clock.now();
  const order = await getOrder(deps, ticket.orderId);
  const refund = cancelRefundCents(event, order.amountCents);
  const mail = composeCancelMail({
    event,
    ticketId: ticket.id,
    ticketUrl: `${deps.config.publicUrl}/t/${ticket.token}`,
    name: ticket.name,
    refundCents: refund,
    currency: order.currency,
    lang: input.lang,
    now,
  });
  const cancelled = sql`EXISTS (SELECT 1 FROM tickets WHERE id = ${ticket.id} AND status = 'cancelled' AND voided_at = ${now})`;
  const [updated] = await deps.db.batch([
    deps.db.run(sql`UPDATE orders SET status = 'refund_due', refund_reason = 'guest_cancelled', refunded_cents = ${refund},
        updated_at = ${now}
      WHERE id = ${order.id} AND status = 'paid' AND amount_cents = ${order.amountCents}
        AND EXISTS (SELECT 1 FROM events e WHERE e.id = orders.event_id AND e.status != 'cancelled'
          AND e.cancel_until_days IS NOT NULL AND e.cancel_refund_percent = ${event.cancelRefundPercent}
          AND ${now} < e.starts_at - e.cancel_until_days * ${DAY_MS})
        AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ${ticket.id} AND t.order_id = orders.id AND t.status = 'valid'
          AND NOT ${atTheDinner('t')})`),
    deps.db.run(sql`UPDATE tickets SET status = 'cancelled', voided_at = ${now}, updated_at = ${now}
      WHERE id = ${ticket.id} AND status = 'valid'
        AND EXISTS (SELECT 1 FROM orders o WHERE o.id = ${order.id} AND o.status = 'refund_due'
          AND o.refund_reason = 'guest_cancelled' AND o.updated_at = ${now})`),
    deps.db.run(
      queueMailSql(
        { dedupeKey: `cancel:${ticket.id}`, to: ticket.email, ...mail },
        now,
        sql`${cancelled} AND ${ticket.email} != ''`,
      ),
    ),
  ]);
  if (updated.rowsAffected !== 1)
    throw new AppError('not_cancellable', 'This ticket cannot be cancelled (any more) under the dinner’s policy.');
  deps.log.info('ticket cancelled by guest', { order: logRef(order.id) });
  // The seat goes down the waitlist before the refund call, which may take its time.
  await fillSeats(deps, event.id);
  const due = await deps.db.query.orders.findFirst({ where: eq(orders.id, order.id) });
  if (due?.status === 'refund_due') await settleRefund(deps, due);
  return { refundCents: refund };
}
