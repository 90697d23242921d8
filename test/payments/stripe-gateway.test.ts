import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/errors';
import type { CheckoutRequest } from '../../src/payments/gateway';
import { checkoutSnapshotFromStripe, createStripeGateway } from '../../src/payments/stripe-gateway';
import {
  chargeObject,
  checkoutSessionObject,
  invoiceObject,
  refundObject,
  stripeEvent,
  stripeSignatureHeader,
} from '../fixtures/stripe/events';
import fixtures from '../fixtures/stripe/fixtures.json';

const SECRET_KEY = 'sk_test_klick_secret_key_never_echoed';
const WEBHOOK_SECRET = 'whsec_klick_webhook_secret_never_echoed';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

// a real HTTP server, so the assertions cover what the real SDK puts on the wire
let requests: Recorded[] = [];
let reply: (r: Recorded) => Reply;
let server: Server;
let apiUrl: string;

function listen(s: Server): Promise<number> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(rec);
      const out = reply(rec);
      res.writeHead(out.status, { 'content-type': 'application/json', 'request-id': 'req_fake', ...out.headers });
      res.end(JSON.stringify(out.body));
    });
  });
  apiUrl = `http://127.0.0.1:${await listen(server)}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  requests = [];
  reply = () => ({ status: 404, body: { error: { type: 'invalid_request_error', message: 'no route' } } });
});

const gateway = () =>
  createStripeGateway({
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    apiUrl,
    paymentMethods: ['card', 'sepa_debit'],
  });

const checkoutRequest: CheckoutRequest = {
  orderId: 'ord_123',
  amountCents: 4900,
  currency: 'EUR',
  productName: 'Dinner: Founders & Friends',
  invoiceDescription: 'Founders & Friends, 12.03.2027 19:00, Café Nord, Berlin',
  customerEmail: 'ada@example.com',
  locale: 'de',
  expiresAt: 1_800_000_000_999,
  allowDelayed: true,
  successUrl: 'https://klick.test/o/ord_123?session_id={CHECKOUT_SESSION_ID}',
  cancelUrl: 'https://klick.test/o/ord_123/cancel',
  idempotencyKey: 'checkout-ord_123',
};

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('stripe gateway: API calls', () => {
  it('creates a checkout session with exactly these form parameters and headers', async () => {
    const session = checkoutSessionObject({ id: 'cs_test_new', url: 'https://checkout.stripe.com/c/pay/cs_test_new' });
    reply = () => ({ status: 200, body: session });

    const result = await gateway().createCheckout(checkoutRequest);

    expect(result).toEqual({ id: 'cs_test_new', url: 'https://checkout.stripe.com/c/pay/cs_test_new' });
    expect(requests).toHaveLength(1);
    const [req] = requests as [Recorded];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/checkout/sessions');
    const params = new URLSearchParams(req.body);
    const expected = {
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': '4900',
      'line_items[0][price_data][product_data][name]': 'Dinner: Founders & Friends',
      expires_at: '1800000000',
      client_reference_id: 'ord_123',
      'metadata[order_id]': 'ord_123',
      'payment_intent_data[metadata][order_id]': 'ord_123',
      customer_email: 'ada@example.com',
      locale: 'de',
      'invoice_creation[enabled]': 'true',
      'invoice_creation[invoice_data][description]': 'Founders & Friends, 12.03.2027 19:00, Café Nord, Berlin',
      'invoice_creation[invoice_data][metadata][order_id]': 'ord_123',
      'tax_id_collection[enabled]': 'true',
      'allowed_payment_method_types[0]': 'card',
      'allowed_payment_method_types[1]': 'sepa_debit',
      success_url: 'https://klick.test/o/ord_123?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://klick.test/o/ord_123/cancel',
    };
    expect(Object.fromEntries(params)).toEqual(expected);
    expect([...params.keys()]).toHaveLength(Object.keys(expected).length);
    expect(req.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(req.headers['idempotency-key']).toBe('checkout-ord_123');
    expect(req.headers['stripe-version']).toBe(Stripe.API_VERSION);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('leaves out delayed methods (SEPA debit) when the money could arrive after the dinner', async () => {
    reply = () => ({ status: 200, body: checkoutSessionObject({ id: 'cs_test_soon', url: 'https://x.test/c' }) });
    await createStripeGateway({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      apiUrl,
      paymentMethods: ['card', 'sepa_debit', 'paypal'],
    }).createCheckout({ ...checkoutRequest, allowDelayed: false });
    const params = new URLSearchParams(requests[0]!.body);
    expect(params.getAll('allowed_payment_method_types[0]')).toEqual(['card']);
    expect(params.getAll('allowed_payment_method_types[1]')).toEqual(['paypal']);
    expect([...params.keys()].filter((k) => k.startsWith('allowed_payment_method_types'))).toHaveLength(2);
  });

  it('expires an open session: POST /v1/checkout/sessions/:id/expire with an empty body', async () => {
    reply = () => ({ status: 200, body: checkoutSessionObject({ id: 'cs_test_open', status: 'expired' }) });
    await gateway().expireCheckout('cs_test_open');
    expect(requests).toHaveLength(1);
    const [req] = requests as [Recorded];
    expect(`${req.method} ${req.url}`).toBe('POST /v1/checkout/sessions/cs_test_open/expire');
    expect(req.body).toBe('');
    expect(req.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(req.headers['stripe-version']).toBe(Stripe.API_VERSION);
  });

  it('a session that is no longer open cannot be expired: payment_provider_error', async () => {
    reply = () => ({
      status: 400,
      body: {
        error: {
          type: 'invalid_request_error',
          message: 'Only Checkout Sessions with a status of open can be expired.',
        },
      },
    });
    const err = await rejection(gateway().expireCheckout('cs_test_done'));
    expect(err.code).toBe('payment_provider_error');
    expect(err.details).toMatchObject({ type: 'invalid_request_error', statusCode: 400 });
  });

  it('retrieves a session with the invoice expanded and maps it to a snapshot', async () => {
    const invoice = invoiceObject({ hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1/inv_1' });
    const paymentIntent = { ...structuredClone(fixtures.resources.payment_intent), id: 'pi_expanded' };
    const session = checkoutSessionObject({
      id: 'cs_test_r',
      client_reference_id: null,
      metadata: { order_id: 'ord_from_metadata' },
      status: 'complete',
      payment_status: 'paid',
      amount_total: 4900,
      currency: 'eur',
      payment_intent: paymentIntent as unknown as Stripe.PaymentIntent,
      invoice,
    });
    reply = () => ({ status: 200, body: session });

    const snapshot = await gateway().retrieveCheckout('cs_test_r');

    expect(requests.map((r) => `${r.method} ${decodeURIComponent(r.url)}`)).toEqual([
      'GET /v1/checkout/sessions/cs_test_r?expand[0]=invoice',
    ]);
    expect(snapshot).toEqual({
      id: 'cs_test_r',
      orderId: 'ord_from_metadata',
      status: 'complete',
      paymentStatus: 'paid',
      paymentIntentId: 'pi_expanded',
      amountTotal: 4900,
      currency: 'eur',
      invoiceUrl: 'https://invoice.stripe.com/i/acct_1/inv_1',
    });
  });

  it('refunds the whole payment intent under the caller idempotency key', async () => {
    reply = () => ({ status: 200, body: refundObject({ id: 're_test_1', payment_intent: 'pi_9' }) });

    expect(await gateway().refund('pi_9', 'refund-ord_123')).toEqual({ id: 're_test_1' });
    const [req] = requests as [Recorded];
    expect(`${req.method} ${req.url}`).toBe('POST /v1/refunds');
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({ payment_intent: 'pi_9' });
    expect(req.headers['idempotency-key']).toBe('refund-ord_123');
  });

  it('maps a 402 to payment_provider_error without retrying or echoing the provider message', async () => {
    reply = () => ({
      status: 402,
      body: { error: { type: 'card_error', code: 'card_declined', message: `Declined for key ${SECRET_KEY}` } },
    });
    const err = await rejection(gateway().createCheckout(checkoutRequest));
    expect(err.code).toBe('payment_provider_error');
    expect(err.status).toBe(502);
    expect(err.details).toMatchObject({ type: 'card_error', code: 'card_declined', statusCode: 402 });
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain(SECRET_KEY);
    expect(requests).toHaveLength(1);
  });

  it('maps a 500 to payment_provider_error after the SDK retried with the same idempotency key', async () => {
    reply = () => ({ status: 500, body: { error: { type: 'api_error', message: 'boom' } } });
    const err = await rejection(gateway().refund('pi_9', 'refund-ord_123'));
    expect(err.code).toBe('payment_provider_error');
    expect(err.message).toContain('HTTP 500');
    expect(requests.map((r) => r.headers['idempotency-key'])).toEqual(Array(3).fill('refund-ord_123'));
  }, 15_000);

  it('maps a refused connection to payment_provider_error', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const offline = createStripeGateway({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      apiUrl: `http://127.0.0.1:${port}`,
      paymentMethods: ['card'],
    });
    const err = await rejection(offline.retrieveCheckout('cs_test_x'));
    expect(err.code).toBe('payment_provider_error');
    expect(err.message).not.toContain(SECRET_KEY);
  }, 15_000);
});

