import { eq } from 'drizzle-orm';
import { tickets } from '../db/schema';
import type { Deps } from '../deps';
import { getEvent } from '../events/service';
import { fulfilCheckout } from '../payments/fulfil';
import { getOrder, type Order } from './service';

/**
 * The success page's view of an order. When the webhook has not arrived yet, it asks the
 * provider itself and runs the same idempotent fulfilment the webhook would.
 */
export async function confirmOrder(deps: Deps, orderId: string) {
  let order: Order = await getOrder(deps, orderId);
  if (
    (order.status === 'held' || order.status === 'expired') &&
    order.providerSessionId &&
    deps.payments?.kind === order.provider
  ) {
    try {
      const snapshot = await deps.payments.retrieveCheckout(order.providerSessionId);
      if (snapshot.status === 'complete') order = (await fulfilCheckout(deps, snapshot)).order ?? order;
    } catch (err) {
      // The page still answers; the webhook will fulfil when it comes.
      deps.log.error('success page could not reach the provider', {
        orderId,
        error: String((err as Error).message).slice(0, 200),
      });
    }
  }
  const ticket =
    order.status === 'paid'
      ? await deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id), columns: { token: true } })
      : undefined;
  return { order, ticketToken: ticket?.token ?? null, event: await getEvent(deps, order.eventId) };
}
