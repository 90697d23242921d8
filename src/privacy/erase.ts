import { type SQL, sql } from 'drizzle-orm';
import { deletionLog } from '../db/schema';
import type { Deps } from '../deps';
import { logRef } from '../lib/log-safe';
import { POLICY_VERSION } from '../orders/service';
import { grants, SCOPES } from './consent';

/**
 * What "delete my personal data" and retention erase, as one list of statements for one batch
 * (one transaction: a crash leaves everything or nothing erased).
 *
 * Kept for bookkeeping: orders (status, amount, currency, provider ids, invoice link, times),
 * tickets (status, QR hash, so a scan still finds the seat), consents (who agreed to what; no
 * personal data in them), scans and greetings (times and devices). Erased: the personal columns
 * of orders and tickets, klick marks, greeting notes, the demo checkout's email, and the outbox
 * mails to the guest (found by dedupe key "<kind>:<order or ticket id>", the outbox's convention), and the
 * waitlist's entries of an event with their mails.
 *
 * A guest's erasure covers their own ticket, and the order only when it is theirs: a guest a seat was passed on to
 * (src/transfers) holds a ticket of someone else's order (orderId null), and the buyer's data is not theirs to delete.
 */
export type EraseTarget =
  | { kind: 'guest'; orderId: string | null; ticketId: string }
  | { kind: 'event'; eventId: string };

const blank = (now: number) =>
  sql`name = '', given_name = '', family_name = '', email = '', company = '', role = '', phone = '', linkedin = '', ask_me_about = '',
    anonymized_at = ${now}, updated_at = ${now}`;

export function eraseStatements(target: EraseTarget, now: number): SQL[] {
  const byEvent = target.kind === 'event';
  const orderId = byEvent ? null : target.orderId;
  const orderIds = byEvent ? sql`(SELECT id FROM orders WHERE event_id = ${target.eventId})` : sql`(${orderId ?? ''})`;
  const ticketIds = byEvent
    ? sql`(SELECT id FROM tickets WHERE event_id = ${target.eventId})`
    : sql`(${target.ticketId})`;
  const entryIds = byEvent ? sql`(SELECT id FROM waitlist_entries WHERE event_id = ${target.eventId})` : sql`('')`;
  const orders = byEvent ? sql`event_id = ${target.eventId}` : sql`id = ${orderId ?? ''}`;
  const tickets = byEvent ? sql`event_id = ${target.eventId}` : sql`id = ${target.ticketId}`;
  const klicks = byEvent
    ? sql`event_id = ${target.eventId}`
    : sql`from_ticket_id = ${target.ticketId} OR to_ticket_id = ${target.ticketId}`;
  const mailOf = sql`substr(dedupe_key, instr(dedupe_key, ':') + 1)`;
  return [
    sql`UPDATE outbox SET "to" = '', subject = '', text = '', html = '', attachments = '[]',
        last_error = CASE WHEN status = 'pending' THEN 'personal data deleted' ELSE NULL END,
        status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END
      WHERE "to" != '' AND (${mailOf} IN ${orderIds} OR ${mailOf} IN ${ticketIds} OR ${mailOf} IN ${entryIds})`,
    sql`UPDATE demo_sessions SET customer_email = '' WHERE customer_email != '' AND order_id IN ${orderIds}`,
    sql`DELETE FROM klicks WHERE ${klicks}`,
    sql`UPDATE greetings SET note = NULL WHERE note IS NOT NULL AND ticket_id IN ${ticketIds}`,
    sql`UPDATE tickets SET ${blank(now)} WHERE ${tickets} AND anonymized_at IS NULL`,
    sql`UPDATE orders SET ${blank(now)} WHERE ${orders} AND anonymized_at IS NULL`,
    sql`UPDATE waitlist_entries SET name = '', given_name = '', family_name = '', email = '', company = '', ask_me_about = '', anonymized_at = ${now},
      updated_at = ${now} WHERE id IN ${entryIds} AND anonymized_at IS NULL`,
    // a badge code names nobody by itself, but it is the way to the guest's row: gone with the data
    sql`DELETE FROM badge_codes WHERE ticket_id IN ${ticketIds}`,
  ];
}

/** Runs statements in one batch; answers how many rows each changed. */
export async function runBatch(deps: Deps, statements: SQL[]): Promise<number[]> {
  const [first, ...rest] = statements.map((s) => deps.db.run(s));
  if (!first) return [];
  const results = await deps.db.batch([first, ...rest]);
  return results.map((r) => r.rowsAffected);
}

/**
 * "Delete my personal data" from the ticket page. The guest's consents are withdrawn in the same
 * batch, so the consent record itself says nothing is shared any more. Idempotent: a second
 * request finds nothing to change and writes no second log record.
 */
export async function eraseGuest(
  deps: Deps,
  input: { eventId: string; orderId: string; ticketId: string; ownsOrder: boolean; current: boolean },
) {
  const now = deps.clock.now();
  // the order's consents are the current holder's: a ticket passed on since has nothing left to withdraw
  const withdraw = (input.current ? SCOPES : []).map(
    (scope) => sql`INSERT INTO consents (order_id, scope, granted, policy_version, source, recorded_at)
      SELECT ${input.orderId}, ${scope}, 0, ${POLICY_VERSION}, 'ticket_page', ${now}
      WHERE ${grants(sql`${input.orderId}`, scope)}
        AND EXISTS (SELECT 1 FROM orders WHERE id = ${input.orderId} AND anonymized_at IS NULL)`,
  );
  const target = { kind: 'guest', orderId: input.ownsOrder ? input.orderId : null, ticketId: input.ticketId } as const;
  const counts = await runBatch(deps, [...withdraw, ...eraseStatements(target, now)]);
  const rows = counts.reduce((a, b) => a + b, 0);
  if (rows > 0)
    await deps.db
      .insert(deletionLog)
      .values({ eventId: input.eventId, orderId: input.orderId, reason: 'guest_request', rows, createdAt: now });
  deps.log.info('guest data erased', { order: logRef(input.orderId), rows });
  return { rows };
}
