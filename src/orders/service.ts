import { eq, type SQL, sql } from 'drizzle-orm';
import { codeRefusal, codeUsable, findUsableCode, priceWith } from '../codes/service';
import { orders } from '../db/schema';
import type { Deps } from '../deps';
import { forgetEventRows } from '../events/by-slug';
import { countPublicSeatsLeft, takenSeatsWhere, waitingInLine } from '../events/seats';
import { type Event, getEvent, salesBlocker } from '../events/service';
import { knownSoldOut } from '../events/sold-out';
import { newId } from '../lib/crypto';
import { AppError } from '../lib/errors';
import type { Lang } from '../lib/i18n';
import { errorText, logRef } from '../lib/log-safe';
import { fullName } from '../lib/names';
import { formatDateTime } from '../lib/time';
import { fulfilFreeOrder } from '../payments/fulfil';
import { type CheckoutRequest, expireCheckouts } from '../payments/gateway';
import { fillSeats, keepOfferSeat, liveOfferOf } from '../waitlist/offers';
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
 * so concurrent buyers can never take more seats than the capacity, nor a code more uses than it has.
 * The INSERT reads the event's row itself (status, sales window, end, price, capacity): the `event` passed in may be
 * up to a second old (src/events/by-slug.ts).
 * Seats the waitlist's line waits for are not sold here (src/events/seats.ts). A free seat (a comp code)
 * needs no payment: it is paid at once, without the provider (src/payments/fulfil.ts).
 */
export async function holdSeat(
  deps: Deps,
  input: { event: Event; form: PurchaseForm; lang: Lang },
): Promise<HoldResult> {
  const { event, form, lang } = input;
  const payments = deps.payments;
  const now = deps.clock.now();
  const sessionExpiresAt = now + CHECKOUT_MINUTES * 60_000;
  const id = newId();
  // One live hold per email and dinner: a second attempt (back button, a corrected typo) replaces the first
  // rather than taking a second seat, and its checkout is closed below. Sending the buyer to the first
  // payment page instead would hand it to anyone who types their address. A paid email may book again.
  const ownHold = (o: string) =>
    sql`${sql.raw(o)}.status = 'held' AND ${sql.raw(o)}.email = ${form.email} COLLATE NOCASE AND ${sql.raw(o)}.hold_expires_at > ${now}`;
  const code = form.code ? await findUsableCode(deps, event, form.code, ownHold('u')) : null;
  const price = priceWith(event.priceCents, code);
  const free = price.amountCents === 0;
  if (!free && !payments) throw new AppError('payments_not_configured', 'Payments are not configured.');
  // A dinner this instance knows to be sold out (src/events/sold-out.ts) refuses without the write lock, unless
  // the buyer replaces their own live hold, whose seat is theirs. With a code, the code's refusals come first.
  if (!code && knownSoldOut(deps.db, event.id, now)) {
    const own = await deps.db.all(
      sql`SELECT 1 FROM orders o WHERE o.event_id = ${event.id} AND ${ownHold('o')} LIMIT 1`,
    );
    if (!own.length) throw refusal(event, now, 0);
  }
  const checkout: CheckoutInput = {
    orderId: id,
    event,
    email: form.email,
    lang,
    price,
    code: code?.code ?? null,
    expiresAt: sessionExpiresAt,
    idempotencyKey: `checkout-${id}`,
  };
  // A checkout kept in klick's own database (the demo) is opened in the hold's batch: one commit per hold.
  const local = !free && payments?.local ? await payments.createCheckout(checkoutRequest(deps, checkout)) : null;
  const [inserted, replaced] = await deps.db.batch([
    // The buyer's own live hold does not count against the new one: it is the seat being replaced.
    deps.db.run(sql`
      INSERT INTO orders (id, event_id, status, name, given_name, family_name, email, company, role, phone, linkedin,
        ask_me_about, badge, locale, amount_cents, currency, provider, hold_expires_at, code_id, discount_cents, created_at, updated_at)
      SELECT ${id}, e.id, 'held', ${fullName(form)}, ${form.givenName}, ${form.familyName}, ${form.email}, ${form.company},
        ${form.role}, ${form.phone}, ${form.linkedin}, ${form.askMeAbout}, ${form.badge}, ${lang}, ${price.amountCents}, e.currency, ${free ? 'free' : payments!.kind},
        ${sessionExpiresAt + HOLD_GRACE_MS}, ${code?.id ?? null}, ${price.discountCents}, ${now}, ${now}
      FROM events e
      WHERE e.id = ${event.id} AND e.status = 'on_sale' AND ${now} < coalesce(e.sales_close_at, e.starts_at) AND ${now} < e.ends_at
        AND ${code?.unlocksSale ? sql`1` : sql`${now} >= coalesce(e.sales_open_at, 0)`}
        AND e.price_cents = ${event.priceCents} ${code ? sql`AND ${codeUsable(code.id, now, ownHold('u'))}` : sql``}
        AND (SELECT count(*) FROM orders o WHERE o.event_id = e.id AND ${takenSeatsWhere('o', now)}
          AND NOT (${ownHold('o')})) + ${waitingInLine(sql.raw('e.id'))} < e.capacity`),
    // Only once the new hold is in: a refused attempt (sold out, sales closed) leaves the old one as it was.
    deps.db.run(sql`UPDATE orders SET status = 'cancelled', updated_at = ${now}
      WHERE event_id = ${event.id} AND id <> ${id} AND ${ownHold('orders')}
        AND EXISTS (SELECT 1 FROM orders n WHERE n.id = ${id})
      RETURNING provider_session_id AS session`),
    deps.db.run(purchaseConsentsSql(id, form, now)),
    ...(local?.record ? [local.record, linkSession(deps, id, local.id)] : []),
  ]);
  if (inserted.rowsAffected !== 1) {
    const codeError = code ? await codeRefusal(deps, code, ownHold('u')) : null;
    if (codeError) throw codeError;
    // the reason from the row as it is now: the one passed in may be a kept copy (src/events/by-slug.ts)
    const current = await getEvent(deps, event.id);
    if (current.updatedAt !== event.updatedAt) forgetEventRows(deps.db);
    throw refusal(current, now, await countPublicSeatsLeft(deps.db, current, now), code?.unlocksSale);
  }
  await expireCheckouts(payments, replaced.rows);
  const base = deps.config.publicUrl;
  if (free) {
    await fulfilFreeOrder(deps, id);
    return { orderId: id, checkoutUrl: `${base}/orders/${id}/done` };
  }
  if (local) return { orderId: id, checkoutUrl: local.url };
  try {
    const checkoutUrl = await startCheckout(deps, checkout);
    return { orderId: id, checkoutUrl };
  } catch (err) {
    // The buyer never reached the provider: give the seat back at once, to the waitlist if it has a line.
    await deps.db.update(orders).set({ status: 'cancelled', updatedAt: deps.clock.now() }).where(eq(orders.id, id));
    await fillSeats(deps, event.id);
    throw err;
  }
}

