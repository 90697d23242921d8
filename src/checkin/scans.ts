import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../deps';
import type { Device } from '../devices/service';
import { sha256Hex } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { codeReadings } from '../shared/ticket-code';
import type { ScanAnswer, ScanOutcome, ScanResult } from '../shared/wire';
import { getRoster } from './roster';
import type { ScanBatchInput } from './schema';
import { checkedInAsOf, countedAnnul, countedScan, currentCheckinId } from './state';

export interface PreparedScan {
  nonce: string;
  kind: 'entry' | 'annul';
  /** how the ticket row (alias t) is found */
  match: SQL;
  /** found by ticket id (a tap, or a code the phone's roster knows) rather than by QR */
  byId: boolean;
  deviceTime: number;
}

/**
 * One scan as one statement: the ticket lookup, the verdict and the ordering time are computed
 * inside the INSERT, so two phones scanning one ticket at once cannot both be told "ok"
 * (SQLite runs writes one at a time), and a replayed nonce writes nothing.
 * A ticket of another event is not linked (ticket_id NULL): its event's state must not change. Found by
 * ticket id, it is not written at all (refuseForeignTickets says why).
 */
function insertScan(device: Device, s: PreparedScan, now: number): SQL {
  const eventId = device.eventId;
  const tid = sql.raw('tid');
  const result =
    s.kind === 'entry'
      ? sql`CASE WHEN tid IS NULL THEN 'unknown' WHEN teid <> ${eventId} THEN 'wrong_event'
          WHEN tstatus IN ('transferred', 'cancelled') THEN tstatus WHEN tstatus <> 'valid' THEN 'void'
          WHEN ${checkedInAsOf(eventId, tid, sql.raw('pos_time'))} THEN 'already_checked_in' ELSE 'ok' END`
      : sql`CASE WHEN tid IS NULL THEN 'unknown' WHEN teid <> ${eventId} THEN 'wrong_event'
          WHEN ${checkedInAsOf(eventId, tid, null)} THEN 'ok' ELSE 'not_checked_in' END`;
  // An entry is ordered no earlier than the newest undo (so a re-entry after an undo counts);
  // an annul no earlier than every counted scan (so it undoes the check-in the host saw).
  const floor = s.kind === 'entry' ? countedAnnul('f') : countedScan('f');
  return sql`WITH x AS (
      SELECT t.id AS tid, t.event_id AS teid, t.status AS tstatus,
        (SELECT max(f.device_time) FROM scans f WHERE f.event_id = ${eventId} AND f.ticket_id = t.id AND ${floor}) AS floor_time
      FROM (SELECT 1) AS one LEFT JOIN tickets t ON ${s.match}
    ), y AS (SELECT tid, teid, tstatus, max(${s.deviceTime}, coalesce(floor_time, 0)) AS pos_time FROM x)
    INSERT INTO scans (event_id, device_id, client_nonce, ticket_id, kind, result, device_time, server_time)
    SELECT ${eventId}, ${device.id}, ${s.nonce}, CASE WHEN teid = ${eventId} THEN tid END, ${s.kind}, ${result},
      pos_time, ${now}
    FROM y WHERE ${s.byId ? sql`teid IS NULL OR teid = ${eventId}` : sql`true`}
    ON CONFLICT (client_nonce) DO NOTHING`;
}

/** Verdicts whose answer carries a check-in the INSERT does not return (see `returning`). */
const ANSWERED_FROM_STORE = new Set<ScanResult>(['already_checked_in', 'void', 'transferred', 'cancelled']);

type StoredRow = {
  nonce: string;
  device_id: string;
  result: ScanResult;
  ticket_id: string | null;
  name: string | null;
  checked_in_at: number | null;
  checked_in_by_id: string | null;
  checked_in_by: string | null;
};

/**
 * What the INSERT itself hands back for a fresh scan, whenever its verdict settles the check-in state by
 * itself (see state.ts): an ok entry is the check-in now (this phone's), an ok annul or not_checked_in
 * leaves none, unknown and wrong_event have no ticket. Not for already_checked_in (by whom?) nor a refused ticket.
 */
const returning = (device: Device) => {
  const own = sql.raw(`kind = 'entry' AND result = 'ok'`);
  return sql`RETURNING client_nonce AS nonce, device_id, result, ticket_id,
    (SELECT t.name FROM tickets t WHERE t.id = scans.ticket_id) AS name,
    CASE WHEN ${own} THEN device_time END AS checked_in_at, CASE WHEN ${own} THEN device_id END AS checked_in_by_id,
    CASE WHEN ${own} THEN ${device.name} END AS checked_in_by`;
};

/** The door's case: one scan, one statement, answered from its RETURNING (bench/checkin.ts times it in parts). */
export const singleScanSql = (device: Device, s: PreparedScan, now: number) =>
  sql`${insertScan(device, s, now)} ${returning(device)}`;

