import { sql } from 'drizzle-orm';
import { codeRefusal, codeUsable, findUsableCode, priceWith } from '../codes/service';
import type { Deps } from '../deps';
import type { Event } from '../events/service';
import { AppError } from '../lib/errors';
import type { Lang } from '../lib/i18n';
import { errorText, logRef } from '../lib/log-safe';
import { fullName } from '../lib/names';
import type { PurchaseForm } from '../orders/schema';
import {
  CHECKOUT_MINUTES,
  getOrder,
  HOLD_GRACE_MS,
  type Order,
  purchaseConsentsSql,
  startCheckout,
} from '../orders/service';
import { fulfilCheckout, fulfilFreeOrder } from '../payments/fulfil';
import type { WaitlistEntry } from './offers';

/** Where the person goes once the offer is taken up: the payment page, or the success page of a paid seat. */
const donePage = (deps: Deps, orderId: string) => `${deps.config.publicUrl}/orders/${orderId}/done`;

/**
 * A checkout opened earlier for this offer (the person came back to the form) is closed first: an expired
 * Checkout Session can never be paid, so the order may then take a new one. One that can no longer be closed
 * was completed: its payment is settled like any other, and the person goes to the success page.
 */
async function closeEarlierCheckout(deps: Deps, order: Order): Promise<'closed' | 'completed'> {
  if (!order.providerSessionId || deps.payments?.kind !== order.provider) return 'closed';
  try {
    await deps.payments.expireCheckout(order.providerSessionId);
    return 'closed';
  } catch (err) {
    const snapshot = await deps.payments.retrieveCheckout(order.providerSessionId);
    if (snapshot.status === 'complete') {
      await fulfilCheckout(deps, snapshot);
      return 'completed';
    }
    if (snapshot.status === 'expired') return 'closed';
    throw err;
  }
}

/**
 * The person takes up the offer with the prefilled purchase form: the held order takes their details, the price
 * (with a code, whose use is checked in the same statement), the consents of the form, and a hold long enough for
 * the checkout; then the payment page opens. The seat is the one held since the offer: nothing is counted again.
 */
export async function acceptOffer(
  deps: Deps,
  input: { entry: WaitlistEntry; event: Event; form: PurchaseForm; lang: Lang },
): Promise<string> {
  const { entry, event, form, lang } = input;
  const now = deps.clock.now();
  if (entry.state !== 'offered' || !entry.orderId)
    throw new AppError('offer_unavailable', `This offer is ${entry.state}.`);
  const order = await getOrder(deps, entry.orderId);
  if (order.status === 'paid' || order.status === 'processing') return donePage(deps, order.id);
  if (order.status !== 'held' || order.holdExpiresAt <= now)
    throw new AppError('offer_unavailable', 'This offer has lapsed.');
  const thisOrder = sql`u.id = ${order.id}`;
  const code = form.code ? await findUsableCode(deps, event, form.code, thisOrder) : null;
  const price = priceWith(event.priceCents, code);
  const free = price.amountCents === 0;
  if (!free && !deps.payments) throw new AppError('payments_not_configured', 'Payments are not configured.');
  if ((await closeEarlierCheckout(deps, order)) === 'completed') return donePage(deps, order.id);
  const holdUntil = Math.max(order.holdExpiresAt, now + CHECKOUT_MINUTES * 60_000 + HOLD_GRACE_MS);
  // the consents go in only with the update: the order carries this very request's marks
  const taken = sql`EXISTS (SELECT 1 FROM orders WHERE id = ${order.id} AND updated_at = ${now} AND provider_session_id IS NULL
    AND hold_expires_at = ${holdUntil})`;
  const [updated] = await deps.db.batch([
    deps.db.run(sql`UPDATE orders SET name = ${fullName(form)}, given_name = ${form.givenName},
        family_name = ${form.familyName}, badge = ${form.badge}, email = ${form.email}, company = ${form.company},
        role = ${form.role}, phone = ${form.phone}, linkedin = ${form.linkedin}, ask_me_about = ${form.askMeAbout},
        locale = ${lang}, amount_cents = ${price.amountCents}, discount_cents = ${price.discountCents},
        code_id = ${code?.id ?? null}, provider = ${free ? 'free' : deps.payments!.kind},
        provider_session_id = NULL, hold_expires_at = ${holdUntil}, updated_at = ${now}
      WHERE id = ${order.id} AND status = 'held' AND hold_expires_at > ${now} AND (SELECT price_cents FROM events WHERE id = orders.event_id) = ${event.priceCents}
        AND EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.id = ${entry.id} AND w.order_id = orders.id AND w.state = 'offered')
        ${code ? sql`AND ${codeUsable(code.id, now, thisOrder)}` : sql``}`),
    deps.db.run(purchaseConsentsSql(order.id, form, now, taken)),
  ]);
  if (updated.rowsAffected !== 1) {
    const refusal = code ? await codeRefusal(deps, code, thisOrder) : null;
    throw refusal ?? new AppError('offer_unavailable', 'This offer has lapsed.');
  }
  if (free) {
    await fulfilFreeOrder(deps, order.id);
    return donePage(deps, order.id);
  }
  try {
    return await startCheckout(deps, {
      orderId: order.id,
      event,
      email: form.email,
      lang,
      price,
      code: code?.code ?? null,
      expiresAt: now + CHECKOUT_MINUTES * 60_000,
      // one checkout per attempt: an earlier one of this offer was closed above
      idempotencyKey: `checkout-${order.id}-${now}`,
    });
  } catch (err) {
    // the seat stays the person's until the offer lapses: they can try again from the link
    deps.log.error('offer checkout failed', { order: logRef(order.id), error: errorText(err) });
    throw err;
  }
}
