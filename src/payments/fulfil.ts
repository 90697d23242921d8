import { eq, sql } from 'drizzle-orm';
import { orders } from '../db/schema';
import type { Deps } from '../deps';
import { takenSeatsWhere } from '../events/seats';
import { getEvent } from '../events/service';
import { newId, newQrSecret, newToken, sha256Hex } from '../lib/crypto';
import { formatMoney, type Lang } from '../lib/i18n';
import { logRef } from '../lib/log-safe';
import { queueMailSql } from '../mail/outbox';
import { settleRefund } from '../orders/refund';
import type { Order } from '../orders/service';
import { composeRefundMail, composeTicketMail } from '../tickets/mail';
import type { CheckoutSnapshot } from './gateway';

/** For an order row named `orders`: a cancelled dinner seats nobody, whenever the money comes. */
const eventOn = sql`(SELECT status FROM events WHERE id = orders.event_id) != 'cancelled'`;

/**
 * For an order row named `orders`: its hold still stands, or it lapsed and a seat is free for it now.
 * Webhooks can arrive days late (Stripe retries for three days), so a lapsed hold is checked again.
 */
const keepsOrRegainsSeat = (now: number) => sql`((status = 'held' AND hold_expires_at > ${now})
  OR (status IN ('held', 'expired', 'cancelled', 'failed') AND
    (SELECT count(*) FROM orders o WHERE o.event_id = orders.event_id AND o.id != orders.id AND ${takenSeatsWhere('o', now)})
      < (SELECT capacity FROM events WHERE id = orders.event_id)))`;

/** what an order can be in when paid money finds no seat for it (processing: its dinner was cancelled) */
const UNSEATED = ['held', 'expired', 'cancelled', 'failed', 'processing'];

async function findOrder(deps: Deps, snapshot: CheckoutSnapshot): Promise<Order | null> {
  if (snapshot.orderId) {
    const row = await deps.db.query.orders.findFirst({ where: eq(orders.id, snapshot.orderId) });
    // An order id in metadata must belong to this very session: metadata alone is not trusted.
    if (row && (row.providerSessionId === null || row.providerSessionId === snapshot.id)) return row;
  }
  return (await deps.db.query.orders.findFirst({ where: eq(orders.providerSessionId, snapshot.id) })) ?? null;
}

/**
 * The one fulfilment path, for the webhook and the success page alike. Every step is a conditional
 * statement in one batch, so running it twice, late or out of order changes nothing twice.
 * Answers the order as it is afterwards (null for a session klick does not know).
 */
export async function fulfilCheckout(deps: Deps, snapshot: CheckoutSnapshot): Promise<Order | null> {
  const order = await findOrder(deps, snapshot);
  if (!order) {
    deps.log.info('checkout for unknown order', { sessionId: snapshot.id });
    return null;
  }
  const now = deps.clock.now();
  if (snapshot.paymentStatus !== 'paid') {
    if (snapshot.status !== 'complete') return order;
    // A delayed method (SEPA) was submitted: keep the seat until the money arrives or fails.
    await deps.db.run(sql`UPDATE orders SET status = 'processing', provider_payment_id = coalesce(provider_payment_id, ${snapshot.paymentIntentId}),
      updated_at = ${now} WHERE id = ${order.id} AND ${eventOn} AND ${keepsOrRegainsSeat(now)}`);
    return getOrderRow(deps, order.id);
  }

  const paid = sql`UPDATE orders SET status = 'paid', paid_at = ${now}, updated_at = ${now},
      provider_payment_id = coalesce(provider_payment_id, ${snapshot.paymentIntentId}),
      provider_session_id = coalesce(provider_session_id, ${snapshot.id}),
      invoice_url = coalesce(${snapshot.invoiceUrl ?? null}, invoice_url)
    WHERE id = ${order.id} AND ${eventOn} AND (status = 'processing' OR ${keepsOrRegainsSeat(now)})`;
  await deps.db.batch([deps.db.run(paid), ...(await issueTicketSql(deps, order, now)).map((q) => deps.db.run(q))]);
  const after = await getOrderRow(deps, order.id);
  // Still unpaid after a paid checkout means the seat check failed: the seats are gone or the dinner is off.
  return UNSEATED.includes(after.status) ? refundUnseated(deps, after, snapshot) : after;
}

/**
 * The ticket of an order that has just been paid, and its mail, as statements for the batch that marks it paid:
 * all happen only when that statement did, and a replay inserts no second ticket (one valid ticket per order).
 */
