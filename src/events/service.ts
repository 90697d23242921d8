import { and, desc, eq, sql } from 'drizzle-orm';
import { isCheckedIn } from '../checkin/state';
import { events } from '../db/schema';
import type { Deps } from '../deps';
import { isGreeted } from '../greetings/state';
import { newId } from '../lib/crypto';
import { AppError } from '../lib/errors';
import type { Lang } from '../lib/i18n';
import { LOCAL_TIME, parseZonedLocal } from '../lib/time';
import { queueMailSql } from '../mail/outbox';
import { expireCheckouts } from '../payments/gateway';
import { composeLineClosedMail } from '../waitlist/mail';
import { fillSeats } from '../waitlist/offers';
import { forgetEventRows } from './by-slug';
import { calledOffMails } from './called-off';
import type { CreateEventInput, UpdateEventInput } from './schema';
import { countSeatsLeft, takenSeatsWhere } from './seats';

export type Event = typeof events.$inferSelect;

export interface EventStats {
  sold: number;
  held: number;
  seatsLeft: number;
  checkedIn: number;
  greeted: number;
  /** after discounts, plus the fees kept on guests' cancellations */
  revenueCents: number;
  refunded: number;
  /** people in the waitlist's line: waiting, or holding an offer */
  waitlist: number;
}

/** An API time: an instant with offset as given, a wall-clock time read in the event's zone (lib/time.ts). */
type TimeField = 'startsAt' | 'endsAt' | 'salesCloseAt' | 'salesOpenAt' | 'transferUntil';

function toMs(value: string, tz: string, field: TimeField): number {
  if (!LOCAL_TIME.test(value)) return Date.parse(value);
  const r = parseZonedLocal(value, tz);
  if ('ms' in r) return r.ms;
  const why =
    r.error === 'skipped'
      ? `${value} does not exist in ${tz}: the clocks skip it (summer time). Choose another time.`
      : `${value} is not a calendar time.`;
  throw new AppError('invalid_input', why, { fields: { [field]: why } });
}

type Times = Pick<Event, 'startsAt' | 'endsAt' | 'salesCloseAt' | 'salesOpenAt' | 'transferUntil'>;

function checkTimes({ startsAt, endsAt, salesCloseAt, salesOpenAt, transferUntil }: Times) {
  const refuse = (field: string, rule: string) => {
    throw new AppError('invalid_input', `${field} ${rule}.`, { fields: { [field]: rule } });
  };
  if (endsAt <= startsAt) refuse('endsAt', 'must be after startsAt');
  if (salesCloseAt !== null && salesCloseAt > endsAt) refuse('salesCloseAt', 'must not be after endsAt');
  if (salesOpenAt !== null && salesOpenAt >= (salesCloseAt ?? startsAt))
    refuse('salesOpenAt', 'must be before the end of sales');
  if (transferUntil !== null && transferUntil > endsAt) refuse('transferUntil', 'must not be after endsAt');
}

const msOrNull = (iso: string | null, tz: string, field: TimeField) => (iso ? toMs(iso, tz, field) : null);

/** A venue is a point: a latitude without its longitude (or the reverse) would put the pass on the wrong spot. */
function checkLocation(e: Pick<Event, 'venueLatitude' | 'venueLongitude'>) {
  if ((e.venueLatitude === null) !== (e.venueLongitude === null))
    throw new AppError('invalid_input', 'venueLatitude and venueLongitude: set both or neither.', {
      fields: { [e.venueLatitude === null ? 'venueLatitude' : 'venueLongitude']: 'set both or neither' },
    });
}

/** The seat policies' columns of a create or update input; absent fields are left out. */
function policyColumns(input: Pick<UpdateEventInput, 'cancellation'>) {
  if (input.cancellation === undefined) return {};
  return {
    cancelUntilDays: input.cancellation?.untilDaysBefore ?? null,
    cancelRefundPercent: input.cancellation?.refundPercent ?? null,
  };
}

function isUniqueViolation(err: unknown): boolean {
  const text = `${(err as Error)?.message ?? ''} ${String((err as { cause?: unknown })?.cause ?? '')}`;
  return /UNIQUE constraint failed/i.test(text);
}

export async function createEvent(deps: Deps, input: CreateEventInput): Promise<Event> {
  const now = deps.clock.now();
  const { cancellation, salesOpenAt, transferUntil, ...plain } = input;
  const tz = input.timezone;
  const startsAt = toMs(input.startsAt, tz, 'startsAt');
  const row: Event = {
    id: newId(),
    ...plain,
    offerHours: input.offerHours ?? 12,
    doorList: input.doorList ?? 'search',
    addressForm: input.addressForm ?? 'sie',
    venueLatitude: input.venueLatitude ?? null,
    venueLongitude: input.venueLongitude ?? null,
    startsAt,
    endsAt: toMs(input.endsAt, tz, 'endsAt'),
    salesCloseAt: msOrNull(input.salesCloseAt ?? null, tz, 'salesCloseAt'),
    salesOpenAt: msOrNull(salesOpenAt ?? null, tz, 'salesOpenAt'),
    // the default: passing a ticket on is possible until the dinner starts
    transferUntil: transferUntil === undefined ? startsAt : msOrNull(transferUntil, tz, 'transferUntil'),
    cancelUntilDays: null,
    cancelRefundPercent: null,
    ...policyColumns({ cancellation }),
    createdAt: now,
    updatedAt: now,
  };
  checkTimes(row);
  checkLocation(row);
  try {
    await deps.db.insert(events).values(row);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('conflict', `The slug "${input.slug}" is taken.`, { fields: { slug: 'taken' } });
    throw err;
  }
  return row;
}

