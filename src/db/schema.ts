import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** All times are integer milliseconds since the epoch, UTC. Money is integer cents. */
const ms = (name: string) => integer(name);
const bool = (name: string) => integer(name, { mode: 'boolean' });

export const events = sqliteTable('events', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  venue: text('venue').notNull(),
  address: text('address').notNull().default(''),
  /** the venue's coordinates (WGS 84), both or neither: wallet passes show up on the lock screen near the venue */
  venueLatitude: real('venue_latitude'),
  venueLongitude: real('venue_longitude'),
  hostName: text('host_name').notNull().default(''),
  startsAt: ms('starts_at').notNull(),
  endsAt: ms('ends_at').notNull(),
  timezone: text('timezone').notNull(),
  priceCents: integer('price_cents').notNull(),
  currency: text('currency').notNull(),
  capacity: integer('capacity').notNull(),
  salesCloseAt: ms('sales_close_at'),
  /** before this, only a code that unlocks the sale can hold a seat (a pre-sale); null: on sale at once */
  salesOpenAt: ms('sales_open_at'),
  /** how long a waitlist offer holds its seat, before the shortening near the dinner (src/waitlist/offer-window.ts) */
  offerHours: integer('offer_hours').notNull().default(12),
  /** a guest may pass the ticket on until then; null: not transferable */
  transferUntil: ms('transfer_until'),
  /** the guest may cancel until this many days before the start; null (both): not cancellable */
  cancelUntilDays: integer('cancel_until_days'),
  /** the share of the price refunded on a guest's cancellation, 0–100; the rest is kept as a fee */
  cancelRefundPercent: integer('cancel_refund_percent'),
  /** draft | on_sale | closed | cancelled */
  status: text('status').notNull().default('on_sale'),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

/**
 * One checkout for one seat; the buyer is the attendee.
 * held → paid | processing (delayed method) | expired | cancelled | failed; paid → refunded.
 * Paid money without a seat (late, or the dinner cancelled) → refund_due → refunded (src/payments/fulfil.ts).
 * A seat is taken while paid, processing, or held with hold_expires_at in the future.
 */
export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    status: text('status').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    company: text('company').notNull().default(''),
    role: text('role').notNull().default(''),
    phone: text('phone').notNull().default(''),
    linkedin: text('linkedin').notNull().default(''),
    askMeAbout: text('ask_me_about').notNull().default(''),
    locale: text('locale').notNull().default('de'),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    provider: text('provider').notNull(),
    providerSessionId: text('provider_session_id').unique(),
    providerPaymentId: text('provider_payment_id').unique(),
    holdExpiresAt: ms('hold_expires_at').notNull(),
    paidAt: ms('paid_at'),
    refundedAt: ms('refunded_at'),
    /** why a paid order was refunded: organizer | provider | sold_out_late | event_cancelled | guest_cancelled */
    refundReason: text('refund_reason'),
    /** what went back; null on refunds from before partial refunds, which were always in full */
    refundedCents: integer('refunded_cents'),
    /** the access or promo code used (src/codes); amount_cents is the price after its discount */
    codeId: text('code_id'),
    discountCents: integer('discount_cents').notNull().default(0),
    invoiceUrl: text('invoice_url'),
    /** personal fields blanked (guest's request or retention); amount and provider ids stay */
    anonymizedAt: ms('anonymized_at'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    index('orders_event_status').on(t.eventId, t.status, t.holdExpiresAt),
    index('orders_code').on(t.codeId, t.status),
  ],
);

/**
 * One seat of a paid order, in the hands of one guest. Passing the seat on (src/transfers) marks the row
 * `transferred` and adds a new row for the new guest with its own token and QR secret, so the old QR is refused
 * at the door and every holder's row stays as it was: one valid ticket per order at most.
 * The QR secret is shown on the ticket page; the roster only carries its hash.
 */
