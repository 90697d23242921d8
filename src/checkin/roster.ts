import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../deps';
import { type Cursor, formatCursor } from './schema';
import { currentCheckinId } from './state';

/**
 * How far the cursor's time mark trails the server clock. A writer takes updated_at from its
 * clock before its statement commits, so a ticket can become visible with an updated_at a
 * little older than tickets already sent; a mark at "the newest updated_at seen" would miss
 * it for good. Trailing by a minute re-sends the few tickets changed in that minute (ticket
 * changes are rare during a dinner; check-ins live in scans) and covers commit lag and
 * clock skew between instances. Re-sending is harmless: the phone merges by ticket id.
 */
export const CURSOR_LAG_MS = 60_000;

export interface RosterTicket {
  id: string;
  /** sha256 hex of the QR text (the upper-case secret): the phone matches scans offline */
  qrHash: string;
  name: string;
  company: string;
  askMeAbout: string;
  status: 'valid' | 'void';
  /** ordering time of the entry that checks the ticket in (the phone's clock, see state.ts) */
  checkedInAt: number | null;
  checkedInBy: string | null;
}

export interface Roster {
  tickets: RosterTicket[];
  cursor: string;
  /** true when this is the whole roster, false for a delta since a cursor */
  full: boolean;
}

type Row = {
  id: string;
  qr_hash: string;
  name: string;
  company: string;
  ask_me_about: string;
  status: string;
  checked_in_at: number | null;
  checked_in_by: string | null;
};

/** Tickets of one event with their derived check-in state; `filter` narrows on ticket alias t. */
export async function ticketsWithState(deps: Deps, eventId: string, filter: SQL = sql`1`): Promise<RosterTicket[]> {
  const rows = await deps.db.all<Row>(sql`
    SELECT t.id, t.qr_hash, t.name, t.company, t.ask_me_about, t.status,
      c.device_time AS checked_in_at, d.name AS checked_in_by
    FROM tickets t
    LEFT JOIN scans c ON c.id = ${currentCheckinId('t')}
    LEFT JOIN devices d ON d.id = c.device_id
    WHERE t.event_id = ${eventId} AND ${filter}
    ORDER BY t.created_at, t.id`);
  return rows.map((r) => ({
    id: r.id,
    qrHash: r.qr_hash,
    name: r.name,
    company: r.company,
    askMeAbout: r.ask_me_about,
    status: r.status === 'valid' ? 'valid' : 'void',
    checkedInAt: r.checked_in_at === null ? null : Number(r.checked_in_at),
    checkedInBy: r.checked_in_by,
  }));
}

/**
 * The whole roster, or what changed since a cursor: tickets whose row changed (sold, voided,
 * edited) and tickets touched by newer scans (a late, earlier-timed scan can change who
 * checked a ticket in, so every touched ticket is re-sent with its state derived afresh).
 */
export async function getRoster(deps: Deps, eventId: string, since?: Cursor): Promise<Roster> {
  const timeMark = Math.max(0, deps.clock.now() - CURSOR_LAG_MS);
  // Read the scan mark first. Scan ids are assigned in commit order, so every scan up to the
  // mark is visible to the ticket query below; later ones are picked up by the next call.
  const [mark] = await deps.db.all<{ m: number | null }>(
    sql`SELECT max(id) AS m FROM scans WHERE event_id = ${eventId}`,
  );
  const scanMark = Number(mark?.m ?? 0);
  const filter = since
    ? sql`(t.updated_at > ${since.ts} OR t.id IN
        (SELECT s.ticket_id FROM scans s WHERE s.event_id = ${eventId} AND s.id > ${since.scanId}))`
    : sql`1`;
  const tickets = await ticketsWithState(deps, eventId, filter);
  return { tickets, cursor: formatCursor({ ts: timeMark, scanId: scanMark }), full: !since };
}
