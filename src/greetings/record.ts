import { eq, type SQL, sql } from 'drizzle-orm';
import { getRoster } from '../checkin/roster';
import { orderingTime } from '../checkin/scans';
import { tickets } from '../db/schema';
import type { Deps } from '../deps';
import type { Device } from '../devices/service';
import { sha256Hex } from '../lib/crypto';
import type { GreetingAnswer, GreetingOutcome, GreetingResult, LookupAnswer } from '../shared/wire';
import type { GreetingBatchInput, GreetingInput } from './schema';
import { checkedInOnArrival, currentGreetingId, greetedBefore } from './state';

/**
 * One greeting as one statement: the ticket check and the ordering time (state.ts) are computed
 * inside the INSERT, so concurrent phones cannot interleave between a read and a write, and a
 * replayed nonce writes nothing (ON CONFLICT). Unknown tickets, tickets of another event and void
 * tickets are not written: ticket_id is NOT NULL, and such a tap is no handshake to keep. Those
 * verdicts cannot change on a replay either (ids are never reused, a void ticket stays void).
 *
 * The rule for a guest who is not checked in: the greeting is written and counts, and the answer
 * is not_checked_in. The handshake happened; the usual cause is a check-in still waiting in
 * another phone's offline queue, and refusing it would lose the greeting for good. The phone
 * shows the flag; the organizer's log shows the guest without a check-in time until one arrives.
 */
function insertGreeting(device: Device, g: GreetingInput, sentAt: number | undefined, now: number): SQL {
  const eventId = device.eventId;
  const other = g.kind === 'greet' ? 'ungreet' : 'greet';
  // Dated by its age when sent, as scans are (checkin/scans.ts): a phone clock that is off cannot win.
  const deviceTime = orderingTime(g.deviceTime, sentAt, now);
  const note = g.note ? g.note : null;
  return sql`WITH x AS (
      SELECT t.id AS tid,
        (SELECT max(f.device_time) FROM greetings f
          WHERE f.event_id = ${eventId} AND f.ticket_id = t.id AND f.kind = ${other}) AS floor_time
      FROM tickets t WHERE t.id = ${g.ticketId} AND t.event_id = ${eventId} AND t.status = 'valid'
    )
    INSERT INTO greetings (event_id, device_id, client_nonce, ticket_id, kind, device_time, server_time, note)
    SELECT ${eventId}, ${device.id}, ${g.nonce}, tid, ${g.kind}, max(${deviceTime}, coalesce(floor_time, 0)), ${now}, ${note}
    FROM x WHERE true
    ON CONFLICT (client_nonce) DO NOTHING`;
}

type StoredRow = {
  nonce: string;
  device_id: string;
  ticket_id: string;
  kind: string;
  name: string;
  greeted_before: number;
  checked_in: number;
  greeted_at: number | null;
  greeted_by: string | null;
};
type TicketRow = { id: string; event_id: string; status: string; name: string };

const inList = (values: string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/**
 * Records a batch of greetings from one phone and answers each. The batch is one db.batch (all or
 * nothing) in the order sent, so a greet and its undo in one batch keep their order, and a
 * repeated nonce, inside a batch or in a replayed one, is answered from the first row.
 */
export async function recordGreetings(deps: Deps, device: Device, input: GreetingBatchInput): Promise<GreetingAnswer> {
  const now = deps.clock.now();
  const [first, ...rest] = input.greetings.map((g) => deps.db.run(insertGreeting(device, g, input.sentAt, now)));
  if (rest.length === 0) await first!;
  else await deps.db.batch([first!, ...rest]);

  const nonces = [...new Set(input.greetings.map((g) => g.nonce))];
  const rows = await deps.db.all<StoredRow>(sql`
    SELECT r.client_nonce AS nonce, r.device_id, r.ticket_id, r.kind, t.name,
      ${greetedBefore('r')} AS greeted_before, ${checkedInOnArrival('r')} AS checked_in,
      k.device_time AS greeted_at, d.name AS greeted_by
    FROM greetings r
    JOIN tickets t ON t.id = r.ticket_id
    LEFT JOIN greetings k ON k.id = ${currentGreetingId('t')}
    LEFT JOIN devices d ON d.id = k.device_id
    WHERE r.client_nonce IN (${inList(nonces)})`);
  const byNonce = new Map(rows.map((r) => [r.nonce, r]));
  const refusedIds = [...new Set(input.greetings.filter((g) => !byNonce.has(g.nonce)).map((g) => g.ticketId))];
  const tickets = refusedIds.length
    ? await deps.db.all<TicketRow>(
        sql`SELECT id, event_id, status, name FROM tickets WHERE id IN (${inList(refusedIds)})`,
      )
    : [];
  const ticketById = new Map(tickets.map((t) => [t.id, t]));
  const results = input.greetings.map((g) => {
    const row = byNonce.get(g.nonce);
    return row ? stored(g.nonce, row, device.id) : refused(g, ticketById.get(g.ticketId), device.eventId);
  });
  if (!input.since) return { results };
  return { results, roster: await getRoster(deps, device.eventId, input.since) };
}

function stored(nonce: string, row: StoredRow, deviceId: string): GreetingOutcome {
  // A nonce another phone already used says nothing about this greeting, and must not reveal that one.
  if (row.device_id !== deviceId) return { nonce, result: 'unknown' };
  const before = Number(row.greeted_before) === 1;
  let result: GreetingResult;
  if (row.kind === 'ungreet') result = before ? 'ok' : 'not_greeted';
  // A second greeting matters more to the host than a missing check-in: it is not counted.
  else if (before) result = 'already_greeted';
  else result = Number(row.checked_in) === 1 ? 'ok' : 'not_checked_in';
  const out: GreetingOutcome = { nonce, result, ticketId: row.ticket_id, name: row.name };
  if (row.greeted_at !== null) out.greetedAt = Number(row.greeted_at);
  if (row.greeted_by !== null) out.greetedBy = row.greeted_by;
  return out;
}

/** Not written: the ticket is unknown, of another event (revealing nothing of it), or void. */
function refused(g: GreetingInput, ticket: TicketRow | undefined, eventId: string): GreetingOutcome {
  if (!ticket) return { nonce: g.nonce, result: 'unknown' };
  if (ticket.event_id !== eventId) return { nonce: g.nonce, result: 'wrong_event' };
  if (ticket.status !== 'valid') return { nonce: g.nonce, result: 'void', ticketId: ticket.id, name: ticket.name };
  // Cannot happen (a valid ticket of this event is always written): say nothing rather than guess.
  return { nonce: g.nonce, result: 'unknown' };
}

/**
 * Whose code the phone scanned when its roster does not know it: a ticket of this dinner sold since
 * the last sync ("ok", the roster pull brings it), a void one, one of another dinner (nothing more
 * of it is said), or none. Only reads: a greeting is never written from a code.
 */
export async function lookupCode(deps: Deps, device: Device, qr: string): Promise<LookupAnswer> {
  const t = await deps.db.query.tickets.findFirst({ where: eq(tickets.qrHash, await sha256Hex(qr)) });
  return {
    result: !t ? 'unknown' : t.eventId !== device.eventId ? 'wrong_event' : t.status === 'valid' ? 'ok' : 'void',
  };
}
