import { and, eq, sql } from 'drizzle-orm';
import { tickets } from '../db/schema';
import type { Deps } from '../deps';
import { getEvent } from '../events/service';
import { errorText, logRef } from '../lib/log-safe';
import { fulfilCheckout } from '../payments/fulfil';
import { getOrder, type Order } from './service';

/**
 * The success page's view of an order. When the webhook has not arrived yet, it asks the
 * provider itself and runs the same idempotent fulfilment the webhook would. `submitted`: the
 * buyer completed the checkout (a SEPA debit may still be on its way) although the order has no seat.
 */
export async function confirmOrder(deps: Deps, orderId: string) {
  let order: Order = await getOrder(deps, orderId);
  let submitted = false;
  if (
    ['held', 'expired', 'cancelled'].includes(order.status) &&
    order.providerSessionId &&
    deps.payments?.kind === order.provider
  ) {
    try {
      const snapshot = await deps.payments.retrieveCheckout(order.providerSessionId);
      if (snapshot.status === 'complete') {
        order = (await fulfilCheckout(deps, snapshot)) ?? order;
        submitted = true;
      }
    } catch (err) {
      // The page still answers; the webhook will fulfil when it comes.
      deps.log.error('success page could not reach the provider', { order: logRef(orderId), error: errorText(err) });
    }
  }
  // The buyer's own ticket, the order's first: a seat passed on since is the new guest's, and its link theirs alone.
  const ticket =
    order.status === 'paid'
      ? await deps.db.query.tickets.findFirst({
          where: and(
            eq(tickets.orderId, order.id),
            sql`NOT EXISTS (SELECT 1 FROM ticket_transfers x WHERE x.to_ticket_id = ${tickets.id})`,
          ),
          columns: { token: true, status: true },
        })
      : undefined;
  return {
    order,
    submitted,
    ticketToken: ticket?.status === 'valid' ? ticket.token : null,
    passedOn: ticket?.status === 'transferred',
    event: await getEvent(deps, order.eventId),
  };
}
