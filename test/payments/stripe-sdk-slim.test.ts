import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Stripe from '../../src/payments/stripe-sdk.gen.js';

// src/payments/stripe-sdk.gen.js is the installed stripe SDK minus the API resources klick never calls
// (scripts/slim-stripe.mjs). The Stripe flow tests run the gateway through it against a fake server; these pin the rest.
describe('the slimmed Stripe SDK', () => {
  const stripe = new Stripe('sk_test_slim', { httpClient: Stripe.createFetchHttpClient() });

  it('is built from the installed stripe version', () => {
    const installed = JSON.parse(readFileSync('node_modules/stripe/package.json', 'utf8')).version;
    const generated = readFileSync('src/payments/stripe-sdk.gen.js', 'utf8');
    expect(generated.split('\n')[0]).toContain(`from stripe ${installed} `);
  });

  it('keeps every call the gateway makes', () => {
    expect(typeof stripe.checkout.sessions.create).toBe('function');
    expect(typeof stripe.checkout.sessions.retrieve).toBe('function');
    expect(typeof stripe.refunds.create).toBe('function');
    expect(typeof stripe.webhooks.constructEventAsync).toBe('function');
    expect(typeof stripe.webhooks.generateTestHeaderStringAsync).toBe('function');
  });

  it('leaves out every resource klick does not call', () => {
    expect(stripe.customers).toBeUndefined();
    expect(stripe.paymentIntents).toBeUndefined();
    expect(stripe.checkout.sessions).toBeDefined();
  });

  it('verifies a signed webhook and rejects one signed with another secret', async () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'charge.refunded', data: { object: {} } });
    const header = await stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: 'whsec_slim' });
    const event = await stripe.webhooks.constructEventAsync(payload, header, 'whsec_slim');
    expect(event.id).toBe('evt_1');
    await expect(stripe.webhooks.constructEventAsync(payload, header, 'whsec_other')).rejects.toThrow();
  });

  it('returns decimal fields as Stripe sent them (no Decimal coercion) and still sends integer amounts', async () => {
    const sent: string[] = [];
    const fakeFetch = async (_url: string | URL | Request, init?: RequestInit) => {
      sent.push(String(init?.body ?? ''));
      const session = { id: 'cs_test_1', object: 'checkout.session', currency_conversion: { fx_rate: '1.0823' } };
      return new Response(JSON.stringify(session), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const client = new Stripe('sk_test_slim', { httpClient: Stripe.createFetchHttpClient(fakeFetch as typeof fetch) });
    const created = await client.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: 'eur', unit_amount: 5000, product_data: { name: 'Seat' } } }],
    });
    expect(created.currency_conversion?.fx_rate).toBe('1.0823');
    expect(decodeURIComponent(sent[0] ?? '')).toContain('line_items[0][price_data][unit_amount]=5000');
    const fetched = await client.checkout.sessions.retrieve('cs_test_1');
    expect(fetched.currency_conversion?.fx_rate).toBe('1.0823');
  });

  it('names the generator when code reaches for Stripe.Decimal', () => {
    expect(() => Stripe.Decimal.from('1.5')).toThrow(/scripts\/slim-stripe\.mjs/);
  });
});
