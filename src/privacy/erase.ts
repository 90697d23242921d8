import { type SQL, sql } from 'drizzle-orm';
import { deletionLog } from '../db/schema';
import { scrubErasedData } from '../db/scrub';
import type { Deps } from '../deps';
import { logRef } from '../lib/log-safe';
import { POLICY_VERSION } from '../orders/service';
import { grants, SCOPES } from './consent';
import { blank, blankEntry, eraseMails } from './erase-sql';

/**
 * What "delete my personal data" and retention erase, as one list of statements for one batch
 * (one transaction: a crash leaves everything or nothing erased).
 *
 * Kept for bookkeeping: orders (status, amount, currency, provider ids, invoice link, times),
 * tickets (status, QR hash, so a scan still finds the seat), consents (who agreed to what; no
 * personal data in them), scans and greetings (times and devices), the transfer records (which ticket followed
 * which: ids and times only), the waitlist's places and states, the export log (who exported, when, how many: no
 * guest data) and the deletion log. Erased: the personal columns of orders, tickets and waitlist entries, klick
 * marks, greeting notes, the demo checkout's email, and the outbox mails to the guest (found by dedupe key
 * "<kind>:<order, ticket or waitlist entry id>", the outbox's convention): address, subject, text, HTML and
 * attachments go, a sent mail stays "sent" (the organizer sees that it went out), a pending one becomes
 * "failed" with the reason, so it never goes out without its data.
 *
 * A guest's erasure covers their own ticket, and the order only when it is theirs: a guest a seat was passed on
 * to (src/transfers) holds a ticket of someone else's order (orderId null), and the buyer's data is not theirs to
 * delete. It also covers what the guest's email left at the same dinner: the unpaid orders (a hold the guest
 * replaced, one that lapsed, a waitlist offer that lapsed) and the waitlist entries; a live hold and a live offer
 * are left alone, a place still waiting in line is given up. The mail that told the other side of a transfer
 * the guest's name goes too, once it is no longer pending (a pending one carries the other guest's ticket).
 * Stripe keeps its own copy of the checkout's email: a processor's bookkeeping record, out of klick's reach.
 * After the batch the database file itself is scrubbed (db/scrub.ts).
 */
export type EraseTarget =
  | { kind: 'guest'; orderId: string | null; ticketId: string }
  | { kind: 'event'; eventId: string };

function eventStatements(eventId: string, now: number): SQL[] {
  const ids = sql`(SELECT id FROM orders WHERE event_id = ${eventId}
    UNION SELECT id FROM tickets WHERE event_id = ${eventId}
    UNION SELECT id FROM waitlist_entries WHERE event_id = ${eventId})`;
  return [
    eraseMails(ids),
    sql`UPDATE demo_sessions SET customer_email = '' WHERE customer_email != ''
      AND order_id IN (SELECT id FROM orders WHERE event_id = ${eventId})`,
    sql`DELETE FROM klicks WHERE event_id = ${eventId}`,
    sql`UPDATE greetings SET note = NULL WHERE note IS NOT NULL AND event_id = ${eventId}`,
    sql`UPDATE tickets SET ${blank(now)} WHERE event_id = ${eventId} AND anonymized_at IS NULL`,
    sql`UPDATE orders SET ${blank(now)} WHERE event_id = ${eventId} AND anonymized_at IS NULL`,
    sql`UPDATE waitlist_entries SET ${blankEntry(now)} WHERE event_id = ${eventId} AND anonymized_at IS NULL`,
  ];
}

function guestStatements(orderId: string | null, ticketId: string, now: number): SQL[] {
  // Found through the guest's ticket (its email), so everything that reads it runs before the ticket is blanked.
  const siblings = sql`SELECT s.id FROM orders s JOIN tickets me ON me.id = ${ticketId}
    WHERE s.event_id = me.event_id AND s.id != me.order_id AND me.email != '' AND s.email = me.email COLLATE NOCASE
      AND (s.status IN ('expired', 'cancelled', 'failed') OR (s.status = 'held' AND s.hold_expires_at <= ${now}))`;
  const orderIds = sql`(SELECT ${orderId ?? ''} UNION ${siblings})`;
  const ticketIds = sql`(SELECT ${ticketId} UNION SELECT id FROM tickets WHERE order_id IN (${siblings}))`;
  const entryIds = sql`(SELECT w.id FROM waitlist_entries w JOIN tickets me ON me.id = ${ticketId}
    WHERE w.event_id = me.event_id AND w.state != 'offered' AND w.anonymized_at IS NULL
      AND ((me.email != '' AND w.email = me.email COLLATE NOCASE) OR w.order_id IN ${orderIds}))`;
  // the other side's mail of a transfer names this guest: transfer-in:<next ticket>, transfer-out:<previous one>
  const transferMails = sql`status != 'pending' AND dedupe_key IN (
      SELECT 'transfer-in:' || to_ticket_id FROM ticket_transfers WHERE from_ticket_id = ${ticketId}
      UNION SELECT 'transfer-out:' || from_ticket_id FROM ticket_transfers WHERE to_ticket_id = ${ticketId})`;
  return [
    eraseMails(
      sql`(SELECT * FROM ${orderIds} UNION SELECT * FROM ${ticketIds} UNION SELECT * FROM ${entryIds})`,
      transferMails,
    ),
    sql`UPDATE demo_sessions SET customer_email = '' WHERE customer_email != '' AND order_id IN ${orderIds}`,
    sql`DELETE FROM klicks WHERE from_ticket_id IN ${ticketIds} OR to_ticket_id IN ${ticketIds}`,
    sql`UPDATE greetings SET note = NULL WHERE note IS NOT NULL AND ticket_id IN ${ticketIds}`,
    // a place still waiting is given up: an offer would go to nobody
    sql`UPDATE waitlist_entries SET ${blankEntry(now)}, state = CASE WHEN state = 'waiting' THEN 'removed' ELSE state END
      WHERE id IN ${entryIds}`,
    sql`UPDATE tickets SET ${blank(now)} WHERE order_id IN (${siblings}) AND anonymized_at IS NULL`,
    sql`UPDATE orders SET ${blank(now)} WHERE id IN (${siblings}) AND anonymized_at IS NULL`,
    sql`UPDATE tickets SET ${blank(now)} WHERE id = ${ticketId} AND anonymized_at IS NULL`,
    sql`UPDATE orders SET ${blank(now)} WHERE id = ${orderId ?? ''} AND anonymized_at IS NULL`,
  ];
}

export function eraseStatements(target: EraseTarget, now: number): SQL[] {
  return target.kind === 'event'
    ? eventStatements(target.eventId, now)
    : guestStatements(target.orderId, target.ticketId, now);
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
  const scrub = rows > 0 ? await scrubErasedData(deps.db) : 'none';
  deps.log.info('guest data erased', { order: logRef(input.orderId), rows, scrub });
  // the next timed work (runRetention) tries again
  if (scrub === 'busy') deps.log.error('erased data not yet scrubbed from the database file', { scrub });
  return { rows };
}
