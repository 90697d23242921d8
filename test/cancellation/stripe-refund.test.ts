import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, tickets } from '../../src/db/schema';
import { startFakeStripe } from '../fixtures/stripe/fake-stripe';
import { sendEvent } from '../flow';
import { buyerForm, createDinner, makeTestApp, type TestApp } from '../helpers';

const SECRET = 'whsec_cancel_test_secret';
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let t: TestApp;

beforeAll(async () => {
  stripe = await startFakeStripe();
  t = await makeTestApp({
    STRIPE_SECRET_KEY: 'sk_test_cancel',
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_API_URL: stripe.url,
  });
});
afterAll(async () => {
  t.close();
  await stripe.close();
});

describe('a cancellation refunds its share through the Stripe adapter (the real SDK against a fake Stripe)', () => {
  it('refunds 75 % of the payment intent, under its own idempotency key', async () => {
    await createDinner(t, { cancellation: { untilDaysBefore: 2, refundPercent: 75 } });
    await t.postForm('/e/dinner/checkout', buyerForm(1));
    const order = (await t.deps.db.query.orders.findFirst())!;
    const session = stripe.setSession(order.providerSessionId!, {
      status: 'complete',
      payment_status: 'paid',
      payment_intent: 'pi_cancel_1',
    });
    expect((await sendEvent(t, 'checkout.session.completed', session, { secret: SECRET })).res.status).toBe(200);
    const ticket = (await t.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id) }))!;
    expect((await t.postForm(`/t/${ticket.token}/cancel`, { confirm: 'yes' })).status).toBe(303);
    const refund = stripe.requests.findLast((r) => r.path === '/v1/refunds')!;
    expect(refund.form.get('payment_intent')).toBe('pi_cancel_1');
    expect(refund.form.get('amount')).toBe('3750');
    expect(refund.headers['idempotency-key']).toBe(`cancel-refund-${order.id}`);
    expect(await t.deps.db.query.orders.findFirst({ where: eq(orders.id, order.id) })).toMatchObject({
      status: 'refunded',
      refundedCents: 3750,
    });
    // Stripe's charge.refunded for a partial refund (refunded: false) changes nothing
    const hook = await sendEvent(
      t,
      'charge.refunded',
      { object: 'charge', payment_intent: 'pi_cancel_1', refunded: false },
      { secret: SECRET },
    );
    expect((await hook.res.json()).outcome).toBe('ignored');
  });
});
