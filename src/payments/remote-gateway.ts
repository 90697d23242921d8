import { AppError, type ErrorCode, errorStatus } from '../lib/errors';
import type { PaymentGateway } from './gateway';

/** What a service binding offers: the payments Worker's fetch (wrangler.payments.toml). */
export interface PaymentsBinding {
  fetch(req: Request): Promise<Response>;
}

/** The gateway's calls that travel to the payments Worker; one list, so caller and server agree. */
export const REMOTE_METHODS = [
  'createCheckout',
  'retrieveCheckout',
  'expireCheckout',
  'refund',
  'verifyWebhook',
] as const satisfies readonly (keyof PaymentGateway)[];
export type RemoteMethod = (typeof REMOTE_METHODS)[number];

/** The wire shape of a call's answer: the result, or the AppError it threw (code, message, details). */
export type RemoteAnswer =
  | { ok: true; result: unknown }
  | { ok: false; code: string; message: string; details?: unknown };

/**
 * The Stripe gateway as the main and the organizer's Worker use it: each call goes through a service binding to
 * the payments Worker (src/payments-worker.ts), which alone bundles the stripe SDK, and comes back as the SDK
 * adapter's own result or AppError. Arguments and results are plain data (ids, amounts, the webhook's raw body).
 */
export function createRemoteGateway(binding: PaymentsBinding): PaymentGateway {
  async function call(method: RemoteMethod, args: unknown[]) {
    let answer: RemoteAnswer;
    try {
      const res = await binding.fetch(
        new Request(`https://payments.internal/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(args),
        }),
      );
      answer = (await res.json()) as RemoteAnswer;
    } catch (err) {
      throw new AppError('payment_provider_error', `payments Worker unreachable (${method})`, {
        cause: err instanceof Error ? err.message : String(err),
      });
    }
    if (answer.ok) return answer.result;
    const code = (answer.code in errorStatus ? answer.code : 'payment_provider_error') as ErrorCode;
    throw new AppError(code, answer.message, answer.details);
  }
  return {
    kind: 'stripe',
    createCheckout: (req) => call('createCheckout', [req]) as never,
    retrieveCheckout: (id) => call('retrieveCheckout', [id]) as never,
    expireCheckout: async (id) => {
      await call('expireCheckout', [id]);
    },
    refund: (intent, key, amount) =>
      call('refund', amount === undefined ? [intent, key] : [intent, key, amount]) as never,
    verifyWebhook: (body, signature) => call('verifyWebhook', [body, signature]) as never,
  };
}

/** The payments Worker's side: runs one call on the real gateway and answers it in the wire shape. */
export async function answerRemoteCall(gateway: PaymentGateway, method: string, args: unknown): Promise<RemoteAnswer> {
  if (!(REMOTE_METHODS as readonly string[]).includes(method) || !Array.isArray(args))
    return { ok: false, code: 'invalid_input', message: `unknown payments call ${method}` };
  try {
    const fn = gateway[method as RemoteMethod] as (...a: unknown[]) => Promise<unknown>;
    const result = await fn.apply(gateway, args);
    return { ok: true, result: result ?? null };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, code: err.code, message: err.message, details: err.details };
    return { ok: false, code: 'payment_provider_error', message: 'payment provider call failed' };
  }
}
