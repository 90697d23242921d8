import { buildConfig, parseSettings } from './config';
import { base32, randomBytes } from './lib/crypto';
import type { PaymentGateway } from './payments/gateway';
import { answerRemoteCall } from './payments/remote-gateway';
import { createStripeGateway } from './payments/stripe-gateway';

/**
 * The payments Worker (wrangler.payments.toml): the only one that bundles the stripe SDK. The main Worker and the
 * organizer's Worker reach it through their PAYMENTS service binding (src/payments/remote-gateway.ts) for a
 * checkout, a webhook's signature, a refund; it has no public address. It reads the same settings as they do
 * (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL, STRIPE_PAYMENT_METHODS).
 */
const gateways = new Map<string, PaymentGateway | null>();

function gatewayFor(env: Record<string, unknown>): PaymentGateway | null {
  const key = String(env.STRIPE_SECRET_KEY ?? '');
  if (gateways.has(key)) return gateways.get(key)!;
  const config = buildConfig(parseSettings(env), {
    publicUrl: 'http://localhost',
    adminToken: base32(randomBytes(32)),
    demoWebhookSecret: '',
  });
  const gateway = config.stripe ? createStripeGateway(config.stripe) : null;
  gateways.set(key, gateway);
  return gateway;
}

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

export default {
  async fetch(req: Request, env: Record<string, unknown>) {
    if (req.method !== 'POST') return json({ ok: false, code: 'not_found', message: 'Not found.' }, 404);
    let gateway: PaymentGateway | null;
    try {
      gateway = gatewayFor(env);
    } catch (err) {
      return json({ ok: false, code: 'settings_invalid', message: err instanceof Error ? err.message : String(err) });
    }
    if (!gateway) return json({ ok: false, code: 'payments_not_configured', message: 'Payments are not configured.' });
    let args: unknown;
    try {
      args = await req.json();
    } catch {
      return json({ ok: false, code: 'invalid_input', message: 'payments call without a JSON body' }, 400);
    }
    return json(await answerRemoteCall(gateway, new URL(req.url).pathname.slice(1), args));
  },
};