export const tickets = sqliteTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    company: text('company').notNull().default(''),
    role: text('role').notNull().default(''),
    phone: text('phone').notNull().default(''),
    linkedin: text('linkedin').notNull().default(''),
    askMeAbout: text('ask_me_about').notNull().default(''),
    qrSecret: text('qr_secret').notNull(),
    qrHash: text('qr_hash').notNull().unique(),
    /** capability link /t/:token; looked up by its hash so timing reveals nothing of it */
    token: text('token').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** valid | void (refunded) | transferred (passed on to the next row of its order) | cancelled (by the guest) */
    status: text('status').notNull().default('valid'),
    demo: bool('demo').notNull().default(false),
    /** optional seating, used to order the greeting round */
    tableLabel: text('table_label'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    voidedAt: ms('voided_at'),
    /** personal fields blanked (guest's request or retention); bookkeeping stays */
    anonymizedAt: ms('anonymized_at'),
  },
  (t) => [
    index('tickets_event_updated').on(t.eventId, t.updatedAt),
    uniqueIndex('tickets_order_valid').on(t.orderId).where(sql`status = 'valid'`),
    index('tickets_order').on(t.orderId),
  ],
);

/** Append-only: who passed which ticket on to which, when. With the tickets' rows, the history of a seat. */
export const ticketTransfers = sqliteTable(
  'ticket_transfers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: text('event_id').notNull(),
    orderId: text('order_id').notNull(),
    /** a ticket is passed on once: after that it is `transferred` and its successor is the one to pass on */
    fromTicketId: text('from_ticket_id').notNull().unique(),
    toTicketId: text('to_ticket_id').notNull().unique(),
    /** guest | organizer */
    actor: text('actor').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('ticket_transfers_order').on(t.orderId, t.id)],
);

/**
 * Access and promo codes of one dinner. A use is an order holding a seat with the code (held, processing or
 * paid), counted in the statement that takes the hold, so uses never exceed max_uses; a hold that lapses or is
 * released, a refund or a cancellation gives its use back.
 */
export const accessCodes = sqliteTable(
  'access_codes',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    /** upper-case, as typed on the form after normalising */
    code: text('code').notNull(),
    /** percent | amount | comp */
    kind: text('kind').notNull(),
    /** percent: 1–100; amount: cents off; comp: 0 */
    value: integer('value').notNull(),
    maxUses: integer('max_uses').notNull(),
    expiresAt: ms('expires_at'),
    /** holds a seat before the sale opens (events.sales_open_at): a pre-sale */
    unlocksSale: bool('unlocks_sale').notNull().default(false),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('access_codes_event_code').on(t.eventId, t.code)],
);

/**
 * The line for a sold-out dinner. position orders it (join order; an organizer can move someone to the front).
 * waiting → offered (a held order, order_id, holds the seat until offer_expires_at) → converted | lapsed | declined;
 * waiting | offered → removed (left the line, or taken off by the organizer). Links are capabilities looked up by
 * their hashes: token_hash for the place in line (join mail), offer_token_hash for the offer (offer mail).
 */
export const waitlistEntries = sqliteTable(
  'waitlist_entries',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    company: text('company').notNull().default(''),
    askMeAbout: text('ask_me_about').notNull().default(''),
    locale: text('locale').notNull().default('de'),
    /** the boxes ticked on joining: they prefill the offer's purchase form, where consent is recorded */
    consentHost: bool('consent_host').notNull().default(false),
    consentGuests: bool('consent_guests').notNull().default(false),
    /** waiting | offered | converted | lapsed | declined | removed */
    state: text('state').notNull().default('waiting'),
    tokenHash: text('token_hash').notNull().unique(),
    offerTokenHash: text('offer_token_hash').unique(),
    orderId: text('order_id'),
    /** auto | organizer */
    offeredBy: text('offered_by'),
    offeredAt: ms('offered_at'),
    offerExpiresAt: ms('offer_expires_at'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    anonymizedAt: ms('anonymized_at'),
  },
  (t) => [index('waitlist_event_state').on(t.eventId, t.state, t.position), index('waitlist_order').on(t.orderId)],
);

/** Append-only: the newest record per (order, scope) is the guest's current choice. */
export const consents = sqliteTable(
  'consents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    /** host | guests (purchase form and ticket page) | klick (ticket page only); any policy version counts */
    scope: text('scope').notNull(),
    granted: bool('granted').notNull(),
    policyVersion: text('policy_version').notNull(),
    /** purchase | ticket_page */
    source: text('source').notNull(),
    recordedAt: ms('recorded_at').notNull(),
  },
  (t) => [index('consents_order_scope').on(t.orderId, t.scope, t.id)],
);