describe('stripe gateway: webhooks', () => {
  async function verify(event: object, opts: { secret?: string; timestamp?: number; body?: string } = {}) {
    const payload = JSON.stringify(event);
    const header = await stripeSignatureHeader(payload, opts.secret ?? WEBHOOK_SECRET, opts.timestamp);
    return gateway().verifyWebhook(opts.body ?? payload, header);
  }

  const sessionTypes = [
    ['checkout.session.completed', 'complete', 'paid'],
    ['checkout.session.completed', 'complete', 'unpaid'],
    ['checkout.session.async_payment_succeeded', 'complete', 'paid'],
    ['checkout.session.async_payment_failed', 'complete', 'unpaid'],
    ['checkout.session.expired', 'expired', 'unpaid'],
  ] as const;

  it.each(sessionTypes)('maps %s (%s/%s) to a session snapshot', async (type, status, paymentStatus) => {
    const session = checkoutSessionObject({
      client_reference_id: 'ord_7',
      status,
      payment_status: paymentStatus,
      amount_total: 4900,
      currency: 'eur',
    });
    const event = stripeEvent(type, session);
    expect(await verify(event)).toEqual({
      id: event.id,
      type,
      session: {
        id: fixtures.resources['checkout.session'].id,
        orderId: 'ord_7',
        status,
        paymentStatus,
        paymentIntentId: fixtures.resources['checkout.session'].payment_intent,
        amountTotal: 4900,
        currency: 'eur',
        invoiceUrl: null,
      },
    });
  });

  it('maps charge.refunded to full and partial refunds', async () => {
    const full = stripeEvent(
      'charge.refunded',
      chargeObject({ payment_intent: 'pi_1', refunded: true, amount_refunded: 100 }),
    );
    const part = stripeEvent(
      'charge.refunded',
      chargeObject({ payment_intent: 'pi_1', refunded: false, amount_refunded: 50 }),
    );
    expect(await verify(full)).toEqual({
      id: full.id,
      type: 'charge.refunded',
      paymentIntentId: 'pi_1',
      fullyRefunded: true,
    });
    expect(await verify(part)).toEqual({
      id: part.id,
      type: 'charge.refunded',
      paymentIntentId: 'pi_1',
      fullyRefunded: false,
    });
  });

  it('ignores other event types, such as the fixture plan.created event', async () => {
    const event = { ...fixtures.resources.event, created: Math.floor(Date.now() / 1000) };
    expect(await verify(event)).toEqual({ id: event.id, type: 'ignored', providerType: 'plan.created' });
  });

  it('rejects tampered bodies, wrong secrets, stale timestamps and missing headers', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSessionObject({ client_reference_id: 'ord_7' }));
    const tampered = JSON.stringify(event).replace('ord_7', 'ord_8');
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const body = JSON.stringify(event);
    // thunks, so no rejection sits unobserved while an earlier one is awaited
    const failures = [
      () => verify(event, { body: tampered }),
      () => verify(event, { secret: 'whsec_someone_else' }),
      () => verify(event, { timestamp: tenMinutesAgo }),
      () => gateway().verifyWebhook(body, undefined),
      () => gateway().verifyWebhook(body, ''),
      () => gateway().verifyWebhook(body, 't=1,v1=deadbeef'),
    ];
    for (const attempt of failures) {
      const err = await rejection(attempt());
      expect(err.code).toBe('invalid_signature');
      expect(err.message).not.toContain(WEBHOOK_SECRET);
    }
  });
});

describe('checkoutSnapshotFromStripe', () => {
  it('prefers client_reference_id, reads expanded payment intents and ignores unexpanded invoices', () => {
    const snapshot = checkoutSnapshotFromStripe({
      id: 'cs_1',
      client_reference_id: 'ord_ref',
      metadata: { order_id: 'ord_meta' },
      status: null,
      payment_status: 'no_payment_required',
      payment_intent: { id: 'pi_obj' },
      amount_total: 0,
      currency: 'eur',
      invoice: 'in_123',
    });
    expect(snapshot).toMatchObject({ orderId: 'ord_ref', status: 'open', paymentIntentId: 'pi_obj', invoiceUrl: null });
  });
});
