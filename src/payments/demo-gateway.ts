import { and, eq, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Db } from '../db/client';
import { demoSessions } from '../db/schema';
import type { Clock } from '../lib/clock';
import { newId } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { demoRoutes } from './demo-routes';
import type { CheckoutSnapshot, PaymentGateway } from './gateway';
import { checkoutSnapshotFromStripe, providerEventFromStripe } from './stripe-gateway';

export type DemoSession = typeof demoSessions.$inferSelect;

/** The SDK only signs and verifies here; it never makes a request. */
const sdk = new Stripe('sk_test_demo_never_used', { httpClient: Stripe.createFetchHttpClient() });
const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** A demo session in the shape Stripe sends it, so the webhook path runs unchanged. */
export function demoSessionObject(s: DemoSession) {
  return {
    id: s.id,
    object: 'checkout.session',
    client_reference_id: s.orderId,
    metadata: { order_id: s.orderId },
    status: s.status,
    payment_status: s.paymentStatus,
    payment_intent: s.paymentIntentId,
    amount_total: s.amountTotal,
    currency: s.currency.toLowerCase(),
    customer_email: s.customerEmail,
    mode: 'payment',
    livemode: false,
  };
}

export async function signDemoEvent(secret: string, type: string, object: Record<string, unknown>, now: number) {
  const payload = JSON.stringify({
    id: `evt_demo_${newId()}`,
    object: 'event',
    type,
    created: Math.floor(now / 1000),
    livemode: false,
    api_version: '2026-10-28.endive',
    data: { object },
  });
  const signature = await sdk.webhooks.generateTestHeaderStringAsync({
    payload,
    secret,
    cryptoProvider,
    timestamp: Math.floor(now / 1000),
  });
  return { payload, signature };
}

/** `site` is read at each call: on Node the port, and so the public URL, is known only after listening. */
export function createDemoGateway(opts: {
  db: Db;
  clock: Clock;
  site: { publicUrl: string };
  webhookSecret: string;
}): PaymentGateway {
  const { db, clock } = opts;
  return {
    kind: 'demo',
    routes: demoRoutes,
    local: true,
    async createCheckout(req) {
      const id = `cs_demo_${newId()}`;
      // Not run here: the caller commits it with the order's link to it (see CheckoutSession.record), in the hold's
      // own batch when there is one; written only if the order is there, so a refused hold leaves no session.
      const record = db.run(sql`INSERT INTO demo_sessions (id, order_id, status, payment_status, payment_intent_id,
          amount_total, currency, customer_email, success_url, cancel_url, expires_at, created_at)
        SELECT ${id}, o.id, 'open', 'unpaid', ${`pi_demo_${newId()}`}, ${req.amountCents}, ${req.currency},
          ${req.customerEmail}, ${req.successUrl}, ${req.cancelUrl}, ${req.expiresAt}, ${clock.now()}
        FROM orders o WHERE o.id = ${req.orderId}`);
      return { id, url: `${opts.site.publicUrl}/demo/checkout/${id}`, record };
    },
    async retrieveCheckout(sessionId): Promise<CheckoutSnapshot> {
      const s = await db.query.demoSessions.findFirst({ where: eq(demoSessions.id, sessionId) });
      if (!s) throw new AppError('not_found', 'No such demo checkout session.');
      return checkoutSnapshotFromStripe(demoSessionObject(s));
    },
    async expireCheckout(sessionId) {
      const r = await db
        .update(demoSessions)
        .set({ status: 'expired' })
        .where(and(eq(demoSessions.id, sessionId), eq(demoSessions.status, 'open')));
      // as Stripe: only an open session can be expired
      if (r.rowsAffected !== 1) throw new AppError('conflict', 'This demo checkout is not open.');
    },
    async refund(paymentIntentId, _key, _amountCents) {
      await db
        .update(demoSessions)
        .set({ refundedAt: clock.now() })
        .where(eq(demoSessions.paymentIntentId, paymentIntentId));
      return { id: `re_demo_${paymentIntentId.slice(8)}` };
    },
    async verifyWebhook(rawBody, signature) {
      if (!signature) throw new AppError('invalid_signature', 'Missing Stripe-Signature header.');
      try {
        const event = await sdk.webhooks.constructEventAsync(
          rawBody,
          signature,
          opts.webhookSecret,
          300,
          cryptoProvider,
        );
        return providerEventFromStripe(event);
      } catch {
        throw new AppError('invalid_signature', 'The webhook signature is not valid.');
      }
    },
  };
}
