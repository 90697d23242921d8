import type Stripe from 'stripe';
import { AppError } from '../lib/errors';
import { formatMoney } from '../lib/i18n';
import type { CheckoutRequest, CheckoutSnapshot, PaymentGateway, ProviderEvent } from './gateway';

export interface StripeGatewayOptions {
  secretKey: string;
  webhookSecret: string;
  /** points the SDK at a fake or proxy; only protocol, host and port are used (the SDK fixes the /v1/ path) */
  apiUrl?: string;
  paymentMethods: string[];
  fetch?: typeof fetch;
}

/** Payment methods whose money arrives days later (bank debits): sepa_debit, bacs_debit, us_bank_account, … */
const DELAYED = /debit|bank/;

/** Stripe rejects signatures older than this; 300 s is Stripe's own default tolerance. */
const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * The fields of a Checkout Session that fulfilment reads. Structural on purpose: the demo adapter
 * can build a plain object of this shape without importing the SDK.
 */
export interface StripeSessionLike {
  id: string;
  client_reference_id?: string | null;
  metadata?: Record<string, string> | null;
  status: string | null;
  payment_status: string;
  payment_intent: string | { id: string } | null;
  amount_total: number | null;
  currency: string | null;
  invoice?: string | { hosted_invoice_url?: string | null } | null;
}

export interface StripeChargeLike {
  payment_intent: string | { id: string } | null;
  refunded: boolean;
}

function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (ref == null) return null;
  return typeof ref === 'string' ? ref : ref.id;
}

export function checkoutSnapshotFromStripe(session: StripeSessionLike): CheckoutSnapshot {
  const invoice = session.invoice;
  return {
    id: session.id,
    // client_reference_id is the primary link; metadata is the fallback for sessions created by hand in the dashboard
    orderId: session.client_reference_id || session.metadata?.order_id || null,
    // null only outside payment mode; treating it as open can never trigger fulfilment
    status: session.status ?? 'open',
    paymentStatus: session.payment_status,
    paymentIntentId: idOf(session.payment_intent),
    amountTotal: session.amount_total,
    currency: session.currency,
    // an unexpanded invoice is just an id, which carries no URL
    invoiceUrl: invoice && typeof invoice === 'object' ? (invoice.hosted_invoice_url ?? null) : null,
  };
}

export function refundFromStripeCharge(charge: StripeChargeLike): {
  paymentIntentId: string | null;
  fullyRefunded: boolean;
} {
  // `refunded` is only true once the whole amount is back; partial refunds leave the ticket valid
  return { paymentIntentId: idOf(charge.payment_intent), fullyRefunded: charge.refunded === true };
}

export function providerEventFromStripe(event: Stripe.Event): ProviderEvent {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired':
      return { id: event.id, type: event.type, session: checkoutSnapshotFromStripe(event.data.object) };
    case 'charge.refunded':
      return { id: event.id, type: 'charge.refunded', ...refundFromStripeCharge(event.data.object) };
    default:
      return { id: event.id, type: 'ignored', providerType: event.type };
  }
}

/** Maps SDK failures to one code; the SDK's own message is dropped because it can quote request data. */
function providerError(operation: string, err: unknown, sdk: typeof Stripe | undefined): AppError {
  if (err instanceof AppError) return err;
  if (sdk && err instanceof sdk.errors.StripeError) {
    const status = err.statusCode ? ` (HTTP ${err.statusCode})` : '';
    return new AppError('payment_provider_error', `Stripe ${operation} failed: ${err.rawType ?? err.type}${status}`, {
      type: err.rawType ?? err.type,
      code: err.code,
      statusCode: err.statusCode,
      requestId: err.requestId,
    });
  }
  return new AppError('payment_provider_error', `Stripe ${operation} failed`);
}

