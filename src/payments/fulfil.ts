import { eq, sql } from 'drizzle-orm';
import { orders, tickets } from '../db/schema';
import type { Deps } from '../deps';
import { takenSeatsWhere } from '../events/seats';
import { getEvent } from '../events/service';
import { newId, newQrSecret, newToken, sha256Hex } from '../lib/crypto';
import { formatMoney, type Lang } from '../lib/i18n';
import { queueMailSql } from '../mail/outbox';
import type { Order } from '../orders/service';
import { composeLateRefundMail, composeTicketMail } from '../tickets/mail';
import type { CheckoutSnapshot } from './gateway';

export type FulfilResult =
  | { kind: 'paid'; order: Order; ticketToken: string }
  | { kind: 'processing' | 'not_paid' | 'ignored'; order: Order | null }
  | { kind: 'refunded_late'; order: Order };

/**
 * For an order row named `orders`: its hold still stands, or it lapsed and a seat is free for it now.
 * Webhooks can arrive days late (Stripe retries for three days), so a lapsed hold is checked again.
 */
const keepsOrRegainsSeat = (now: number) => sql`((status = 'held' AND hold_expires_at > ${now})
  OR (status IN ('held', 'expired', 'cancelled', 'failed') AND
    (SELECT count(*) FROM orders o WHERE o.event_id = orders.event_id AND o.id != orders.id AND ${takenSeatsWhere('o', now)})
      < (SELECT capacity FROM events WHERE id = orders.event_id)))`;

async function findOrder(deps: Deps, snapshot: CheckoutSnapshot): Promise<Order | null> {
  if (snapshot.orderId) {
    const row = await deps.db.query.orders.findFirst({ where: eq(orders.id, snapshot.orderId) });
    // An order id in metadata must belong to this very session: metadata alone is not trusted.
    if (row && (row.providerSessionId === null || row.providerSessionId === snapshot.id)) return row;
  }
  return (await deps.db.query.orders.findFirst({ where: eq(orders.providerSessionId, snapshot.id) })) ?? null;
}

async function ticketToken(deps: Deps, orderId: string): Promise<string | null> {
  const t = await deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, orderId), columns: { token: true } });
  return t?.token ?? null;
}

/**
 * The one fulfilment path, for the webhook and the success page alike. Every step is a
 * conditional statement in one batch, so running it twice, late or out of order changes nothing twice.
 */
export async function fulfilCheckout(deps: Deps, snapshot: CheckoutSnapshot): Promise<FulfilResult> {
  const order = await findOrder(deps, snapshot);
  if (!order) {
    deps.log.info('checkout for unknown order', { sessionId: snapshot.id });
    return { kind: 'ignored', order: null };
  }
  const now = deps.clock.now();
  if (snapshot.paymentStatus !== 'paid') {
    if (snapshot.status !== 'complete') return { kind: 'not_paid', order };
    // A delayed method (SEPA) was submitted: keep the seat until the money arrives or fails.
    await deps.db.run(sql`UPDATE orders SET status = 'processing', provider_payment_id = coalesce(provider_payment_id, ${snapshot.paymentIntentId}),
      updated_at = ${now} WHERE id = ${order.id} AND ${keepsOrRegainsSeat(now)}`);
    return currentResult(deps, await getOrderRow(deps, order.id));
  }

  const event = await getEvent(deps, order.eventId);
  const ticketId = newId();
  const qrSecret = newQrSecret();
  const token = newToken();
  const ticketUrl = `${deps.config.publicUrl}/t/${token}`;
  const mail = composeTicketMail({ event, ticketId, name: order.name, ticketUrl, lang: order.locale as Lang, now });
  await deps.db.batch([
    deps.db.run(sql`UPDATE orders SET status = 'paid', paid_at = ${now}, updated_at = ${now},
        provider_payment_id = coalesce(provider_payment_id, ${snapshot.paymentIntentId}),
        provider_session_id = coalesce(provider_session_id, ${snapshot.id}),
        invoice_url = coalesce(${snapshot.invoiceUrl ?? null}, invoice_url)
      WHERE id = ${order.id} AND (status = 'processing' OR ${keepsOrRegainsSeat(now)})`),
    deps.db.run(sql`INSERT INTO tickets (id, order_id, event_id, name, email, company, role, phone, linkedin, ask_me_about,
        qr_secret, qr_hash, token, token_hash, status, demo, created_at, updated_at)
      SELECT ${ticketId}, id, event_id, name, email, company, role, phone, linkedin, ask_me_about,
        ${qrSecret}, ${await sha256Hex(qrSecret)}, ${token}, ${await sha256Hex(token)}, 'valid', ${order.provider === 'demo'}, ${now}, ${now}
      FROM orders WHERE id = ${order.id} AND status = 'paid'
      ON CONFLICT (order_id) DO NOTHING`),
    deps.db.run(
      queueMailSql(
        { dedupeKey: `ticket:${order.id}`, to: order.email, ...mail },
        now,
        sql`EXISTS (SELECT 1 FROM tickets WHERE order_id = ${order.id} AND token = ${token})`,
      ),
    ),
  ]);
  const after = await getOrderRow(deps, order.id);
  // Still unpaid after a paid checkout means the seat check failed: the seats are gone.
  if (['held', 'expired', 'cancelled', 'failed'].includes(after.status))
    return refundLatePayment(deps, after, snapshot);
  return currentResult(deps, after);
}

/** The money came in after the hold lapsed and the seats are gone: give it back and tell the buyer why. */
async function refundLatePayment(deps: Deps, order: Order, snapshot: CheckoutSnapshot): Promise<FulfilResult> {
  const paymentIntentId = snapshot.paymentIntentId ?? order.providerPaymentId;
  if (!deps.payments || !paymentIntentId) {
    deps.log.error('late payment without refundable payment id', { orderId: order.id });
    return { kind: 'not_paid', order };
  }
  await deps.payments.refund(paymentIntentId, `late-refund-${order.id}`);
  const now = deps.clock.now();
  const event = await getEvent(deps, order.eventId);
  const mail = composeLateRefundMail({
    event,
    name: order.name,
    lang: order.locale as Lang,
    amount: formatMoney(order.amountCents, order.currency, order.locale as Lang),
  });
  await deps.db.batch([
    deps.db.run(sql`UPDATE orders SET status = 'refunded', refund_reason = 'sold_out_late', refunded_at = ${now},
      provider_payment_id = coalesce(provider_payment_id, ${paymentIntentId}), updated_at = ${now}
      WHERE id = ${order.id} AND status != 'paid'`),
    deps.db.run(queueMailSql({ dedupeKey: `late-refund:${order.id}`, to: order.email, ...mail }, now, sql`1`)),
  ]);
  deps.log.info('late payment refunded', { orderId: order.id });
  return { kind: 'refunded_late', order: await getOrderRow(deps, order.id) };
}

/** What an order's state means to the buyer when this call changed nothing. */
async function currentResult(deps: Deps, order: Order): Promise<FulfilResult> {
  if (order.status === 'paid') {
    const token = await ticketToken(deps, order.id);
    if (token) return { kind: 'paid', order, ticketToken: token };
  }
  if (order.status === 'refunded' && order.refundReason === 'sold_out_late') return { kind: 'refunded_late', order };
  return { kind: order.status === 'processing' ? 'processing' : 'not_paid', order };
}

async function getOrderRow(deps: Deps, id: string): Promise<Order> {
  return (await deps.db.query.orders.findFirst({ where: eq(orders.id, id) }))!;
}
