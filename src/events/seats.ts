import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { knownSoldOut, markSoldOut, soldOutGeneration } from './sold-out';

/**
 * The one definition of a taken seat, used by the hold, the late-payment check and the stats. A waitlist offer
 * is a held order like any other (src/waitlist/offers.ts), so it is taken by this definition too.
 * `now` is bound as a parameter: the clock comes from deps, never from SQLite.
 */
export const takenSeatsWhere = (alias: string, now: number) =>
  sql
    .raw(`(${alias}.status IN ('paid','processing') OR (${alias}.status = 'held' AND ${alias}.hold_expires_at > `)
    .append(sql`${now}`)
    .append(sql.raw('))'));

/**
 * People waiting in the line of the event `eventId` (a column or a parameter) (not those holding an offer, whose seats are
 * taken already). A seat the line waits for is not the public's: the purchase form only sells seats beyond
 * the line, so nobody who just arrived overtakes it while an offer is on its way.
 */
export const waitingInLine = (eventId: SQL) =>
  sql`(SELECT count(*) FROM waitlist_entries w WHERE w.event_id = ${eventId} AND w.state = 'waiting')`;

/** Seats left, for the public page and the hold's failure path, which need nothing else of the stats. */
export async function countSeatsLeft(db: Db, event: { id: string; capacity: number }, now: number): Promise<number> {
  const rows = await db.all<{ taken: number }>(
    sql`SELECT count(*) AS taken FROM orders o WHERE o.event_id = ${event.id} AND ${takenSeatsWhere('o', now)}`,
  );
  return Math.max(0, event.capacity - Number(rows[0]?.taken ?? 0));
}

/**
 * Seats the purchase form may still sell: those not taken and not awaited by the waitlist's line. A dinner this
 * instance knows to be sold out answers 0 without a read (src/events/sold-out.ts); a count of 0 teaches it that.
 */
export async function countPublicSeatsLeft(
  db: Db,
  event: { id: string; capacity: number },
  now: number,
): Promise<number> {
  if (knownSoldOut(db, event.id, now)) return 0;
  const generation = soldOutGeneration(db, event.id);
  const rows = await db.all<{ taken: number; waiting: number }>(
    sql`SELECT (SELECT count(*) FROM orders o WHERE o.event_id = ${event.id} AND ${takenSeatsWhere('o', now)}) AS taken,
      ${waitingInLine(sql`${event.id}`)} AS waiting`,
  );
  const left = Math.max(0, event.capacity - Number(rows[0]?.taken ?? 0) - Number(rows[0]?.waiting ?? 0));
  if (left === 0) markSoldOut(db, event.id, now, generation);
  return left;
}
