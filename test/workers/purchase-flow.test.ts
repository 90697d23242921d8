/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * The whole purchase inside workerd: admin API → purchase form → Stripe Checkout Session (the real adapter and SDK
 * against the fake Stripe) → signed webhook (SubtleCrypto) → fulfilment over Hrana → ticket page, .ics, cron.
 * The database and Stripe are reached over HTTP.
 */
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { createClient } from '@libsql/client/http';
import { describe, expect, it } from 'vitest';
import worker from '../../src/worker';
import { payAtStripe, postWebhook, signedEvent, stripeRequests } from './stripe';

const ORIGIN = 'http://klick.test';
const testEnv = env as unknown as Record<string, string>;
const admin = { authorization: `Bearer ${testEnv.ADMIN_TOKEN}`, 'content-type': 'application/json' };
const form = (body: Record<string, string>) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
  body: new URLSearchParams(body).toString(),
});

describe('purchase flow in workerd', () => {
  it('sells a seat end to end and shows the ticket', async () => {
    const slug = `wk-${crypto.randomUUID().slice(0, 8)}`;
    const created = await SELF.fetch(`${ORIGIN}/api/admin/events`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        slug,
        title: 'Workers Dinner',
        venue: 'Hotel',
        startsAt: '2027-01-14T18:00:00Z',
        endsAt: '2027-01-14T22:00:00Z',
        timezone: 'Europe/Berlin',
        priceCents: 5000,
        currency: 'EUR',
        capacity: 92,
      }),
    });
    expect(created.status).toBe(201);
    const event = (await created.json()) as { id: string };

    const page = await SELF.fetch(`${ORIGIN}/e/${slug}`);
    expect(await page.text()).toContain('Noch 92 Plätze frei');

    const hold = await SELF.fetch(
      `${ORIGIN}/e/${slug}/checkout`,
      form({
        name: 'Jörg Heinicke',
        email: 'joerg@example.com',
        company: 'ACME',
        role: 'CTO',
        terms: 'on',
        consentHost: 'on',
      }),
    );
    expect(hold.status).toBe(303);
    const checkoutUrl = hold.headers.get('location')!;
    expect(checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_fake_\d+$/);
    const create = (await stripeRequests()).findLast((r) => r.path === '/v1/checkout/sessions')!;
    expect(create.form.customer_email).toBe('joerg@example.com');
    expect(create.form['line_items[0][price_data][unit_amount]']).toBe('5000');
    expect(create.form.success_url).toMatch(/^http:\/\/klick\.test\/orders\/.+\/done$/);

    const { orderId, webhookStatus } = await payAtStripe(checkoutUrl);
    expect(webhookStatus).toBe(200);
    const done = await SELF.fetch(`${ORIGIN}/orders/${orderId}/done`);
    const doneHtml = await done.text();
    const token = /\/t\/([0-9a-z]{32})/.exec(doneHtml)?.[1];
    expect(token).toBeDefined();

    const ticket = await (await SELF.fetch(`${ORIGIN}/t/${token}`)).text();
    expect(ticket).toContain('Jörg Heinicke');
    expect(ticket).toMatch(/<svg[^>]*viewBox/);
    const ics = await SELF.fetch(`${ORIGIN}/t/${token}/ticket.ics`);
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR\r\n/);

    const stats = (await (await SELF.fetch(`${ORIGIN}/api/admin/events/${event.id}`, { headers: admin })).json()) as {
      stats: Record<string, number>;
    };
    expect(stats.stats).toMatchObject({ sold: 1, held: 0, seatsLeft: 91, revenueCents: 5000 });

    // the confirmation mail is sent (by the webhook's background delivery, or this cron run; cron.test.ts shows the
    // cron's own work)
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: '*/2 * * * *' }),
      env as never,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const db = createClient({ url: testEnv.DATABASE_URL! });
    const mail = await db.execute({ sql: 'SELECT status FROM outbox WHERE "to" = \'joerg@example.com\'', args: [] });
    db.close();
    expect(mail.rows.map((r) => r.status)).toEqual(['sent']);
  });

  it('refuses webhooks that are not signed with the configured secret', async () => {
    const res = await postWebhook(await signedEvent('checkout.session.completed', { id: 'cs_x' }, 'whsec_wrong'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
  });

  it('serves static assets with secure headers and answers health', async () => {
    const terms = await SELF.fetch(`${ORIGIN}/terms.de.html`);
    expect(terms.status).toBe(200);
    expect(await terms.text()).toContain('Buchungsbedingungen und Datenschutz');
    const robots = await SELF.fetch(`${ORIGIN}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await (await SELF.fetch(`${ORIGIN}/api/health`)).json()).toEqual({
      ok: true,
      payments: 'stripe',
      mail: 'dev',
      db: 'ok',
    });
  });
});
