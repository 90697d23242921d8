import { readFileSync } from 'node:fs';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';

// klick uses stripe exactly as the package ships it: nothing generated, nothing stubbed, so a version bump needs
// no change in klick, and the SDK's own types are the truth about which calls exist.
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

function fakeStripe(sent: { path: string; body: string }[]) {
  return Stripe.createFetchHttpClient((async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ path: new URL(String(url)).pathname, body: String(init?.body ?? '') });
    const body = { id: 'cus_test_1', object: 'customer', email: 'anna@example.com' };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch);
}

describe('the stripe package as shipped', () => {
  it('is a runtime dependency at an exact version, and nothing rewrites it at install', () => {
    expect(pkg.dependencies.stripe).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.values(pkg.scripts).join('\n')).not.toMatch(/stripe/i);
  });

  it('answers every API resource, not only the ones klick calls today', async () => {
    const sent: { path: string; body: string }[] = [];
    const stripe = new Stripe('sk_test_sdk', { httpClient: fakeStripe(sent) });
    // a call klick does not make yet works as Stripe documents it (a slimmed SDK had it undefined)
    const customer = await stripe.customers.create({ email: 'anna@example.com' });
    expect(customer.id).toBe('cus_test_1');
    expect(sent).toEqual([{ path: '/v1/customers', body: 'email=anna%40example.com' }]);
  });

  it('lets TypeScript refuse a call the SDK does not accept (tsc checks this file)', () => {
    const stripe = new Stripe('sk_test_sdk', { httpClient: fakeStripe([]) });
    const refuse = () =>
      stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: 'eur',
              // @ts-expect-error: amounts are integer cents, never strings; were the SDK untyped, tsc would fail here
              unit_amount: '50.00',
              product_data: { name: 'x' },
            },
          },
        ],
      });
    expect(typeof refuse).toBe('function');
  });
});
