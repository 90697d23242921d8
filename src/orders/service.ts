import { and, eq, sql } from 'drizzle-orm';
import { orders } from '../db/schema';
import type { Deps } from '../deps';
import { countSeatsLeft, takenSeatsWhere } from '../events/seats';
import { type Event, salesBlocker } from '../events/service';
import { newId } from '../lib/crypto';
import { AppError } from '../lib/errors';
import type { Lang } from '../lib/i18n';
import { errorText, logRef } from '../lib/log-safe';
import { formatDateTime } from '../lib/time';
import { expireCheckouts } from '../payments/gateway';
import type { PurchaseForm } from './schema';

export type Order = typeof orders.$inferSelect;

/** Stripe's minimum Checkout lifetime is 30 minutes; one more keeps clock skew from refusing it. */
export const CHECKOUT_MINUTES = 31;
/** A payment completed at the last second still finds its seat while the webhook is on its way. */
export const HOLD_GRACE_MS = 5 * 60_000;
export const POLICY_VERSION = '2026-12';

export interface HoldResult {
  orderId: string;
  checkoutUrl: string;
}

/** Delayed methods (SEPA debit) can take up to 14 days; offered only when the money arrives before the dinner. */
const DELAYED_METHODS_MS = 14 * 86_400_000;

/**
 * Holds one seat with a single conditional INSERT: SQLite runs it under one write lock,
 * so concurrent buyers can never take more seats than the capacity.
 */
export async function holdSeat(
  deps: Deps,
  input: { event: Event; form: PurchaseForm; lang: Lang },
): Promise<HoldResult> {
  const { event, form, lang } = input;
  const payments = deps.payments;
  if (!payments) throw new AppError('payments_not_configured', 'Payments are not configured.');
  const now = deps.clock.now();
  const sessionExpiresAt = now + CHECKOUT_MINUTES * 60_000;
  const id = newId();
  // One live hold per email and dinner: a second attempt (back button, a corrected typo) replaces the first
  // rather than taking a second seat, and its checkout is closed below. Sending the buyer to the first
  // payment page instead would hand it to anyone who types their address. A paid email may book again.
  const ownHold = (o: string) =>
    sql`${sql.raw(o)}.status = 'held' AND ${sql.raw(o)}.email = ${form.email} COLLATE NOCASE AND ${sql.raw(o)}.hold_expires_at > ${now}`;
  const [inserted, replaced] = await deps.db.batch([
    // The buyer's own live hold does not count against the new one: it is the seat being replaced.
    deps.db.run(sql`
      INSERT INTO orders (id, event_id, status, name, email, company, role, phone, linkedin, ask_me_about, locale,
        amount_cents, currency, provider, hold_expires_at, created_at, updated_at)
      SELECT ${id}, e.id, 'held', ${form.name}, ${form.email}, ${form.company}, ${form.role}, ${form.phone}, ${form.linkedin},
        ${form.askMeAbout}, ${lang}, e.price_cents, e.currency, ${payments.kind}, ${sessionExpiresAt + HOLD_GRACE_MS}, ${now}, ${now}
      FROM events e
      WHERE e.id = ${event.id} AND e.status = 'on_sale' AND ${now} < ${event.salesCloseAt ?? event.startsAt} AND ${now} < e.ends_at
        AND (SELECT count(*) FROM orders o WHERE o.event_id = e.id AND ${takenSeatsWhere('o', now)}
          AND NOT (${ownHold('o')})) < e.capacity`),
    // Only once the new hold is in: a refused attempt (sold out, sales closed) leaves the old one as it was.
    deps.db.run(sql`UPDATE orders SET status = 'cancelled', updated_at = ${now}
      WHERE event_id = ${event.id} AND id <> ${id} AND ${ownHold('orders')}
        AND EXISTS (SELECT 1 FROM orders n WHERE n.id = ${id})
      RETURNING provider_session_id AS session`),
    deps.db.run(sql`
      INSERT INTO consents (order_id, scope, granted, policy_version, source, recorded_at)
      SELECT id, 'host', ${form.consentHost}, ${POLICY_VERSION}, 'purchase', ${now} FROM orders WHERE id = ${id}
      UNION ALL
      SELECT id, 'guests', ${form.consentGuests}, ${POLICY_VERSION}, 'purchase', ${now} FROM orders WHERE id = ${id}`),
  ]);
  if (inserted.rowsAffected !== 1) {
    const reason = salesBlocker(event, now, await countSeatsLeft(deps.db, event, now)) ?? 'sold_out';
    throw new AppError(reason === 'not_on_sale' ? 'sales_closed' : reason, reason);
  }
  await expireCheckouts(payments, replaced.rows);
  const base = deps.config.publicUrl;
  try {
    const session = await payments.createCheckout({
      orderId: id,
      amountCents: event.priceCents,
      currency: event.currency,
      productName: event.title,
      invoiceDescription: `${event.title}, ${formatDateTime(event.startsAt, event.timezone, lang)}, ${event.venue}`,
      customerEmail: form.email,
      locale: lang,
      expiresAt: sessionExpiresAt,
      allowDelayed: event.startsAt - now >= DELAYED_METHODS_MS,
      successUrl: `${base}/orders/${id}/done`,
      cancelUrl: `${base}/orders/${id}/cancel`,
    });
    await deps.db
      .update(orders)
      .set({ providerSessionId: session.id, updatedAt: deps.clock.now() })
      .where(eq(orders.id, id));
    return { orderId: id, checkoutUrl: session.url };
  } catch (err) {
    // The buyer never reached the provider: give the seat back at once.
    await deps.db.update(orders).set({ status: 'cancelled', updatedAt: deps.clock.now() }).where(eq(orders.id, id));
    throw err;
  }
}

/** The buyer left the payment page: close the checkout at the provider, then give the seat back at once. */
export async function releaseHold(deps: Deps, orderId: string): Promise<Order> {
  const order = await getOrder(deps, orderId);
  if (order.status !== 'held' || !order.providerSessionId || deps.payments?.kind !== order.provider) return order;
  try {
    await deps.payments.expireCheckout(order.providerSessionId);
  } catch (err) {
    // not open any more: paid or expired, and its webhook settles the order
    deps.log.info('checkout not expired', { order: logRef(order.id), error: errorText(err) });
    return order;
  }
  await deps.db
    .update(orders)
    .set({ status: 'cancelled', updatedAt: deps.clock.now() })
    .where(and(eq(orders.id, order.id), eq(orders.status, 'held')));
  return order;
}

export async function getOrder(deps: Deps, id: string): Promise<Order> {
  const row = await deps.db.query.orders.findFirst({ where: eq(orders.id, id) });
  if (!row) throw new AppError('not_found', 'No such order.');
  return row;
}
