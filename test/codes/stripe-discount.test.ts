import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe } from '../fixtures/stripe/fake-stripe';
import { buyerForm, createDinner, makeTestApp, type TestApp } from '../helpers';

let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let t: TestApp;

beforeAll(async () => {
  stripe = await startFakeStripe();
  t = await makeTestApp({
    STRIPE_SECRET_KEY: 'sk_test_codes',
    STRIPE_WEBHOOK_SECRET: 'whsec_codes_test_secret',
    STRIPE_API_URL: stripe.url,
  });
});
afterAll(async () => {
  t.close();
  await stripe.close();
});

describe('a discount code through the Stripe adapter (the real SDK against a fake Stripe)', () => {
  it('Checkout receives the discounted amount; the line item and the invoice show the discount', async () => {
    const event = await createDinner(t);
    await t.adminJson(`/events/${event.id}/codes`, 'POST', {
      code: 'FRIENDS',
      kind: 'amount',
      value: 1250,
      maxUses: 9,
    });
    const res = await t.postForm('/e/dinner/checkout', buyerForm(1, { code: 'friends' }));
    expect(res.status).toBe(303);
    const create = stripe.requests.findLast((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST')!;
    expect(create.form.get('line_items[0][price_data][unit_amount]')).toBe('3750');
    // Intl puts a no-break space between amount and currency sign
    const get = (key: string) => create.form.get(key)?.replace(/\u00a0/g, ' ');
    const line = 'Code FRIENDS: −12,50 € (Listenpreis 50,00 €)';
    expect(get('line_items[0][price_data][product_data][name]')).toBe('Network Dinner Frankfurt');
    expect(get('line_items[0][price_data][product_data][description]')).toBe(line);
    expect(get('invoice_creation[invoice_data][custom_fields][0][name]')).toBe('Rabatt');
    expect(get('invoice_creation[invoice_data][custom_fields][0][value]')).toBe(line);
    expect(get('invoice_creation[invoice_data][description]')).toContain(line);
    // without a code nothing about discounts is sent
    await t.postForm('/e/dinner/checkout', buyerForm(2));
    const plain = stripe.requests.findLast((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST')!;
    expect(plain.form.get('line_items[0][price_data][unit_amount]')).toBe('5000');
    expect([...plain.form.keys()].some((k) => k.includes('custom_fields'))).toBe(false);
    expect(plain.form.get('line_items[0][price_data][product_data][description]')).toBeNull();
  });

  it('a comp seat makes no Stripe call at all', async () => {
    const event = await createDinner(t, { slug: 'comp' });
    await t.adminJson(`/events/${event.id}/codes`, 'POST', { code: 'GUEST', kind: 'comp', maxUses: 1 });
    const before = stripe.requests.length;
    const res = await t.postForm('/e/comp/checkout', buyerForm(3, { code: 'GUEST' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/orders\/[0-9a-z]+\/done$/);
    expect(stripe.requests.length).toBe(before);
  });
});
