import { eq, type SQL, sql } from 'drizzle-orm';
import { processedWebhooks } from '../db/schema';
import type { Deps } from '../deps';
import { markOrderRefunded } from '../orders/refund';
import { fillSeats, keepOfferSeat, liveOfferOf } from '../waitlist/offers';
import { fulfilCheckout } from './fulfil';
import type { CheckoutSnapshot, ProviderEvent } from './gateway';

export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored';

/** Runs a statement that ends holds (RETURNING event_id); their seats go to the waitlist's next people. */
async function releaseSeat(deps: Deps, statement: SQL) {
  const rows = await deps.db.all<{ event_id: string }>(statement);
  for (const eventId of new Set(rows.map((r) => r.event_id))) await fillSeats(deps, eventId);
}

const orderMatch = (s: CheckoutSnapshot) =>
  sql`(provider_session_id = ${s.id} OR (provider_session_id IS NULL AND id = ${s.orderId ?? ''}))`;

/**
 * Applies one verified provider event. Each handler is idempotent on its own; the processed
 * record is written last so an event that failed half-way is retried by the provider.
 */
export async function handleProviderEvent(deps: Deps, event: ProviderEvent): Promise<WebhookOutcome> {
  const seen = await deps.db.query.processedWebhooks.findFirst({ where: eq(processedWebhooks.eventId, event.id) });
  if (seen) return 'duplicate';
  const now = deps.clock.now();
  let outcome: WebhookOutcome = 'processed';
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      await fulfilCheckout(deps, event.session);
      break;
    case 'checkout.session.async_payment_failed':
      await releaseSeat(
        deps,
        sql`UPDATE orders SET status = 'failed', updated_at = ${now}
        WHERE ${orderMatch(event.session)} AND status IN ('processing', 'held') RETURNING event_id`,
      );
      break;
    case 'checkout.session.expired':
      // A waitlist offer's checkout that expired unpaid leaves the offer standing: its seat stays held for the
      // person until the offer lapses (src/waitlist/offers.ts). Any other hold is released.
      await deps.db.run(keepOfferSeat(orderMatch(event.session), now));
      await releaseSeat(
        deps,
        sql`UPDATE orders SET status = 'expired', updated_at = ${now}
        WHERE ${orderMatch(event.session)} AND status = 'held' AND provider_session_id IS NOT NULL
        AND NOT ${liveOfferOf('orders', now)} RETURNING event_id`,
      );
      break;
    case 'charge.refunded':
      if (event.fullyRefunded && event.paymentIntentId)
        await markOrderRefunded(deps, { paymentIntentId: event.paymentIntentId, reason: 'provider' });
      else outcome = 'ignored';
      break;
    default:
      outcome = 'ignored';
  }
  await deps.db
    .insert(processedWebhooks)
    .values({ eventId: event.id, type: event.type === 'ignored' ? event.providerType : event.type, processedAt: now })
    .onConflictDoNothing();
  deps.log.info('webhook', { eventId: event.id, type: event.type, outcome });
  return outcome;
}
