/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * Paying inside workerd: the fake Stripe (vitest.workers.config.ts routes http://stripe.test to it) holds the
 * Checkout Sessions the Worker creates; a test marks one paid there and sends the event Stripe would send,
 * signed with the Worker's webhook secret by the SDK's own SubtleCrypto signer.
 */
import { env, SELF } from 'cloudflare:test';
import Stripe from 'stripe';

const testEnv = env as unknown as Record<string, string>;
const STRIPE = 'http://stripe.test';

export const sessionIdOf = (checkoutUrl: string) => /\/pay\/(cs_test_fake_\d+)$/.exec(checkoutUrl)?.[1] ?? '';

/** What the Worker sent to Stripe, oldest first (form fields flattened as Stripe's encoding writes them). */
export async function stripeRequests(): Promise<{ method: string; path: string; form: Record<string, string> }[]> {
  return (await fetch(`${STRIPE}/_test/requests`)).json();
}

export async function signedEvent(type: string, object: unknown, secret = testEnv.STRIPE_WEBHOOK_SECRET ?? '') {
  const payload = JSON.stringify({
    id: `evt_wk_${crypto.randomUUID()}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: { object },
  });
  const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret,
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });
  return { payload, signature };
}

export async function postWebhook(event: { payload: string; signature: string }) {
  return SELF.fetch('http://klick.test/webhooks/stripe', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
    body: event.payload,
  });
}

/** The guest pays on Stripe's page: the session completes, and Stripe sends checkout.session.completed. */
export async function payAtStripe(checkoutUrl: string) {
  const id = sessionIdOf(checkoutUrl);
  const res = await fetch(`${STRIPE}/_test/sessions/${id}`, {
    method: 'POST',
    body: JSON.stringify({ status: 'complete', payment_status: 'paid', payment_intent: `pi_wk_${id}` }),
  });
  if (!res.ok) throw new Error(`fake Stripe: no session ${id}`);
  const session = (await res.json()) as { client_reference_id: string };
  const hook = await postWebhook(await signedEvent('checkout.session.completed', session));
  return { orderId: session.client_reference_id, webhookStatus: hook.status };
}