export const devices = sqliteTable('devices', {
  id: text('id').primaryKey(),
  eventId: text('event_id')
    .notNull()
    .references(() => events.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** host */
  role: text('role').notNull().default('host'),
  createdAt: ms('created_at').notNull(),
  lastSeenAt: ms('last_seen_at'),
  revokedAt: ms('revoked_at'),
});

export const pairingCodes = sqliteTable('pairing_codes', {
  codeHash: text('code_hash').primaryKey(),
  eventId: text('event_id')
    .notNull()
    .references(() => events.id),
  deviceName: text('device_name').notNull(),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
  usedAt: ms('used_at'),
  deviceId: text('device_id'),
});

/** Append-only. A ticket's check-in state is derived from its scans. */
export const scans = sqliteTable(
  'scans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: text('event_id').notNull(),
    deviceId: text('device_id').notNull(),
    clientNonce: text('client_nonce').notNull().unique(),
    ticketId: text('ticket_id'),
    /** entry | annul */
    kind: text('kind').notNull(),
    /** ok | already_checked_in | unknown | void | transferred | cancelled | wrong_event | not_checked_in */
    result: text('result').notNull(),
    deviceTime: ms('device_time').notNull(),
    serverTime: ms('server_time').notNull(),
  },
  (t) => [index('scans_event_ticket').on(t.eventId, t.ticketId), index('scans_event_id').on(t.eventId, t.id)],
);

/** Append-only handshake log. */
export const greetings = sqliteTable(
  'greetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: text('event_id').notNull(),
    deviceId: text('device_id').notNull(),
    clientNonce: text('client_nonce').notNull().unique(),
    ticketId: text('ticket_id').notNull(),
    /** greet | ungreet */
    kind: text('kind').notNull(),
    deviceTime: ms('device_time').notNull(),
    serverTime: ms('server_time').notNull(),
    note: text('note'),
  },
  (t) => [index('greetings_event_ticket').on(t.eventId, t.ticketId), index('greetings_event_id').on(t.eventId, t.id)],
);

export const processedWebhooks = sqliteTable('processed_webhooks', {
  eventId: text('event_id').primaryKey(),
  type: text('type').notNull(),
  processedAt: ms('processed_at').notNull(),
});

/** Transactional outbox: a mail is written with the change that causes it and sent until it goes out. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** JSON: [{ filename, contentType, content (base64) }] */
    attachments: text('attachments').notNull().default('[]'),
    /** pending | sent | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    lastError: text('last_error'),
    providerId: text('provider_id'),
    sentAt: ms('sent_at'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('outbox_due').on(t.status, t.nextAttemptAt)],
);

export const adminSessions = sqliteTable('admin_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
});

/** The demo payment provider's own state, standing in for Stripe's Checkout Sessions. */
export const demoSessions = sqliteTable('demo_sessions', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  /** open | complete | expired */
  status: text('status').notNull(),
  /** unpaid | paid */
  paymentStatus: text('payment_status').notNull(),
  paymentIntentId: text('payment_intent_id').notNull(),
  amountTotal: integer('amount_total').notNull(),
  currency: text('currency').notNull(),
  customerEmail: text('customer_email').notNull(),
  successUrl: text('success_url').notNull(),
  cancelUrl: text('cancel_url').notNull(),
  expiresAt: ms('expires_at').notNull(),
  refundedAt: ms('refunded_at'),
  createdAt: ms('created_at').notNull(),
});

export const exportLog = sqliteTable('export_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  eventId: text('event_id').notNull(),
  actor: text('actor').notNull(),
  format: text('format').notNull(),
  filter: text('filter').notNull(),
  rows: integer('rows').notNull(),
  createdAt: ms('created_at').notNull(),
});

/** Append-only "I want to stay in touch" marks between two guests of one event; mutual marks reveal contacts. */
export const klicks = sqliteTable(
  'klicks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: text('event_id').notNull(),
    fromTicketId: text('from_ticket_id').notNull(),
    toTicketId: text('to_ticket_id').notNull(),
    /** mark | unmark */
    kind: text('kind').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('klicks_event_from').on(t.eventId, t.fromTicketId, t.toTicketId, t.id)],
);

/** What was deleted or anonymised, when and why: the organizer sees this instead of the data. */
export const deletionLog = sqliteTable('deletion_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  eventId: text('event_id').notNull(),
  /** null for a whole-event retention run */
  orderId: text('order_id'),
  /** retention | guest_request */
  reason: text('reason').notNull(),
  rows: integer('rows').notNull(),
  createdAt: ms('created_at').notNull(),
});