async function issueTicketSql(deps: Deps, order: Order, now: number) {
  const event = await getEvent(deps, order.eventId);
  const ticketId = newId();
  const qrSecret = newQrSecret();
  const token = newToken();
  const ticketUrl = `${deps.config.publicUrl}/t/${token}`;
  const mail = await composeTicketMail({
    event,
    ticketId,
    name: order.name,
    ticketUrl,
    qrSecret,
    wallet: deps.config.wallet,
    lang: order.locale as Lang,
    now,
    amountCents: order.amountCents,
  });
  return [
    sql`INSERT INTO tickets (id, order_id, event_id, name, email, company, role, phone, linkedin, ask_me_about,
        qr_secret, qr_hash, token, token_hash, status, demo, created_at, updated_at)
      SELECT ${ticketId}, id, event_id, name, email, company, role, phone, linkedin, ask_me_about,
        ${qrSecret}, ${await sha256Hex(qrSecret)}, ${token}, ${await sha256Hex(token)}, 'valid', ${order.provider === 'demo'}, ${now}, ${now}
      FROM orders WHERE id = ${order.id} AND status = 'paid'
      ON CONFLICT (order_id) WHERE status = 'valid' DO NOTHING`,
    queueMailSql(
      { dedupeKey: `ticket:${order.id}`, to: order.email, ...mail },
      now,
      sql`EXISTS (SELECT 1 FROM tickets WHERE order_id = ${order.id} AND token = ${token})`,
    ),
    // a waitlist offer taken up (src/waitlist): the person's place in line has become a seat
    sql`UPDATE waitlist_entries SET state = 'converted', updated_at = ${now}
      WHERE order_id = ${order.id} AND state IN ('offered', 'lapsed')
        AND EXISTS (SELECT 1 FROM orders WHERE id = ${order.id} AND status = 'paid')`,
  ];
}

/**
 * A seat that costs nothing (a comp code): paid at once, in one batch with its ticket and mail, without the
 * payment provider. Only a live hold of amount 0 is paid this way.
 */
export async function fulfilFreeOrder(deps: Deps, orderId: string): Promise<Order> {
  const order = await getOrderRow(deps, orderId);
  const now = deps.clock.now();
  const paid = sql`UPDATE orders SET status = 'paid', paid_at = ${now}, updated_at = ${now}
    WHERE id = ${orderId} AND amount_cents = 0 AND status = 'held' AND hold_expires_at > ${now} AND ${eventOn}`;
  await deps.db.batch([deps.db.run(paid), ...(await issueTicketSql(deps, order, now)).map((q) => deps.db.run(q))]);
  return getOrderRow(deps, orderId);
}

/**
 * Money came in for an order without a seat: the hold lapsed while the dinner filled up, or the dinner was
 * cancelled. It goes back, and the buyer is told why; the order stays refund_due (retried by timed work,
 * shown to the organizer) until the provider has taken the refund.
 */
async function refundUnseated(deps: Deps, order: Order, snapshot: CheckoutSnapshot): Promise<Order> {
  const paymentIntentId = snapshot.paymentIntentId ?? order.providerPaymentId;
  if (!paymentIntentId) {
    deps.log.error('payment without refundable payment id', { order: logRef(order.id) });
    return order;
  }
  const now = deps.clock.now();
  const event = await getEvent(deps, order.eventId);
  const reason = event.status === 'cancelled' ? 'event_cancelled' : 'sold_out_late';
  const lang = order.locale as Lang;
  const mail = composeRefundMail({
    event,
    name: order.name,
    lang,
    amount: formatMoney(order.amountCents, order.currency, lang),
    reason,
  });
  await deps.db.batch([
    deps.db.run(sql`UPDATE orders SET status = 'refund_due', refund_reason = ${reason},
      provider_payment_id = coalesce(provider_payment_id, ${paymentIntentId}), updated_at = ${now}
      WHERE id = ${order.id} AND status IN ${UNSEATED}`),
    deps.db.run(
      queueMailSql(
        { dedupeKey: `late-refund:${order.id}`, to: order.email, ...mail },
        now,
        sql`EXISTS (SELECT 1 FROM orders WHERE id = ${order.id} AND status = 'refund_due')`,
      ),
    ),
  ]);
  const due = await getOrderRow(deps, order.id);
  if (due.status === 'refund_due') await settleRefund(deps, due);
  return getOrderRow(deps, order.id);
}

async function getOrderRow(deps: Deps, id: string): Promise<Order> {
  return (await deps.db.query.orders.findFirst({ where: eq(orders.id, id) }))!;
}
