import { sql } from 'drizzle-orm';

/**
 * The one definition of a taken seat, used by the hold, the late-payment check and the stats.
 * `now` is bound as a parameter: the clock comes from deps, never from SQLite.
 */
export const takenSeatsWhere = (alias: string, now: number) =>
  sql
    .raw(`(${alias}.status IN ('paid','processing') OR (${alias}.status = 'held' AND ${alias}.hold_expires_at > `)
    .append(sql`${now}`)
    .append(sql.raw('))'));