/** Why a hold was refused, by the event's state and the public seats left. */
function refusal(event: Event, now: number, seatsLeft: number, unlocked?: boolean): AppError {
  const reason = salesBlocker(event, now, seatsLeft, { unlocked }) ?? 'sold_out';
  return new AppError(reason === 'not_on_sale' ? 'sales_closed' : reason, reason);
}

/** The two consent boxes of a purchase form, appended to the order's consent records. */
export const purchaseConsentsSql = (
  orderId: string,
  form: Pick<PurchaseForm, 'consentHost' | 'consentGuests'>,
  now: number,
  condition: SQL = sql`1`,
) => sql`
  INSERT INTO consents (order_id, scope, granted, policy_version, source, recorded_at)
  SELECT id, 'host', ${form.consentHost}, ${POLICY_VERSION}, 'purchase', ${now} FROM orders WHERE id = ${orderId} AND ${condition}
  UNION ALL
  SELECT id, 'guests', ${form.consentGuests}, ${POLICY_VERSION}, 'purchase', ${now} FROM orders WHERE id = ${orderId} AND ${condition}`;

/**
 * Opens the provider's checkout for a held order and links it to the order; answers the checkout's address.
 * The invoice names the dinner and, with a code, the list price and the discount.
 */
type CheckoutInput = {
  orderId: string;
  event: Event;
  email: string;
  lang: Lang;
  price: { amountCents: number; discountCents: number };
  code: string | null;
  expiresAt: number;
  idempotencyKey: string;
};

/** What the provider is asked for: the invoice names the dinner and, with a code, the list price and the discount. */
function checkoutRequest(deps: Deps, input: CheckoutInput): CheckoutRequest {
  const { event, lang, orderId } = input;
  const base = deps.config.publicUrl;
  return {
    orderId,
    amountCents: input.price.amountCents,
    currency: event.currency,
    productName: event.title,
    invoiceDescription: `${event.title}, ${formatDateTime(event.startsAt, event.timezone, lang)}, ${event.venue}`,
    discount:
      input.code && input.price.discountCents > 0
        ? { code: input.code, amountCents: input.price.discountCents, listPriceCents: event.priceCents }
        : undefined,
    customerEmail: input.email,
    locale: lang,
    expiresAt: input.expiresAt,
    allowDelayed: event.startsAt - deps.clock.now() >= DELAYED_METHODS_MS,
    successUrl: `${base}/orders/${orderId}/done`,
    cancelUrl: `${base}/orders/${orderId}/cancel`,
    idempotencyKey: input.idempotencyKey,
  };
}

/** The order's link to its checkout (a no-op when the order is not there). */
const linkSession = (deps: Deps, orderId: string, sessionId: string) =>
  deps.db
    .update(orders)
    .set({ providerSessionId: sessionId, updatedAt: deps.clock.now() })
    .where(eq(orders.id, orderId));

/** Opens the provider's checkout for a held order and links it to the order; answers the checkout's address. */
export async function startCheckout(deps: Deps, input: CheckoutInput): Promise<string> {
  const payments = deps.payments;
  if (!payments) throw new AppError('payments_not_configured', 'Payments are not configured.');
  const session = await payments.createCheckout(checkoutRequest(deps, input));
  const link = linkSession(deps, input.orderId, session.id);
  await (session.record ? deps.db.batch([session.record, link]) : link);
  return session.url;
}

/**
 * The buyer left the payment page: close the checkout at the provider, then give the seat back at once (to the
 * waitlist, when it has a line). A waitlist offer's seat stays the person's until the offer lapses.
 */
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
  const now = deps.clock.now();
  const [kept] = await deps.db.batch([
    deps.db.run(keepOfferSeat(sql`id = ${order.id}`, now)),
    deps.db.run(sql`UPDATE orders SET status = 'cancelled', updated_at = ${now}
      WHERE id = ${order.id} AND status = 'held' AND NOT ${liveOfferOf('orders', now)}`),
  ]);
  if (kept.rowsAffected) return getOrder(deps, order.id);
  await fillSeats(deps, order.eventId);
  return getOrder(deps, order.id);
}

export async function getOrder(deps: Deps, id: string): Promise<Order> {
  const row = await deps.db.query.orders.findFirst({ where: eq(orders.id, id) });
  if (!row) throw new AppError('not_found', 'No such order.');
  return row;
}
