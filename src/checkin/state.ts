import { type SQL, sql } from 'drizzle-orm';

/**
 * A ticket's check-in state is derived from its append-only scans, never stored.
 *
 * The rule: order a ticket's scans by (device_time, id). "Effective" entries are entries
 * whose result was ok or already_checked_in (unknown, void and wrong_event never count);
 * an annul counts only when its result was ok. The ticket is checked in by the EARLIEST
 * effective entry that no counted annul follows. So when two offline phones scan one
 * ticket, the earlier device time wins, whichever batch reaches the server first.
 *
 * device_time holds the ordering time, set once when the scan is written (see scans.ts):
 * the phone's clock, capped at the server's arrival time (a scan cannot happen after it
 * arrives), raised for an entry to the ticket's newest counted annul, and raised for an
 * annul to the ticket's newest counted scan. An annul therefore undoes every check-in known
 * when it arrives, and a re-entry after an undo counts, however the phones' clocks disagree.
 * id is the arrival sequence (AUTOINCREMENT, assigned in commit order); it breaks ties.
 */
// The results themselves are wire types (src/shared/wire.ts SCAN_RESULTS): the phone computes them too.

/** The condition "scan alias s is an effective entry". Aliases are fixed identifiers, never input. */
const effectiveEntry = (s: string) => sql.raw(`${s}.kind = 'entry' AND ${s}.result IN ('ok', 'already_checked_in')`);
export const countedAnnul = (s: string) => sql.raw(`${s}.kind = 'annul' AND ${s}.result = 'ok'`);

/** Effective entries and counted annuls: every scan that takes part in the derivation. */
export const countedScan = (s: string) => sql`((${effectiveEntry(s)}) OR (${countedAnnul(s)}))`;

/**
 * Whether ticket `ticketId` is checked in just after ordering time `at` (null: now, after all scans).
 * Both arguments are SQL: columns of the surrounding query or parameters.
 */
export function checkedInAsOf(eventId: string, ticketId: SQL, at: SQL | null): SQL {
  const upTo = (s: string) => (at ? sql` AND ${sql.raw(s)}.device_time <= ${at}` : sql``);
  return sql`EXISTS (SELECT 1 FROM scans e WHERE e.event_id = ${eventId} AND e.ticket_id = ${ticketId}
    AND ${effectiveEntry('e')}${upTo('e')}
    AND NOT EXISTS (SELECT 1 FROM scans a WHERE a.event_id = ${eventId} AND a.ticket_id = ${ticketId}
      AND ${countedAnnul('a')} AND (a.device_time, a.id) > (e.device_time, e.id)${upTo('a')}))`;
}

/** The id of the scan that currently checks in the ticket row aliased `t`, or NULL. */
export function currentCheckinId(t: string): SQL {
  const ticket = sql.raw(t);
  return sql`(SELECT e.id FROM scans e WHERE e.event_id = ${ticket}.event_id AND e.ticket_id = ${ticket}.id
    AND ${effectiveEntry('e')}
    AND NOT EXISTS (SELECT 1 FROM scans a WHERE a.event_id = e.event_id AND a.ticket_id = e.ticket_id
      AND ${countedAnnul('a')} AND (a.device_time, a.id) > (e.device_time, e.id))
    ORDER BY e.device_time, e.id LIMIT 1)`;
}

/** Condition for SQL elsewhere (e.g. event stats): the ticket row aliased `t` is checked in now. */
export const isCheckedIn = (t: string): SQL => sql`${currentCheckinId(t)} IS NOT NULL`;
