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

  it('rejects events signed with the demo secret', async () => {
    const { res } = await sendEvent(t, 'checkout.session.completed', { id: 'cs_x', object: 'checkout.session' });
    expect(res.status).toBe(400);
  });
});
