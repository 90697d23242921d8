import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/errors';
import type { PaymentGateway } from '../../src/payments/gateway';
import { answerRemoteCall, createRemoteGateway } from '../../src/payments/remote-gateway';
import { createStripeGateway } from '../../src/payments/stripe-gateway';
import { startFakeStripe } from '../fixtures/stripe/fake-stripe';

// On Workers the main and the organizer's Worker use the Stripe adapter through the payments Worker's binding
// (src/payments-worker.ts). Here the binding is a fetch that hands the request to answerRemoteCall, as the payments
// Worker does, with the real SDK adapter behind it against the fake Stripe server: what the caller gets must be
// what the adapter gives, results and errors alike (test/workers/split.test.ts runs the same in workerd).
const stripe = await startFakeStripe();
afterAll(() => stripe.close());

function overBinding(gateway: PaymentGateway) {
  const calls: { method: string; args: unknown }[] = [];
  const remote = createRemoteGateway({
    async fetch(req) {
      const method = new URL(req.url).pathname.slice(1);
      const args = await req.json();
      calls.push({ method, args });
      // through JSON both ways, as over a service binding
      return Response.json(JSON.parse(JSON.stringify(await answerRemoteCall(gateway, method, args))));
    },
  });
  return { remote, calls };
}

const sdk = createStripeGateway({
  secretKey: 'sk_test_remote',
  webhookSecret: 'whsec_remote',
  apiUrl: stripe.url,
  paymentMethods: ['card'],
});

describe('the Stripe gateway across a service binding', () => {
  it('creates, reads and closes a checkout, and refunds in full or in part, as the SDK adapter does', async () => {
    const { remote, calls } = overBinding(sdk);
    expect(remote.kind).toBe('stripe');
    const session = await remote.createCheckout({
      orderId: 'ord_remote',
      amountCents: 5000,
      currency: 'EUR',
      productName: 'Dinner',
      invoiceDescription: 'Dinner, Hotel',
      customerEmail: 'rita@example.com',
      locale: 'de',
      expiresAt: Date.now() + 3_600_000,
      allowDelayed: false,
      successUrl: 'https://t.example/orders/ord_remote/done',
      cancelUrl: 'https://t.example/e/dinner',
      idempotencyKey: 'checkout-ord_remote',
    });
    expect(session.id).toMatch(/^cs_test_fake_/);
    expect(await remote.retrieveCheckout(session.id)).toMatchObject({ id: session.id, orderId: 'ord_remote' });
    await expect(remote.expireCheckout(session.id)).resolves.toBeUndefined();

    const full = await remote.refund('pi_remote_1', 'refund-1');
    const part = await remote.refund('pi_remote_2', 'refund-2', 4000);
    expect(full.id).toMatch(/^re_fake_/);
    expect(part.id).toMatch(/^re_fake_/);
    const refunds = stripe.requests.filter((r) => r.path === '/v1/refunds').map((r) => Object.fromEntries(r.form));
    expect(refunds.at(-2)).toEqual({ payment_intent: 'pi_remote_1' });
    expect(refunds.at(-1)).toEqual({ payment_intent: 'pi_remote_2', amount: '4000' });
    // a full refund sends no amount at all (no null that the SDK would pass on)
    expect(calls.find((c) => c.method === 'refund')?.args).toEqual(['pi_remote_1', 'refund-1']);
  });

  it('gives back the adapter’s AppError with its code, message and details', async () => {
    const { remote } = overBinding(sdk);
    const closed = await remote.expireCheckout('cs_test_fake_missing').catch((e) => e);
    expect(closed).toBeInstanceOf(AppError);
    expect(closed.code).toBe('payment_provider_error');
    const direct = await sdk.expireCheckout('cs_test_fake_missing').catch((e) => e);
    expect(closed.message).toBe(direct.message);
    // the same fields, each request with its own id (an undefined field does not travel)
    expect(closed.details).toEqual({ ...JSON.parse(JSON.stringify(direct.details)), requestId: expect.any(String) });
    expect(closed.details.requestId).toMatch(/^req_/);

    const forged = await remote.verifyWebhook('{"id":"evt_x"}', 't=1,v1=00').catch((e) => e);
    expect(forged).toMatchObject({ code: 'invalid_signature' });
    const unsigned = await remote.verifyWebhook('{"id":"evt_x"}', undefined).catch((e) => e);
    expect(unsigned).toMatchObject({ code: 'invalid_signature', message: 'Missing Stripe-Signature header' });
  });

  it('runs only the gateway’s own calls, and keeps an unexpected error’s text to itself', async () => {
    expect(await answerRemoteCall(sdk, 'constructor', [])).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await answerRemoteCall(sdk, 'refund', 'pi_x')).toMatchObject({ ok: false, code: 'invalid_input' });
    const broken = { ...sdk, refund: () => Promise.reject(new Error('sk_live_secret in a stack')) };
    expect(await answerRemoteCall(broken, 'refund', ['pi_x', 'k'])).toEqual({
      ok: false,
      code: 'payment_provider_error',
      message: 'payment provider call failed',
    });
  });

  it('says so when the payments Worker cannot be reached', async () => {
    const remote = createRemoteGateway({ fetch: () => Promise.reject(new Error('binding gone')) });
    await expect(remote.refund('pi_x', 'k')).rejects.toMatchObject({ code: 'payment_provider_error' });
  });
});
