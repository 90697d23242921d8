import { and, eq } from 'drizzle-orm';
import { demoSessions, orders } from '../src/db/schema';
import { stripeEvent, stripeSignatureHeader } from './fixtures/stripe/events';
import { buyerForm, DEMO_SECRET, type TestApp } from './helpers';

/** Holds a seat through the real form route; returns the order and its checkout session. */
export async function holdSeatVia(t: TestApp, i = 0, slug = 'dinner', extra: Record<string, string> = {}) {
  const res = await t.postForm(`/e/${slug}/checkout`, buyerForm(i, extra));
  if (res.status !== 303) throw new Error(`hold failed with ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const email = buyerForm(i, extra).email ?? '';
  // the live hold of that email: one it replaced stays behind, cancelled
  const order = (await t.deps.db.query.orders.findFirst({
    where: and(eq(orders.email, email), eq(orders.status, 'held')),
  }))!;
  return { order, sessionId: order.providerSessionId!, location: res.headers.get('location')! };
}

/** The session object as the demo provider would send it now, optionally changed. */
export async function demoSessionPayload(t: TestApp, sessionId: string, patch: Record<string, unknown> = {}) {
  const s = (await t.deps.db.query.demoSessions.findFirst({ where: eq(demoSessions.id, sessionId) }))!;
  return {
    id: s.id,
    object: 'checkout.session',
    client_reference_id: s.orderId,
    metadata: { order_id: s.orderId },
    status: 'complete',
    payment_status: 'paid',
    payment_intent: s.paymentIntentId,
    amount_total: s.amountTotal,
    currency: s.currency.toLowerCase(),
    ...patch,
  };
}

/** Posts a correctly signed provider event to the real webhook route. */
export async function sendEvent(
  t: TestApp,
  type: string,
  object: object,
  opts: {
    id?: string;
    secret?: string;
    timestamp?: number;
    tamper?: (body: string) => string;
    noSignature?: boolean;
  } = {},
) {
  const event = stripeEvent(type, object, opts.id ? { id: opts.id } : {});
  const payload = JSON.stringify(event);
  const signature = await stripeSignatureHeader(payload, opts.secret ?? DEMO_SECRET, opts.timestamp);
  const res = await t.request('/webhooks/stripe', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.noSignature ? {} : { 'stripe-signature': signature }) },
    body: opts.tamper ? opts.tamper(payload) : payload,
  });
  return { res, event };
}

export async function payVia(t: TestApp, sessionId: string, patch: Record<string, unknown> = {}) {
  await t.deps.db
    .update(demoSessions)
    .set({ status: 'complete', paymentStatus: 'paid' })
    .where(eq(demoSessions.id, sessionId));
  return sendEvent(t, 'checkout.session.completed', await demoSessionPayload(t, sessionId, patch));
}

export async function orderRow(t: TestApp, id: string) {
  return (await t.deps.db.query.orders.findFirst({ where: eq(orders.id, id) }))!;
}