/**
 * Capacity is checked in the statement that sets it, so it never drops below the seats sold or held. Cancelling
 * cancels the open holds and pending debits in the same batch, so none of them becomes a ticket; money that
 * still arrives for one is refunded (src/payments/fulfil.ts). Paid tickets stay, for refundPaidOrders.
 */
export async function updateEvent(
  deps: Deps,
  id: string,
  patch: UpdateEventInput,
  opts: { refundOnCancel?: boolean } = {},
): Promise<Event> {
  const current = await getEvent(deps, id);
  const now = deps.clock.now();
  const { cancellation, salesOpenAt, transferUntil, ...plain } = patch;
  const tz = patch.timezone ?? current.timezone;
  const startsAt = patch.startsAt ? toMs(patch.startsAt, tz, 'startsAt') : current.startsAt;
  const next = {
    ...plain,
    startsAt,
    endsAt: patch.endsAt ? toMs(patch.endsAt, tz, 'endsAt') : current.endsAt,
    salesCloseAt:
      patch.salesCloseAt === undefined ? current.salesCloseAt : msOrNull(patch.salesCloseAt, tz, 'salesCloseAt'),
    salesOpenAt: salesOpenAt === undefined ? current.salesOpenAt : msOrNull(salesOpenAt, tz, 'salesOpenAt'),
    // a cut-off at the start (the default) moves with the start
    transferUntil:
      transferUntil !== undefined
        ? msOrNull(transferUntil, tz, 'transferUntil')
        : current.transferUntil === current.startsAt
          ? startsAt
          : current.transferUntil,
    ...policyColumns({ cancellation }),
    updatedAt: now,
  };
  checkTimes(next);
  checkLocation({
    venueLatitude: next.venueLatitude === undefined ? current.venueLatitude : next.venueLatitude,
    venueLongitude: next.venueLongitude === undefined ? current.venueLongitude : next.venueLongitude,
  });
  const taken = sql`(SELECT count(*) FROM orders o WHERE o.event_id = ${id} AND ${takenSeatsWhere('o', now)})`;
  const update = deps.db
    .update(events)
    .set(next)
    .where(and(eq(events.id, id), patch.capacity === undefined ? undefined : sql`${taken} <= ${patch.capacity}`));
  // Cancelling closes the dinner's open holds in the same batch, so none of them can still become a ticket.
  const closeHolds = deps.db.run(sql`UPDATE orders SET status = 'cancelled', updated_at = ${now}
    WHERE event_id = ${id} AND status IN ('held', 'processing') AND (SELECT status FROM events WHERE id = ${id}) = 'cancelled'
    RETURNING provider_session_id AS session`);
  // ...and ends its waitlist: nobody waits for a dinner that will not take place (no "offer lapsed" mails either)
  const closeLine = deps.db.run(sql`UPDATE waitlist_entries SET state = 'removed', updated_at = ${now}
    WHERE event_id = ${id} AND state IN ('waiting', 'offered') AND (SELECT status FROM events WHERE id = ${id}) = 'cancelled'`);
  const lineMails = patch.status === 'cancelled' ? await lineClosedMails(deps, current, now) : [];
  // a dinner cancelled before stays quiet: its guests were told the first time
  const guestMails =
    patch.status === 'cancelled' && current.status !== 'cancelled'
      ? await calledOffMails(deps, current, now, opts.refundOnCancel ?? false)
      : [];
  const [updated, cancelled] = await (patch.status === 'cancelled'
    ? deps.db.batch([update, closeHolds, closeLine, ...lineMails, ...guestMails])
    : deps.db.batch([update])
  ).catch((err) => {
    throw isUniqueViolation(err) ? new AppError('conflict', 'That slug is taken.', { fields: { slug: 'taken' } }) : err;
  });
  if (updated.rowsAffected === 0) {
    const n = current.capacity - (await countSeatsLeft(deps.db, current, now));
    throw new AppError('invalid_input', `capacity must be at least ${n}, the seats sold or held.`, {
      fields: { capacity: `at least ${n}` },
    });
  }
  forgetEventRows(deps.db);
  await expireCheckouts(deps.payments, cancelled?.rows ?? []);
  // more seats, a sale open again: the waitlist's next people get their offers
  await fillSeats(deps, id);
  return getEvent(deps, id);
}

