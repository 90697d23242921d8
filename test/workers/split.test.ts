/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * The three Workers of a deployment, wired as their wrangler files wire them: the main Worker hands /admin and
 * /api/admin to the organizer's Worker (ORGANIZER), and both reach Stripe only through the payments Worker
 * (PAYMENTS), the one that bundles the SDK. Each missing binding is a clear settings error, not a crash.
 */
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/worker';
import { admin, buyTicket, createDinner, ORIGIN, testEnv } from './guests';
import { stripeRequests } from './stripe';

type Binding = { fetch(url: string, init?: RequestInit): Promise<Response> };
const bindings = env as unknown as Record<string, unknown> & { PAYMENTS: Binding; ORGANIZER: Binding };

async function callWith(e: Record<string, unknown>, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { redirect: 'manual', ...init }), e, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('the Workers split', () => {
  it('serves the organizer’s login page and API from the organizer’s Worker, with the same headers', async () => {
    const page = await SELF.fetch(`${ORIGIN}/admin?lang=en`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('name="token"');
    // the organizer's Worker answers it directly too (what the binding reaches), while the main Worker's own
    // routes are not in its bundle
    expect((await bindings.ORGANIZER.fetch(`${ORIGIN}/admin?lang=en`)).status).toBe(200);
    expect((await bindings.ORGANIZER.fetch(`${ORIGIN}/e/some-dinner`)).status).toBe(404);
    // and has the static files of wrangler.organizer.toml's [assets], as the main Worker has
    const asset = await bindings.ORGANIZER.fetch(`${ORIGIN}/robots.txt`);
    expect(asset.status).toBe(200);
    expect((await SELF.fetch(`${ORIGIN}/api/admin/events`)).status).toBe(401);
    expect((await SELF.fetch(`${ORIGIN}/api/admin/events`, { headers: admin })).status).toBe(200);
  });

  it('refunds through the organizer’s Worker and the payments Worker reach the fake Stripe', async () => {
    const dinner = await createDinner('Split refund');
    const { orderId } = await buyTicket(dinner.slug, { name: 'Rita Refund', email: 'rita@example.com' });
    const before = (await stripeRequests()).length;
    const res = await SELF.fetch(`${ORIGIN}/api/admin/orders/${orderId}/refund`, { method: 'POST', headers: admin });
    expect(res.status).toBe(200);
    const refunds = (await stripeRequests()).slice(before).filter((r) => r.path === '/v1/refunds');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.form.payment_intent).toMatch(/^pi_/);
  });

  it('a Stripe error comes back through the binding as the same AppError', async () => {
    // a webhook with a wrong signature: verified in the payments Worker, refused as invalid_signature
    const res = await SELF.fetch(`${ORIGIN}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      body: '{"id":"evt_forged"}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
  });

  it('the payments Worker runs only the gateway’s calls', async () => {
    const call = (path: string, init: RequestInit) => bindings.PAYMENTS.fetch(`https://payments.internal${path}`, init);
    const unknown = await call('/constructor', { method: 'POST', body: '[]' });
    expect(await unknown.json()).toMatchObject({ ok: false, code: 'invalid_input' });
    expect((await call('/refund', { method: 'GET' })).status).toBe(404);
    expect((await call('/refund', { method: 'POST', body: 'not json' })).status).toBe(400);
    const missing = await call('/retrieveCheckout', { method: 'POST', body: '["cs_test_fake_missing"]' });
    expect(await missing.json()).toMatchObject({ ok: false, code: 'payment_provider_error' });
  });

  it('without the ORGANIZER binding, the organizer’s pages are a clear settings error', async () => {
    const res = await callWith({ ...bindings, ORGANIZER: undefined }, '/admin');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain('ORGANIZER: the service binding to the organizer’s Worker is missing');
    expect(text).toContain('wrangler.organizer.toml');
    // guests are served as before
    expect((await callWith({ ...bindings, ORGANIZER: undefined }, '/api/health')).status).toBe(200);
  });

  it('with Stripe keys but without the PAYMENTS binding, every page says so', async () => {
    const e = { ...bindings, PAYMENTS: undefined, PUBLIC_URL: 'http://no-payments.test' };
    const res = await callWith(e, '/api/health');
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('settings_invalid');
    expect(body.error.message).toContain('PAYMENTS: the service binding to the payments Worker is missing');
    expect(testEnv.STRIPE_SECRET_KEY).toBeTruthy();
  });
});
