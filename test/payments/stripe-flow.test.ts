import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, tickets } from '../../src/db/schema';
import { startFakeStripe } from '../fixtures/stripe/fake-stripe';
import { orderRow, sendEvent } from '../flow';
import { buyerForm, createDinner, makeTestApp, type TestApp } from '../helpers';

const WEBHOOK_SECRET = 'whsec_flow_test_secret';
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let t: TestApp;

beforeAll(async () => {
  stripe = await startFakeStripe();
  t = await makeTestApp({
    STRIPE_SECRET_KEY: 'sk_test_flow',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: stripe.url,
  });
  await createDinner(t, { capacity: 1 });
});
afterAll(async () => {
  t.close();
  await stripe.close();
});

async function buy(i: number) {
  const res = await t.postForm('/e/dinner/checkout', buyerForm(i));
  const order = await t.deps.db.query.orders.findFirst({ where: eq(orders.email, buyerForm(i).email ?? '') });
  return { res, order: order! };
}

describe('the app with the Stripe adapter against a fake Stripe', () => {
  it('reports stripe in the health check and hides the demo checkout', async () => {
    expect((await (await t.request('/api/health')).json()).payments).toBe('stripe');
    expect((await t.request('/demo/checkout/x')).status).toBe(404);
  });

  it('creates the Checkout Session for the held order and redirects to Stripe', async () => {
    const { res, order } = await buy(1);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`https://checkout.stripe.com/c/pay/${order.providerSessionId}`);
    const create = stripe.requests.find((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST')!;
    expect(create.form.get('client_reference_id')).toBe(order.id);
    expect(create.form.get('metadata[order_id]')).toBe(order.id);
    expect(create.headers['idempotency-key']).toBe(`checkout-${order.id}`);
    expect(create.form.get('customer_email')).toBe('guest1@example.com');
    expect(create.form.get('locale')).toBe('de');
    expect(create.form.get('line_items[0][price_data][unit_amount]')).toBe('5000');
    expect(create.form.get('invoice_creation[invoice_data][description]')).toContain('Network Dinner Frankfurt');
    const expiresAt = Number(create.form.get('expires_at')) * 1000;
    expect(expiresAt - t.clock.now()).toBeGreaterThanOrEqual(30 * 60_000);
  });

  it('the success page retrieves the session and fulfils before any webhook', async () => {
    const order = await t.deps.db.query.orders.findFirst({ where: eq(orders.email, 'guest1@example.com') });
    stripe.setSession(order!.providerSessionId!, {
      status: 'complete',
      payment_status: 'paid',
      payment_intent: 'pi_flow_1',
    });
    const html = await (await t.request(`/orders/${order!.id}/done`)).text();
    const ticket = await t.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order!.id) });
    expect(html).toContain(`/t/${ticket!.token}`);
    expect(ticket!.demo).toBe(false);
    expect((await orderRow(t, order!.id)).providerPaymentId).toBe('pi_flow_1');
  });

  it('a late payment for a full dinner is refunded at Stripe with a deterministic key', async () => {
    const first = await t.deps.db.query.orders.findFirst({ where: eq(orders.email, 'guest1@example.com') });
    // a second buyer's hold lapses while the first seat is sold; then their payment arrives
    const late = await t.deps.db
      .insert(orders)
      .values({
        id: 'late-order-1',
        eventId: first!.eventId,
        status: 'expired',
        name: 'Late',
        email: 'late@example.com',
        amountCents: 5000,
        currency: 'EUR',
        provider: 'stripe',
        providerSessionId: 'cs_late_1',
        holdExpiresAt: t.clock.now() - 1,
        createdAt: 1,
        updatedAt: 1,
      })
      .returning();
    const session = {
      id: 'cs_late_1',
      object: 'checkout.session',
      client_reference_id: late[0]!.id,
      metadata: { order_id: late[0]!.id },
      status: 'complete',
      payment_status: 'paid',
      payment_intent: 'pi_late_1',
      amount_total: 5000,
      currency: 'eur',
    };
    const { res } = await sendEvent(t, 'checkout.session.completed', session, { secret: WEBHOOK_SECRET });
    expect(res.status).toBe(200);
    const refund = stripe.requests.find((r) => r.path === '/v1/refunds')!;
    expect(refund.form.get('payment_intent')).toBe('pi_late_1');
    expect(refund.headers['idempotency-key']).toBe('late-refund-late-order-1');
    expect(await orderRow(t, 'late-order-1')).toMatchObject({ status: 'refunded', refundReason: 'sold_out_late' });
  });

  it('offers SEPA debit only for a dinner at least 14 days away (it can take that long to clear)', async () => {
    const soon = stripe.requests.find((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST')!;
    // the test dinner starts 11 days after the clock's now
    expect(soon.form.getAll('allowed_payment_method_types[0]')).toEqual(['card']);
    expect([...soon.form.keys()].filter((k) => k.startsWith('allowed_payment_method_types'))).toHaveLength(1);
    await createDinner(t, { slug: 'later', startsAt: '2026-12-06T18:00:00Z', endsAt: '2026-12-06T22:00:00Z' });
    const before = stripe.requests.length;
    expect((await t.postForm('/e/later/checkout', buyerForm(20))).status).toBe(303);
    const later = stripe.requests.slice(before).find((r) => r.path === '/v1/checkout/sessions')!;
    expect(later.form.get('allowed_payment_method_types[0]')).toBe('card');
    expect(later.form.get('allowed_payment_method_types[1]')).toBe('sepa_debit');
  });

  it('the cancel return expires the Checkout Session at Stripe and frees the seat at once', async () => {
    await createDinner(t, { slug: 'cancel-me', capacity: 1 });
    const res = await t.postForm('/e/cancel-me/checkout', buyerForm(21));
    const order = (await t.deps.db.query.orders.findFirst({ where: eq(orders.email, 'guest21@example.com') }))!;
    expect(res.headers.get('location')).toContain(order.providerSessionId!);
    const create = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!;
    expect(create.form.get('cancel_url')).toBe(`http://klick.test/orders/${order.id}/cancel`);
    const back = await t.request(`/orders/${order.id}/cancel`);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/e/cancel-me?cancelled=1');
    const expire = stripe.requests.at(-1)!;
    expect(`${expire.method} ${expire.path}`).toBe(`POST /v1/checkout/sessions/${order.providerSessionId}/expire`);
    expect([...expire.form.keys()]).toEqual([]);
    expect((await orderRow(t, order.id)).status).toBe('cancelled');
    expect((await t.postForm('/e/cancel-me/checkout', buyerForm(22))).status).toBe(303);
  });

  it('a cancel return for a session that was paid meanwhile keeps the order', async () => {
    await createDinner(t, { slug: 'paid-meanwhile' });
    await t.postForm('/e/paid-meanwhile/checkout', buyerForm(23));
    const order = (await t.deps.db.query.orders.findFirst({ where: eq(orders.email, 'guest23@example.com') }))!;
    stripe.setSession(order.providerSessionId!, { status: 'complete', payment_status: 'paid', payment_intent: 'pi_m' });
    expect((await t.request(`/orders/${order.id}/cancel`)).status).toBe(303);
    expect((await orderRow(t, order.id)).status).toBe('held');
    await t.request(`/orders/${order.id}/done`);
    expect((await orderRow(t, order.id)).status).toBe('paid');
  });

  it('rejects events signed with the demo secret', async () => {
    const { res } = await sendEvent(t, 'checkout.session.completed', { id: 'cs_x', object: 'checkout.session' });
    expect(res.status).toBe(400);
  });
});