function endpointFrom(apiUrl: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

/**
 * The discount as the invoice shows it, in the buyer's language: "Code SPEAKER: −10,00 € (Listenpreis 50,00 €)".
 * A custom field's name may have 40 characters and its value 140 (Stripe's limits); a code has at most 40.
 */
function discountText(req: CheckoutRequest): { field: string; line: string } {
  const d = req.discount!;
  const money = (cents: number) => formatMoney(cents, req.currency, req.locale);
  const de = req.locale === 'de';
  return {
    field: de ? 'Rabatt' : 'Discount',
    line: `Code ${d.code}: −${money(d.amountCents)} (${de ? 'Listenpreis' : 'list price'} ${money(d.listPriceCents)})`,
  };
}

/**
 * The stripe module is large and evaluated as a whole: the Worker loads it when a request first talks to Stripe
 * (a checkout, a webhook, a refund), not at startup, where every request would pay for it (scripts/bundle-check.mjs).
 */
let sdkModule: Promise<typeof Stripe> | undefined;
function loadSdk() {
  sdkModule ??= import('stripe').then((m) => m.default);
  return sdkModule;
}

interface Client {
  sdk: typeof Stripe;
  stripe: Stripe;
  cryptoProvider: Stripe.CryptoProvider;
}

export function createStripeGateway(opts: StripeGatewayOptions): PaymentGateway {
  let client: Client | undefined;
  async function connect(): Promise<Client> {
    if (client) return client;
    const sdk = await loadSdk();
    client = {
      sdk,
      stripe: new sdk(opts.secretKey, {
        // fetch-based client and SubtleCrypto run unchanged in workerd and Node, without nodejs_compat
        httpClient: sdk.createFetchHttpClient(opts.fetch),
        ...endpointFrom(opts.apiUrl),
      }),
      cryptoProvider: sdk.createSubtleCryptoProvider(),
    };
    return client;
  }
  async function guarded<T>(operation: string, call: (stripe: Stripe) => Promise<T>): Promise<T> {
    let c: Client | undefined;
    try {
      c = await connect();
      return await call(c.stripe);
    } catch (err) {
      throw providerError(operation, err, c?.sdk);
    }
  }

  return {
    kind: 'stripe',

    async createCheckout(req: CheckoutRequest) {
      const orderId = req.orderId;
      const discount = req.discount ? discountText(req) : null;
      const session = await guarded('checkout create', (stripe) =>
        stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: req.currency.toLowerCase(),
                  unit_amount: req.amountCents,
                  // Stripe's own discounts need a Coupon object; with price_data the discounted amount is the price,
                  // and the product's description and the invoice's custom field say what was taken off.
                  product_data: discount
                    ? { name: req.productName, description: discount.line }
                    : { name: req.productName },
                },
              },
            ],
            expires_at: Math.floor(req.expiresAt / 1000),
            client_reference_id: orderId,
            metadata: { order_id: orderId },
            // refunds and disputes point at the payment intent, so it names the order as well
            payment_intent_data: { metadata: { order_id: orderId } },
            customer_email: req.customerEmail,
            locale: req.locale,
            invoice_creation: {
              enabled: true,
              invoice_data: {
                description: discount ? `${req.invoiceDescription}. ${discount.line}` : req.invoiceDescription,
                metadata: { order_id: orderId },
                ...(discount ? { custom_fields: [{ name: discount.field, value: discount.line }] } : {}),
              },
            },
            tax_id_collection: { enabled: true },
            // stripe 23 (API 2026-10-28.endive) no longer accepts payment_method_types on create
            allowed_payment_method_types: req.allowDelayed
              ? opts.paymentMethods
              : opts.paymentMethods.filter((m) => !DELAYED.test(m)),
            success_url: req.successUrl,
            cancel_url: req.cancelUrl,
          },
          // deterministic, so a retried "buy" for the same order returns the same session instead of a second one
          { idempotencyKey: req.idempotencyKey },
        ),
      );
      if (!session.url) throw new AppError('payment_provider_error', 'Stripe returned a checkout session without URL');
      return { id: session.id, url: session.url };
    },

    async retrieveCheckout(sessionId: string) {
      const session = await guarded('checkout retrieve', (stripe) =>
        stripe.checkout.sessions.retrieve(sessionId, { expand: ['invoice'] }),
      );
      return checkoutSnapshotFromStripe(session);
    },

    async expireCheckout(sessionId: string) {
      await guarded('checkout expire', (stripe) => stripe.checkout.sessions.expire(sessionId));
    },

    async refund(paymentIntentId: string, idempotencyKey: string, amountCents?: number) {
      const refund = await guarded('refund', (stripe) =>
        stripe.refunds.create(
          amountCents === undefined
            ? { payment_intent: paymentIntentId }
            : { payment_intent: paymentIntentId, amount: amountCents },
          { idempotencyKey },
        ),
      );
      return { id: refund.id };
    },

    async verifyWebhook(rawBody: string, signature: string | undefined) {
      if (!signature) throw new AppError('invalid_signature', 'Missing Stripe-Signature header');
      const { stripe, cryptoProvider } = await connect();
      let event: Stripe.Event;
      try {
        event = await stripe.webhooks.constructEventAsync(
          rawBody,
          signature,
          opts.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
          cryptoProvider,
        );
      } catch {
        // the SDK's message is not forwarded: callers only need to know the payload is not trusted
        throw new AppError('invalid_signature', 'Stripe webhook signature verification failed');
      }
      return providerEventFromStripe(event);
    },
  };
}
