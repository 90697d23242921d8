import { eq, sql } from 'drizzle-orm';
import { processedWebhooks } from '../db/schema';
import type { Deps } from '../deps';
import { markOrderRefunded } from '../orders/refund';
import { fulfilCheckout } from './fulfil';
import type { CheckoutSnapshot, ProviderEvent } from './gateway';

export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored';

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
      await deps.db.run(sql`UPDATE orders SET status = 'failed', updated_at = ${now}
        WHERE ${orderMatch(event.session)} AND status IN ('processing', 'held')`);
      break;
    case 'checkout.session.expired':
      await deps.db.run(sql`UPDATE orders SET status = 'expired', updated_at = ${now}
        WHERE ${orderMatch(event.session)} AND status = 'held'`);
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