/**
 * The mails that tell the people in line of a dinner being cancelled that its waitlist has ended, each queued in
 * the cancelling batch only if the dinner is cancelled by it (a refused update sends nothing).
 */
async function lineClosedMails(deps: Deps, event: Event, now: number) {
  const inLine = await deps.db.all<{ id: string; name: string; email: string; locale: string }>(
    sql`SELECT id, name, email, locale FROM waitlist_entries
      WHERE event_id = ${event.id} AND state IN ('waiting', 'offered') AND email <> ''`,
  );
  const cancelled = sql`(SELECT status FROM events WHERE id = ${event.id}) = 'cancelled'`;
  return inLine.map((r) => {
    const mail = composeLineClosedMail({ event, name: r.name, lang: r.locale as Lang });
    return deps.db.run(queueMailSql({ dedupeKey: `waitlist-closed:${r.id}`, to: r.email, ...mail }, now, cancelled));
  });
}

/** `refund`: the organizer refunds every paid ticket in the same step, and the guests' mails say so. */
export async function cancelEvent(deps: Deps, id: string, input: { refund: boolean }): Promise<Event> {
  return updateEvent(deps, id, { status: 'cancelled' }, { refundOnCancel: input.refund });
}

export async function getEvent(deps: Deps, id: string): Promise<Event> {
  const row = await deps.db.query.events.findFirst({ where: eq(events.id, id) });
  if (!row) throw new AppError('not_found', 'No such event.');
  return row;
}

export async function listEvents(deps: Deps): Promise<Event[]> {
  return deps.db.select().from(events).orderBy(desc(events.startsAt));
}

/** Check-in and greeting state are derived from the append-only logs (rules: checkin/state.ts, greetings/state.ts). */
export async function getEventStats(deps: Deps, event: Event): Promise<EventStats> {
  const now = deps.clock.now();
  const rows = await deps.db.all<{
    sold: number;
    held: number;
    taken: number;
    revenue: number | null;
    refunded: number;
    checked_in: number;
    greeted: number;
    kept: number | null;
    waitlist: number;
  }>(sql`
    SELECT
      (SELECT count(*) FROM orders o WHERE o.event_id = ${event.id} AND o.status = 'paid') AS sold,
      (SELECT count(*) FROM orders o WHERE o.event_id = ${event.id} AND (o.status = 'processing' OR (o.status = 'held' AND o.hold_expires_at > ${now}))) AS held,
      (SELECT count(*) FROM orders o WHERE o.event_id = ${event.id} AND ${takenSeatsWhere('o', now)}) AS taken,
      (SELECT sum(amount_cents) FROM orders o WHERE o.event_id = ${event.id} AND o.status = 'paid') AS revenue,
      (SELECT count(*) FROM orders o WHERE o.event_id = ${event.id} AND o.status = 'refunded') AS refunded,
      (SELECT sum(o.amount_cents - coalesce(o.refunded_cents, o.amount_cents)) FROM orders o
        WHERE o.event_id = ${event.id} AND o.status IN ('refunded', 'refund_due') AND o.refund_reason = 'guest_cancelled') AS kept,
      (SELECT count(*) FROM waitlist_entries w WHERE w.event_id = ${event.id} AND w.state IN ('waiting', 'offered')) AS waitlist,
      (SELECT count(*) FROM tickets t WHERE t.event_id = ${event.id} AND t.status = 'valid' AND ${isCheckedIn('t')}) AS checked_in,
      (SELECT count(*) FROM tickets t WHERE t.event_id = ${event.id} AND t.status = 'valid' AND ${isGreeted('t')}) AS greeted
  `);
  const r = rows[0]!;
  return {
    sold: Number(r.sold),
    held: Number(r.held),
    seatsLeft: Math.max(0, event.capacity - Number(r.taken)),
    checkedIn: Number(r.checked_in),
    greeted: Number(r.greeted),
    revenueCents: Number(r.revenue ?? 0) + Number(r.kept ?? 0),
    refunded: Number(r.refunded),
    waitlist: Number(r.waitlist),
  };
}

/** Why a seat cannot be sold right now, or null when it can. */
export function salesBlocker(
  event: Event,
  now: number,
  seatsLeft: number,
  opts: { unlocked?: boolean } = {},
): 'event_cancelled' | 'sales_closed' | 'sold_out' | 'not_on_sale' | 'sales_not_open' | null {
  if (event.status === 'cancelled') return 'event_cancelled';
  if (event.status === 'draft') return 'not_on_sale';
  if (event.status === 'closed' || now >= (event.salesCloseAt ?? event.startsAt) || now >= event.endsAt)
    return 'sales_closed';
  if (seatsLeft <= 0) return 'sold_out';
  // a pre-sale: a code that unlocks the sale holds a seat before the public can
  if (event.salesOpenAt !== null && now < event.salesOpenAt && !opts.unlocked) return 'sales_not_open';
  return null;
}
