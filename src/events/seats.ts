import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/**
 * The one definition of a taken seat, used by the hold, the late-payment check and the stats.
 * `now` is bound as a parameter: the clock comes from deps, never from SQLite.
 */
export const takenSeatsWhere = (alias: string, now: number) =>
  sql
    .raw(`(${alias}.status IN ('paid','processing') OR (${alias}.status = 'held' AND ${alias}.hold_expires_at > `)
    .append(sql`${now}`)
    .append(sql.raw('))'));

/** Seats left, for the public page and the hold's failure path, which need nothing else of the stats. */
export async function countSeatsLeft(db: Db, event: { id: string; capacity: number }, now: number): Promise<number> {
  const rows = await db.all<{ taken: number }>(
    sql`SELECT count(*) AS taken FROM orders o WHERE o.event_id = ${event.id} AND ${takenSeatsWhere('o', now)}`,
  );
  return Math.max(0, event.capacity - Number(rows[0]?.taken ?? 0));
}
