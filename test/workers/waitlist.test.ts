/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * The waitlist inside workerd: a sold-out dinner's seat is refunded at Stripe, Stripe's signed charge.refunded
 * reaches the Worker, and the offer is made in the same request: a seat held for the first person in line and
 * the offer mail in the outbox. The offer link then opens a Checkout Session at the (fake) Stripe, through the
 * real adapter and SDK, on the seat held for them.
 */
import { env, SELF } from 'cloudflare:test';
import { createClient } from '@libsql/client/http';
import { describe, expect, it } from 'vitest';
import { payAtStripe, postWebhook, sessionIdOf, signedEvent, stripeRequests } from './stripe';

const ORIGIN = 'http://klick.test';
const testEnv = env as unknown as Record<string, string>;
const admin = { authorization: `Bearer ${testEnv.ADMIN_TOKEN}`, 'content-type': 'application/json' };
const form = (body: Record<string, string>) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
  body: new URLSearchParams(body).toString(),
});
const person = (name: string, email: string) => ({ name, email, company: 'ACME', role: 'CTO', terms: 'on' });

describe('waitlist in workerd', () => {
  it('a refund webhook offers the seat to the first in line; the offer opens a Stripe checkout on that seat', async () => {
    const slug = `wl-${crypto.randomUUID().slice(0, 8)}`;
    const created = await SELF.fetch(`${ORIGIN}/api/admin/events`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        slug,
        title: 'Workers Waitlist Dinner',
        venue: 'Hotel',
        startsAt: '2027-01-21T18:00:00Z',
        endsAt: '2027-01-21T22:00:00Z',
        timezone: 'Europe/Berlin',
        priceCents: 5000,
        currency: 'EUR',
        capacity: 1,
      }),
    });
    expect(created.status).toBe(201);
    const event = (await created.json()) as { id: string; offerHours: number };
    expect(event.offerHours).toBe(12);

    const hold = await SELF.fetch(`${ORIGIN}/e/${slug}/checkout`, form(person('Erste', 'erste@example.com')));
    expect(hold.status).toBe(303);
    const checkout = hold.headers.get('location')!;
    await payAtStripe(checkout);

    // sold out: the page offers the line
    expect(await (await SELF.fetch(`${ORIGIN}/e/${slug}`)).text()).toContain(`action="/e/${slug}/waitlist"`);
    const joined = await SELF.fetch(`${ORIGIN}/e/${slug}/waitlist`, form(person('Wartende', 'wartende@example.com')));
    expect(joined.status).toBe(303);
    expect(joined.headers.get('location')).toBe(`/e/${slug}?waitlist=mailed`);
    // the link to the place in line goes by mail only
    const joinDb = createClient({ url: testEnv.DATABASE_URL! });
    const joinMail = await joinDb.execute({
      sql: `SELECT text FROM outbox WHERE dedupe_key LIKE 'waitlist:%' AND "to" = ?`,
      args: ['wartende@example.com'],
    });
    joinDb.close();
    const placeLink = /\/w\/[0-9a-z]{32}/.exec(String(joinMail.rows[0]?.text ?? ''))![0];
    const place = await SELF.fetch(`${ORIGIN}${placeLink}`);
    expect(await place.text()).toContain('Du bist Nummer 1 in der Warteschlange.');

    // the seat is refunded at Stripe; Stripe tells the Worker
    const hook = await postWebhook(
      await signedEvent('charge.refunded', {
        object: 'charge',
        payment_intent: `pi_wk_${sessionIdOf(checkout)}`,
        refunded: true,
      }),
    );
    expect(hook.status).toBe(200);

    const line = (await (
      await SELF.fetch(`${ORIGIN}/api/admin/events/${event.id}/waitlist`, { headers: admin })
    ).json()) as {
      entries: { name: string; state: string; offerExpiresAt: string | null }[];
    };
    expect(line.entries).toEqual([expect.objectContaining({ name: 'Wartende', state: 'offered' })]);
    const db = createClient({ url: testEnv.DATABASE_URL! });
    const mails = await db.execute({
      sql: `SELECT "to", text FROM outbox WHERE dedupe_key LIKE 'offer:%' AND "to" = ?`,
      args: ['wartende@example.com'],
    });
    const held = await db.execute({
      sql: `SELECT status, hold_expires_at FROM orders WHERE event_id = ? AND email = ?`,
      args: [event.id, 'wartende@example.com'],
    });
    db.close();
    expect(held.rows.map((r) => r.status)).toEqual(['held']);
    expect(mails.rows).toHaveLength(1);
    const token = /\/w\/([0-9a-z]{32})/.exec(String(mails.rows[0]!.text))![1];
    // the seat is the offer's: the public cannot take it
    expect(
      (await SELF.fetch(`${ORIGIN}/e/${slug}/checkout`, form(person('Andere', 'andere@example.com')))).status,
    ).toBe(409);

    const offer = await (await SELF.fetch(`${ORIGIN}/w/${token}`)).text();
    expect(offer).toContain('value="Wartende"');
    const booked = await SELF.fetch(`${ORIGIN}/w/${token}`, form(person('Wartende', 'wartende@example.com')));
    expect(booked.status).toBe(303);
    expect(booked.headers.get('location')).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_fake_\d+$/);
    const create = (await stripeRequests()).findLast((r) => r.path === '/v1/checkout/sessions')!;
    expect(create.form.customer_email).toBe('wartende@example.com');
    expect(create.form['line_items[0][price_data][unit_amount]']).toBe('5000');
    const paid = await payAtStripe(booked.headers.get('location')!);
    expect(paid.webhookStatus).toBe(200);
    const after = (await (await SELF.fetch(`${ORIGIN}/api/admin/events/${event.id}`, { headers: admin })).json()) as {
      stats: Record<string, number>;
    };
    expect(after.stats).toMatchObject({ sold: 1, seatsLeft: 0, waitlist: 0, refunded: 1 });
  });
});
