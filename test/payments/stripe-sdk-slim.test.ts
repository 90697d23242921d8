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

  it('fails loudly, naming the generator, when code reaches for a resource it left out', () => {
    expect(() => stripe.customers.create({ email: 'x@example.com' })).toThrow(/scripts\/slim-stripe\.mjs/);
  });

  it('verifies a signed webhook and rejects one signed with another secret', async () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'charge.refunded', data: { object: {} } });
    const header = await stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: 'whsec_slim' });
    const event = await stripe.webhooks.constructEventAsync(payload, header, 'whsec_slim');
    expect(event.id).toBe('evt_1');
    await expect(stripe.webhooks.constructEventAsync(payload, header, 'whsec_other')).rejects.toThrow();
  });
});
