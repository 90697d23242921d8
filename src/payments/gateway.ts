import type { BatchItem } from 'drizzle-orm/batch';
import type { Hono } from 'hono';
import type { Deps } from '../deps';
import type { AppEnv } from '../lib/http';

/** The port every payment adapter implements; shaped after Stripe Checkout, which is the real one. */
export interface CheckoutRequest {
  orderId: string;
  amountCents: number;
  currency: string;
  productName: string;
  /** shown on the invoice: event title, date and venue */
  invoiceDescription: string;
  /** a code's discount, already taken off amountCents: shown on the checkout page and the invoice */
  discount?: { code: string; amountCents: number; listPriceCents: number };
  customerEmail: string;
  locale: 'de' | 'en';
  expiresAt: number;
  /** delayed methods (SEPA debit: up to 14 days) only when the money can arrive before the dinner */
  allowDelayed: boolean;
  successUrl: string;
  cancelUrl: string;
  /** the same for a retry of the same request, so a retried checkout is the same checkout */
  idempotencyKey: string;
}

export interface CheckoutSession {
  id: string;
  url: string;
  /**
   * An adapter that keeps its session in klick's own database (the demo) hands that write back unrun: the caller
   * commits it together with the order's link to the session, one commit on the hold's path instead of two.
   */
  record?: BatchItem<'sqlite'>;
}

/** What fulfilment needs to know of a checkout, whichever adapter it came from. */
export interface CheckoutSnapshot {
  id: string;
  orderId: string | null;
  /** open | complete | expired */
  status: string;
  /** paid | unpaid | no_payment_required */
  paymentStatus: string;
  paymentIntentId: string | null;
  amountTotal: number | null;
  currency: string | null;
  invoiceUrl?: string | null;
}

/** The provider events klick acts on, already verified. */
export type ProviderEvent =
  | { id: string; type: 'checkout.session.completed'; session: CheckoutSnapshot }
  | { id: string; type: 'checkout.session.async_payment_succeeded'; session: CheckoutSnapshot }
  | { id: string; type: 'checkout.session.async_payment_failed'; session: CheckoutSnapshot }
  | { id: string; type: 'checkout.session.expired'; session: CheckoutSnapshot }
  | { id: string; type: 'charge.refunded'; paymentIntentId: string | null; fullyRefunded: boolean }
  | { id: string; type: 'ignored'; providerType: string };

export interface PaymentGateway {
  readonly kind: 'stripe' | 'demo';
  /**
   * Pages of the provider's own that klick serves (the demo checkout at /demo). Only Node's entry builds the demo
   * gateway, so none of it is in the Worker bundle. `dispatch` sends a request through the whole app.
   */
  readonly routes?: (deps: Deps, dispatch: (req: Request) => Promise<Response>) => Hono<AppEnv>;
  /**
   * createCheckout calls nobody and only hands back its `record`: a hold then opens the checkout in its own batch,
   * one commit per hold (the demo). Stripe's is an HTTP call, made only once the seat is held.
   */
  readonly local?: boolean;
  createCheckout(req: CheckoutRequest): Promise<CheckoutSession>;
  retrieveCheckout(sessionId: string): Promise<CheckoutSnapshot>;
  /** closes an open checkout so it can no longer be paid; throws when it is not open */
  expireCheckout(sessionId: string): Promise<void>;
  /**
   * A refund, in full or of `amountCents` (a cancellation under the dinner's policy keeps a fee); the idempotency
   * key makes a retried refund a no-op at the provider.
   */
  refund(paymentIntentId: string, idempotencyKey: string, amountCents?: number): Promise<{ id: string }>;
  /** verifies the signature over the raw body before anything is parsed; throws AppError invalid_signature */
  verifyWebhook(rawBody: string, signature: string | undefined): Promise<ProviderEvent>;
}

/**
 * Closes the checkouts of orders just cancelled (rows of `RETURNING provider_session_id AS session`). Best effort:
 * a checkout that can no longer be closed is settled by fulfilment when its money comes (a free seat or a refund).
 */
export async function expireCheckouts(payments: PaymentGateway | null, rows: Record<string, unknown>[]) {
  for (const { session } of rows) if (session) await payments?.expireCheckout(String(session)).catch(() => {});
}
