import { type SQL, sql } from 'drizzle-orm';
import { countedAnnul, countedScan } from '../checkin/state';

/**
 * A guest's greeting state is derived from the append-only greetings, never stored — the same
 * shape of rule as check-in (checkin/state.ts), so the two agree on clocks and undo.
 *
 * Order a ticket's greetings by (device_time, id). The guest is greeted when some greet follows
 * the last ungreet; the greeting that counts is the EARLIEST such greet, so when two co-hosts
 * greet one guest the earlier device time is kept, whichever phone syncs first, and every other
 * greet after the last ungreet is a second greeting (logged, never counted).
 *
 * device_time holds the ordering time, set once when the row is written (see record.ts): the
 * phone's clock, capped at the server's arrival time, and raised for a greet to the ticket's
 * newest ungreet and for an ungreet to its newest greet. So an ungreet undoes every greeting
 * known when it arrives (from any phone: a guest wrongly shown as not greeted costs one more
 * handshake, one wrongly shown as greeted would be missed), and a greet that arrives after an
 * undo counts, however the phones' clocks disagree. An ungreet of a guest nobody greeted is
 * written but changes nothing: every later greet is ordered after it.
 *
 * The table has no result column (unlike scans), so the verdict a phone was given is derived
 * from the rows that arrived before it (lower id): those never change, so a replay gets the
 * same verdict without anything being written again.
 */
// The results themselves are wire types (src/shared/wire.ts GREETING_RESULTS): the phone computes them too.

/** The condition "greeting alias g is not followed by an ungreet" among rows passing `upTo` on alias u. */
const notUndone = (g: string, upTo: SQL = sql``) =>
  sql`NOT EXISTS (SELECT 1 FROM greetings u WHERE u.event_id = ${sql.raw(g)}.event_id
    AND u.ticket_id = ${sql.raw(g)}.ticket_id AND u.kind = 'ungreet'
    AND (u.device_time, u.id) > (${sql.raw(g)}.device_time, ${sql.raw(g)}.id)${upTo})`;

/** The id of the greeting that counts for the ticket row aliased `t` now, or NULL. Aliases are never input. */
export function currentGreetingId(t: string): SQL {
  const ticket = sql.raw(t);
  return sql`(SELECT gk.id FROM greetings gk WHERE gk.event_id = ${ticket}.event_id AND gk.ticket_id = ${ticket}.id
    AND gk.kind = 'greet' AND ${notUndone('gk')}
    ORDER BY gk.device_time, gk.id LIMIT 1)`;
}

/** Condition for SQL elsewhere (event stats, exports): the ticket row aliased `t` is greeted now. */
export const isGreeted = (t: string): SQL => sql`${currentGreetingId(t)} IS NOT NULL`;

/** The greet row aliased `g` is a second greeting: not undone, and not the one that counts (`t`: its ticket). */
export const isSecondGreeting = (g: string, t: string): SQL =>
  sql`${sql.raw(g)}.kind = 'greet' AND ${notUndone(g)} AND ${sql.raw(g)}.id <> ${currentGreetingId(t)}`;

/**
 * For the greeting row aliased `r`: among the rows that arrived before it, a greet of the same
 * ticket ordered before it and not undone. For a greet that makes it a second greeting; for an
 * ungreet it means the undo had something to undo (its ordering time is after every known greet).
 */
export function greetedBefore(r: string): SQL {
  const row = sql.raw(r);
  return sql`EXISTS (SELECT 1 FROM greetings p WHERE p.event_id = ${row}.event_id AND p.ticket_id = ${row}.ticket_id
    AND p.kind = 'greet' AND p.id < ${row}.id AND p.device_time <= ${row}.device_time
    AND ${notUndone('p', sql` AND u.id < ${row}.id`)})`;
}

/**
 * Whether the ticket of greeting row `r` was checked in when the greeting arrived: the check-in
 * rule of checkin/state.ts over the scans that had reached the server by then (server_time).
 * Tied to arrival so a replay is answered alike; a scan request that started before the greeting
 * but committed after the first answer can still turn a replay's not_checked_in into ok.
 */
export function checkedInOnArrival(r: string): SQL {
  const row = sql.raw(r);
  return sql`EXISTS (SELECT 1 FROM scans e WHERE e.event_id = ${row}.event_id AND e.ticket_id = ${row}.ticket_id
    AND e.kind = 'entry' AND ${countedScan('e')} AND e.server_time <= ${row}.server_time
    AND NOT EXISTS (SELECT 1 FROM scans a WHERE a.event_id = e.event_id AND a.ticket_id = e.ticket_id
      AND ${countedAnnul('a')} AND a.server_time <= ${row}.server_time
      AND (a.device_time, a.id) > (e.device_time, e.id)))`;
}
