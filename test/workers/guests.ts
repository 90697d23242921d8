/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * Dinners and paid guests inside workerd, through the Worker's own routes: the admin API creates the dinner, the
 * purchase form holds a seat, the fake Stripe completes the session and the signed webhook fulfils the order.
 */
import { env, SELF } from 'cloudflare:test';
import { createClient } from '@libsql/client/http';
import { expect } from 'vitest';
import { payAtStripe } from './stripe';

export const ORIGIN = 'http://klick.test';
export const testEnv = env as unknown as Record<string, string>;
export const admin = { authorization: `Bearer ${testEnv.ADMIN_TOKEN}`, 'content-type': 'application/json' };
export const db = () => createClient({ url: testEnv.DATABASE_URL! });

export async function createDinner(title: string, capacity = 20) {
  const slug = `wk-${crypto.randomUUID().slice(0, 8)}`;
  const res = await SELF.fetch(`${ORIGIN}/api/admin/events`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({
      slug,
      title,
      venue: 'Hotel',
      startsAt: '2027-03-14T18:00:00Z',
      endsAt: '2027-03-14T22:00:00Z',
      timezone: 'Europe/Berlin',
      priceCents: 5000,
      currency: 'EUR',
      capacity,
    }),
  });
  expect(res.status).toBe(201);
  return { slug, id: ((await res.json()) as { id: string }).id };
}

/** Holds a seat through the purchase form; answers the Stripe Checkout URL the guest is sent to. */
export async function holdSeat(slug: string, guest: { name: string; email: string; consentHost?: boolean }) {
  const res = await SELF.fetch(`${ORIGIN}/e/${slug}/checkout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({
      name: guest.name,
      email: guest.email,
      company: 'ACME',
      role: 'CTO',
      terms: 'on',
      ...(guest.consentHost ? { consentHost: 'on' } : {}),
    }).toString(),
  });
  expect(res.status).toBe(303);
  return res.headers.get('location')!;
}

/** A paid ticket: its id, its page's token and the secret its QR code holds. */
export async function buyTicket(slug: string, guest: { name: string; email: string; consentHost?: boolean }) {
  const { orderId, webhookStatus } = await payAtStripe(await holdSeat(slug, guest));
  expect(webhookStatus).toBe(200);
  const done = await (await SELF.fetch(`${ORIGIN}/orders/${orderId}/done`)).text();
  const token = /\/t\/([0-9a-z]{32})/.exec(done)?.[1];
  expect(token).toBeDefined();
  const client = db();
  const row = (await client.execute({ sql: 'SELECT id, qr_secret FROM tickets WHERE order_id = ?', args: [orderId] }))
    .rows[0]!;
  client.close();
  return { orderId, token: token!, ticketId: String(row.id), qr: String(row.qr_secret) };
}
