import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../deps';
import { currentGreetingId } from '../greetings/state';
import { sha256Hex } from '../lib/crypto';
import { type RosterAnswer, type RosterTicket, TICKET_STATUSES, type TicketStatus } from '../shared/wire';
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

type Row = {
  id: string;
  qr_hash: string;
  email: string;
  name: string;
  company: string;
  ask_me_about: string;
  status: string;
  checked_in_at: number | null;
  checked_in_by_id: string | null;
  checked_in_by: string | null;
  greeted_at: number | null;
  greeted_by: string | null;
  table_label: string | null;
};

/**
 * The door phone searches guests by e-mail too, but contact data stays on the server: the roster
 * carries only a hash of the address, salted with the event id so it matches nothing outside this
 * event. The phone hashes what the host types the same way (web/host/door.ts).
 */
export const emailHash = (eventId: string, email: string) => sha256Hex(`${eventId}\n${email.trim().toLowerCase()}`);

/** Tickets of one event with their derived check-in state; `filter` narrows on ticket alias t. */
export async function ticketsWithState(deps: Deps, eventId: string, filter: SQL = sql`1`): Promise<RosterTicket[]> {
  const rows = await deps.db.all<Row>(sql`
    SELECT t.id, t.qr_hash, t.email, t.name, t.company, t.ask_me_about, t.status, t.table_label,
      c.device_time AS checked_in_at, c.device_id AS checked_in_by_id, d.name AS checked_in_by, k.device_time AS greeted_at, kd.name AS greeted_by
    FROM tickets t
    LEFT JOIN scans c ON c.id = ${currentCheckinId('t')}
    LEFT JOIN devices d ON d.id = c.device_id
    LEFT JOIN greetings k ON k.id = ${currentGreetingId('t')}
    LEFT JOIN devices kd ON kd.id = k.device_id
    WHERE t.event_id = ${eventId} AND ${filter}
    ORDER BY t.created_at, t.id`);
  const emailHashes = await Promise.all(rows.map((r) => emailHash(eventId, r.email)));
  return rows.map((r, i) => ({
    id: r.id,
    qrHash: r.qr_hash,
    emailHash: emailHashes[i]!,
    name: r.name,
    company: r.company,
    askMeAbout: r.ask_me_about,
    status: (TICKET_STATUSES as readonly string[]).includes(r.status) ? (r.status as TicketStatus) : 'void',
    checkedInAt: r.checked_in_at === null ? null : Number(r.checked_in_at),
    checkedInById: r.checked_in_by_id,
    checkedInBy: r.checked_in_by,
    greetedAt: r.greeted_at === null ? null : Number(r.greeted_at),
    greetedBy: r.greeted_by,
    tableLabel: r.table_label,
  }));
}

/**
 * The whole roster, or what changed since a cursor: tickets whose row changed (sold, voided,
 * edited) and tickets touched by newer scans or greetings (a late, earlier-timed scan or greeting
 * can change who checked in or greeted a guest, so every touched ticket is re-sent with its state
 * derived afresh).
 */
export async function getRoster(deps: Deps, eventId: string, since?: Cursor): Promise<RosterAnswer> {
  const timeMark = Math.max(0, deps.clock.now() - CURSOR_LAG_MS);
  // Read the marks first. Scan and greeting ids are assigned in commit order, so every row up to
  // a mark is visible to the ticket query below; later ones are picked up by the next call.
  const [mark] = await deps.db.all<{ s: number | null; g: number | null }>(
    sql`SELECT (SELECT max(id) FROM scans WHERE event_id = ${eventId}) AS s,
      (SELECT max(id) FROM greetings WHERE event_id = ${eventId}) AS g`,
  );
  const scanMark = Number(mark?.s ?? 0);
  const greetingMark = Number(mark?.g ?? 0);
  const filter = since
    ? sql`(t.updated_at > ${since.ts} OR t.id IN
        (SELECT s.ticket_id FROM scans s WHERE s.event_id = ${eventId} AND s.id > ${since.scanId}) OR t.id IN
        (SELECT g.ticket_id FROM greetings g WHERE g.event_id = ${eventId} AND g.id > ${since.greetingId}))`
    : sql`1`;
  const tickets = await ticketsWithState(deps, eventId, filter);
  const cursor = formatCursor({ ts: timeMark, scanId: scanMark, greetingId: greetingMark });
  return { tickets, cursor, full: !since };
}
