import { and, desc, eq, sql } from 'drizzle-orm';
import { isCheckedIn } from '../checkin/state';
import { events } from '../db/schema';
import type { Deps } from '../deps';
import { isGreeted } from '../greetings/state';
import { newId } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { LOCAL_TIME, parseZonedLocal } from '../lib/time';
import { expireCheckouts } from '../payments/gateway';
import type { CreateEventInput, UpdateEventInput } from './schema';
import { countSeatsLeft, takenSeatsWhere } from './seats';

export type Event = typeof events.$inferSelect;

export interface EventStats {
  sold: number;
  held: number;
  seatsLeft: number;
  checkedIn: number;
  greeted: number;
  revenueCents: number;
  refunded: number;
}

/** An API time: an instant with offset as given, a wall-clock time read in the event's zone (lib/time.ts). */
function toMs(value: string, tz: string, field: 'startsAt' | 'endsAt' | 'salesCloseAt'): number {
  if (!LOCAL_TIME.test(value)) return Date.parse(value);
  const r = parseZonedLocal(value, tz);
  if ('ms' in r) return r.ms;
  const why =
    r.error === 'skipped'
      ? `${value} does not exist in ${tz}: the clocks skip it (summer time). Choose another time.`
      : `${value} is not a calendar time.`;
  throw new AppError('invalid_input', why, { fields: { [field]: why } });
}

function checkTimes(startsAt: number, endsAt: number, salesCloseAt: number | null) {
  if (endsAt <= startsAt)
    throw new AppError('invalid_input', 'endsAt must be after startsAt.', {
      fields: { endsAt: 'must be after startsAt' },
    });
  if (salesCloseAt !== null && salesCloseAt > endsAt)
    throw new AppError('invalid_input', 'salesCloseAt must not be after endsAt.', {
      fields: { salesCloseAt: 'must not be after endsAt' },
    });
}

function isUniqueViolation(err: unknown): boolean {
  const text = `${(err as Error)?.message ?? ''} ${String((err as { cause?: unknown })?.cause ?? '')}`;
  return /UNIQUE constraint failed/i.test(text);
}

export async function createEvent(deps: Deps, input: CreateEventInput): Promise<Event> {
  const now = deps.clock.now();
  const row = {
    id: newId(),
    ...input,
    startsAt: toMs(input.startsAt, input.timezone, 'startsAt'),
    endsAt: toMs(input.endsAt, input.timezone, 'endsAt'),
    salesCloseAt: input.salesCloseAt ? toMs(input.salesCloseAt, input.timezone, 'salesCloseAt') : null,
    createdAt: now,
    updatedAt: now,
  };
  checkTimes(row.startsAt, row.endsAt, row.salesCloseAt);
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
export async function updateEvent(deps: Deps, id: string, patch: UpdateEventInput): Promise<Event> {
  const current = await getEvent(deps, id);
  const now = deps.clock.now();
  const tz = patch.timezone ?? current.timezone;
  const next = {
    ...patch,
    startsAt: patch.startsAt ? toMs(patch.startsAt, tz, 'startsAt') : current.startsAt,
    endsAt: patch.endsAt ? toMs(patch.endsAt, tz, 'endsAt') : current.endsAt,
    salesCloseAt:
      patch.salesCloseAt === undefined
        ? current.salesCloseAt
        : patch.salesCloseAt
          ? toMs(patch.salesCloseAt, tz, 'salesCloseAt')
          : null,
    updatedAt: now,
  };
  checkTimes(next.startsAt, next.endsAt, next.salesCloseAt);
  const taken = sql`(SELECT count(*) FROM orders o WHERE o.event_id = ${id} AND ${takenSeatsWhere('o', now)})`;
  const update = deps.db
    .update(events)
    .set(next)
    .where(and(eq(events.id, id), patch.capacity === undefined ? undefined : sql`${taken} <= ${patch.capacity}`));
  // Cancelling closes the dinner's open holds in the same batch, so none of them can still become a ticket.
  const closeHolds = deps.db.run(sql`UPDATE orders SET status = 'cancelled', updated_at = ${now}
    WHERE event_id = ${id} AND status IN ('held', 'processing') AND (SELECT status FROM events WHERE id = ${id}) = 'cancelled'
    RETURNING provider_session_id AS session`);
  const [updated, cancelled] = await (patch.status === 'cancelled'
    ? deps.db.batch([update, closeHolds])
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
  await expireCheckouts(deps.payments, cancelled?.rows ?? []);
  return getEvent(deps, id);
}

export async function cancelEvent(deps: Deps, id: string): Promise<Event> {
  return updateEvent(deps, id, { status: 'cancelled' });
}

export async function getEvent(deps: Deps, id: string): Promise<Event> {
  const row = await deps.db.query.events.findFirst({ where: eq(events.id, id) });
  if (!row) throw new AppError('not_found', 'No such event.');
  return row;
}

export async function getEventBySlug(deps: Deps, slug: string): Promise<Event> {
  const row = await deps.db.query.events.findFirst({ where: eq(events.slug, slug.toLowerCase()) });
  if (!row || row.status === 'draft') throw new AppError('not_found', 'No such event.');
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
  }>(sql`
    SELECT
      (SELECT count(*) FROM orders o WHERE o.event_id = ${event.id} AND o.status = 'paid') AS sold,
      (SELECT count(*) FROM orders o WHERE o.event_id = ${event.id} AND (o.status = 'processing' OR (o.status = 'held' AND o.hold_expires_at > ${now}))) AS held,
      (SELECT count(*) FROM orders o WHERE o.event_id = ${event.id} AND ${takenSeatsWhere('o', now)}) AS taken,
      (SELECT sum(amount_cents) FROM orders o WHERE o.event_id = ${event.id} AND o.status = 'paid') AS revenue,
      (SELECT count(*) FROM orders o WHERE o.event_id = ${event.id} AND o.status = 'refunded') AS refunded,
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
    revenueCents: Number(r.revenue ?? 0),
    refunded: Number(r.refunded),
  };
}

/** Why a seat cannot be sold right now, or null when it can. */
export function salesBlocker(
  event: Event,
  now: number,
  seatsLeft: number,
): 'event_cancelled' | 'sales_closed' | 'sold_out' | 'not_on_sale' | null {
  if (event.status === 'cancelled') return 'event_cancelled';
  if (event.status === 'draft') return 'not_on_sale';
  if (event.status === 'closed' || now >= (event.salesCloseAt ?? event.startsAt) || now >= event.endsAt)
    return 'sales_closed';
  if (seatsLeft <= 0) return 'sold_out';
  return null;
}