/**
 * The phone's clock may be minutes off, but the age of a scan when its request left (sentAt − deviceTime,
 * both read from that clock) is not: the scan happened that long before the request arrived. Without
 * sentAt (an older app) the phone's clock is taken as it is. Either way a scan cannot have happened after
 * it reached the server, so a clock running ahead cannot win "earliest scan"; with sentAt, nor can one
 * running behind.
 */
export const orderingTime = (deviceTime: number, sentAt: number | undefined, now: number) =>
  Math.min(now, sentAt === undefined ? deviceTime : now - Math.max(0, sentAt - deviceTime));

/**
 * A phone taps guests of its own roster only, so a ticket id of another event is a bad request, not a
 * verdict: refused before anything is written. (A QR of another dinner's ticket is a real guest at the
 * wrong door: that stays a stored "wrong_event" verdict.)
 */
/** The hashes a code may match: as read, and as a German-layout scanner typed it (src/shared/ticket-code.ts). */
export const qrHashes = (code: string) => Promise.all(codeReadings(code).map(sha256Hex));

async function refuseForeignTickets(deps: Deps, eventId: string, scans: ScanBatchInput['scans']) {
  const ids = scans.flatMap((s) => s.ticketId ?? []);
  if (
    ids.length &&
    (await deps.db.all(sql`SELECT 1 FROM tickets WHERE id IN ${ids} AND event_id <> ${eventId}`)).length
  )
    throw new AppError('invalid_input', 'A tap names a ticket of another event.');
}

/**
 * Records a batch of scans from one phone and answers each with its stored verdict. The whole
 * batch is one db.batch (atomic: all or nothing), in the order sent, so a duplicate nonce
 * inside a batch or a replayed batch finds the first row and is answered from it.
 */
export async function recordScans(deps: Deps, device: Device, input: ScanBatchInput): Promise<ScanAnswer> {
  const now = deps.clock.now();
  const prepared: PreparedScan[] = await Promise.all(
    input.scans.map(async (s) => ({
      nonce: s.nonce,
      kind: s.kind,
      match: s.qr !== undefined ? sql`t.qr_hash IN ${await qrHashes(s.qr)}` : sql`t.id = ${s.ticketId ?? ''}`,
      byId: s.qr === undefined,
      deviceTime: orderingTime(s.deviceTime, input.sentAt, now),
    })),
  );
  // The door's case, one scan, is one statement answered from RETURNING (see there); the rest, and a
  // replayed nonce (which inserts nothing), read the stored rows. A tap naming another event's ticket
  // inserts nothing either: only then is it looked for, off the door's hot path.
  let results: ScanOutcome[] | undefined;
  const single = prepared.length === 1 ? prepared[0]! : undefined;
  if (single) {
    const [row] = await deps.db.all<StoredRow>(singleScanSql(device, single, now));
    if (row && !ANSWERED_FROM_STORE.has(row.result)) results = [outcome(row.nonce, row, device.id)];
    else if (!row && single.byId) await refuseForeignTickets(deps, device.eventId, input.scans);
  } else {
    await refuseForeignTickets(deps, device.eventId, input.scans);
    const [first, ...rest] = prepared.map((p) => deps.db.run(insertScan(device, p, now)));
    await deps.db.batch([first!, ...rest]);
  }
  results ??= await readOutcomes(deps, device, prepared);
  if (!input.since) return { results };
  return { results, roster: await getRoster(deps, device.eventId, input.since) };
}

async function readOutcomes(deps: Deps, device: Device, prepared: PreparedScan[]): Promise<ScanOutcome[]> {
  const nonces = [...new Set(prepared.map((p) => p.nonce))];
  const rows = await deps.db.all<StoredRow>(sql`
    SELECT s.client_nonce AS nonce, s.device_id, s.result, s.ticket_id, t.name,
      c.device_time AS checked_in_at, c.device_id AS checked_in_by_id, d.name AS checked_in_by
    FROM scans s
    LEFT JOIN tickets t ON t.id = s.ticket_id
    LEFT JOIN scans c ON c.id = ${currentCheckinId('t')}
    LEFT JOIN devices d ON d.id = c.device_id
    WHERE s.client_nonce IN ${nonces}`);
  const byNonce = new Map(rows.map((r) => [r.nonce, r]));
  return prepared.map((p) => outcome(p.nonce, byNonce.get(p.nonce), device.id));
}

function outcome(nonce: string, row: StoredRow | undefined, deviceId: string): ScanOutcome {
  // A nonce another phone already used says nothing about this scan, and must not reveal that one.
  if (!row || row.device_id !== deviceId) return { nonce, result: 'unknown' };
  const out: ScanOutcome = { nonce, result: row.result };
  if (row.ticket_id) {
    out.ticketId = row.ticket_id;
    if (row.name !== null) out.name = row.name;
  }
  if (row.checked_in_at !== null) out.checkedInAt = Number(row.checked_in_at);
  if (row.checked_in_by_id !== null) out.checkedInById = row.checked_in_by_id;
  if (row.checked_in_by !== null) out.checkedInBy = row.checked_in_by;
  return out;
}
