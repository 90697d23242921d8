/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * The Worker entry's settings, inside workerd: PUBLIC_URL is required in production, and without it (development)
 * no isolate keeps a guessed origin: neither the first request's nor a cron run's.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { createClient } from '@libsql/client/http';
import { describe, expect, it } from 'vitest';
import worker from '../../src/worker';
import { stripeRequests } from './stripe';

const base = env as unknown as Record<string, string>;
const dev = { ...base, ENVIRONMENT: 'development', PUBLIC_URL: '' };
const admin = { authorization: `Bearer ${base.ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function call(origin: string, path: string, init: RequestInit = {}, e: Record<string, string> = dev) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${origin}${path}`, { redirect: 'manual', ...init }), e, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Holds a seat from `origin` and answers the success URL the Worker gave Stripe for it. */
async function checkoutLocation(origin: string, slug: string, i: number) {
  const res = await call(origin, `/e/${slug}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({
      name: `Guest ${i}`,
      email: `entry${i}@example.com`,
      company: 'ACME',
      role: 'CTO',
      terms: 'on',
    }).toString(),
  });
  expect(res.status).toBe(303);
  const create = (await stripeRequests()).findLast((r) => r.path === '/v1/checkout/sessions')!;
  expect(create.form.customer_email).toBe(`entry${i}@example.com`);
  return create.form.success_url ?? '';
}

describe('the Worker entry', () => {
  it('in production without PUBLIC_URL, every page is a clear 500 in German and English, the API a JSON error', async () => {
    const prod = { ...base, ENVIRONMENT: 'production', PUBLIC_URL: '' };
    const page = await call('https://tickets.example', '/e/some-dinner', {}, prod);
    expect(page.status).toBe(500);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const text = await page.text();
    expect(text).toContain('<html lang="de">');
    expect(text).toContain('klick ist nicht eingerichtet');
    expect(text).toContain('<div lang="en"><h2>klick is not configured</h2>');
    expect(text).toContain('PUBLIC_URL: required when ENVIRONMENT=production');
    expect(text).toContain('npx wrangler secret put');
    // names the setting, never a value
    expect(text).not.toContain(base.ADMIN_TOKEN);

    const api = await call('https://tickets.example', '/api/health', {}, prod);
    expect(api.status).toBe(500);
    const body = (await api.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('settings_invalid');
    expect(body.error.message).toContain('PUBLIC_URL: required when ENVIRONMENT=production');
  });

  // before any test builds the app: a cron run without PUBLIC_URL reuses the isolate's build, as it should
  it('a cron run with invalid settings fails and says why', async () => {
    const ctx = createExecutionContext();
    const prod = { ...base, ENVIRONMENT: 'production', PUBLIC_URL: '' };
    const controller = createScheduledController({ scheduledTime: Date.now(), cron: '*/2 * * * *' });
    await expect(worker.scheduled(controller, prod, ctx)).rejects.toThrow('PUBLIC_URL: required');
  });

  it('a PUBLIC_URL that is no site address (no scheme, a path) is refused the same way', async () => {
    for (const PUBLIC_URL of ['tickets.example.com', 'https://tickets.example.com/klick/', 'ftp://tickets.example']) {
      const res = await call('https://tickets.example', '/', {}, { ...base, ENVIRONMENT: 'production', PUBLIC_URL });
      expect(res.status, PUBLIC_URL).toBe(500);
      expect(await res.text(), PUBLIC_URL).toMatch(/PUBLIC_URL: (Invalid URL|the site address guests use)/);
    }
    const ok = await call('https://tickets.example', '/api/health', {}, { ...base, PUBLIC_URL: 'https://t.example/' });
    expect(ok.status).toBe(200);
  });

  it('without PUBLIC_URL, a cron run first and then two origins: each request gets its own origin', async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '*/2 * * * *' }), dev, ctx);
    await waitOnExecutionContext(ctx);

    const slug = `entry-${crypto.randomUUID().slice(0, 8)}`;
    const created = await call('http://one.test', '/api/admin/events', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        slug,
        title: 'Entry Dinner',
        venue: 'Hotel',
        startsAt: '2027-02-14T18:00:00Z',
        endsAt: '2027-02-14T22:00:00Z',
        timezone: 'Europe/Berlin',
        priceCents: 5000,
        currency: 'EUR',
        capacity: 10,
      }),
    });
    expect(created.status).toBe(201);
    // not the cron run's http://localhost, and not the first request's origin for the second
    expect(await checkoutLocation('http://one.test', slug, 1)).toMatch(/^http:\/\/one\.test\/orders\//);
    expect(await checkoutLocation('http://two.test', slug, 2)).toMatch(/^http:\/\/two\.test\/orders\//);
    expect(await checkoutLocation('http://one.test', slug, 3)).toMatch(/^http:\/\/one\.test\/orders\//);

    // a second attempt with the same email replaces the first hold (UPDATE … RETURNING over HTTP)
    await checkoutLocation('http://one.test', slug, 3);
    const db = createClient({ url: base.DATABASE_URL! });
    const rows = await db.execute({
      sql: "SELECT status, count(*) AS n FROM orders WHERE email = 'entry3@example.com' GROUP BY status ORDER BY status",
      args: [],
    });
    db.close();
    expect(rows.rows.map((r) => [r.status, r.n])).toEqual([
      ['cancelled', 1],
      ['held', 1],
    ]);
  });

  it('with PUBLIC_URL, links use it whatever origin a request came in on', async () => {
    const e = { ...base, ENVIRONMENT: 'development' };
    const slug = `fixed-${crypto.randomUUID().slice(0, 8)}`;
    const created = await call(
      'http://other.test',
      '/api/admin/events',
      {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({
          slug,
          title: 'Fixed Dinner',
          venue: 'Hotel',
          startsAt: '2027-02-14T18:00:00Z',
          endsAt: '2027-02-14T22:00:00Z',
          timezone: 'Europe/Berlin',
          priceCents: 5000,
          currency: 'EUR',
          capacity: 10,
        }),
      },
      e,
    );
    expect(created.status).toBe(201);
    const res = await call(
      'http://other.test',
      `/e/${slug}/checkout`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://other.test' },
        body: new URLSearchParams({
          name: 'Fixed',
          email: 'fixed@example.com',
          company: 'ACME',
          role: 'CTO',
          terms: 'on',
        }).toString(),
      },
      e,
    );
    expect(res.status).toBe(303);
    const create = (await stripeRequests()).findLast((r) => r.path === '/v1/checkout/sessions')!;
    expect(create.form.customer_email).toBe('fixed@example.com');
    expect(create.form.success_url).toMatch(/^http:\/\/klick\.test\/orders\//);
  });
});
