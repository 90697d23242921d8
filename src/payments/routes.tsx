import { Hono } from 'hono/tiny';
import type { Deps } from '../deps';
import { background } from '../lib/background';
import { AppError } from '../lib/errors';
import type { AppEnv } from '../lib/http';
import { errorText } from '../lib/log-safe';
import { deliverOutbox } from '../mail/outbox';
import { handleProviderEvent } from './webhook';

export function webhookRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.post('/stripe', async (c) => {
    if (!deps.payments) throw new AppError('payments_not_configured', 'Payments are not configured.');
    // The signature covers the exact bytes: read raw, verify, and only then parse. The body limit (256 KiB)
    // is the app's middleware for /webhooks/* (src/app.tsx).
    const raw = await c.req.text();
    const event = await deps.payments.verifyWebhook(raw, c.req.header('stripe-signature'));
    const outcome = await handleProviderEvent(deps, event);
    // The confirmation mail goes out now rather than at the next cron tick.
    if (outcome === 'processed')
      background(c, deliverOutbox(deps), (err) => deps.log.error('outbox delivery failed', { error: errorText(err) }));
    return c.json({ received: true, outcome });
  });
  return r;
}
