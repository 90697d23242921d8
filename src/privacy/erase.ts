import { type SQL, sql } from 'drizzle-orm';
import { deletionLog } from '../db/schema';
import { scrubErasedData } from '../db/scrub';
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
 * personal data in them), scans and greetings (times and devices), the export log (who exported, when, how
 * many: no guest data) and the deletion log. Erased: the personal columns of orders and tickets, klick marks,
 * greeting notes, the demo checkout's email, and the outbox mails to the guest (found by dedupe key
 * "<kind>:<order or ticket id>", the outbox's convention): address, subject, text, HTML and attachments go,
 * a sent mail stays "sent" (the organizer sees that it went out), a pending one becomes "failed" with the
 * reason, so it never goes out without its data.
 * A guest's request also covers the unpaid orders of the same email for the same dinner (a hold the guest
 * replaced, one that lapsed): they hold what the guest typed and carry no money. A live hold is left alone.
 * Stripe keeps its own copy of the checkout's email: a processor's bookkeeping record, out of klick's reach.
 * After the batch the database file itself is scrubbed (db/scrub.ts).
 */
export type EraseTarget = { kind: 'guest'; orderId: string } | { kind: 'event'; eventId: string };

const blank = (now: number) =>
  sql`name = '', email = '', company = '', role = '', phone = '', linkedin = '', ask_me_about = '',
    anonymized_at = ${now}, updated_at = ${now}`;

export function eraseStatements(target: EraseTarget, now: number): SQL[] {
  const byEvent = target.kind === 'event';
  // The guest's order, and the moneyless orders the same email left at the same dinner.
  const siblings = byEvent
    ? sql``
    : sql`SELECT s.id FROM orders s JOIN orders me ON me.id = ${target.orderId}
        WHERE s.event_id = me.event_id AND s.id != me.id AND me.email != '' AND s.email = me.email COLLATE NOCASE
          AND (s.status IN ('expired', 'cancelled', 'failed') OR (s.status = 'held' AND s.hold_expires_at <= ${now}))`;
  const orderIds = byEvent
    ? sql`(SELECT id FROM orders WHERE event_id = ${target.eventId})`
    : sql`(SELECT ${target.orderId} UNION ${siblings})`;
  const ticketIds = byEvent
    ? sql`(SELECT id FROM tickets WHERE event_id = ${target.eventId})`
    : sql`(SELECT id FROM tickets WHERE order_id IN ${orderIds})`;
  const tickets = byEvent ? sql`event_id = ${target.eventId}` : sql`order_id IN ${orderIds}`;
  const klicks = byEvent
    ? sql`event_id = ${target.eventId}`
    : sql`from_ticket_id IN ${ticketIds} OR to_ticket_id IN ${ticketIds}`;
  const erasing = [
    sql`UPDATE outbox SET "to" = '', subject = '', text = '', html = '', attachments = '[]',
        last_error = CASE WHEN status = 'pending' THEN 'personal data deleted' ELSE NULL END,
        status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END
      WHERE "to" != '' AND (substr(dedupe_key, instr(dedupe_key, ':') + 1) IN ${orderIds}
        OR substr(dedupe_key, instr(dedupe_key, ':') + 1) IN ${ticketIds})`,
    sql`UPDATE demo_sessions SET customer_email = '' WHERE customer_email != '' AND order_id IN ${orderIds}`,
    sql`DELETE FROM klicks WHERE ${klicks}`,
    sql`UPDATE greetings SET note = NULL WHERE note IS NOT NULL AND ticket_id IN ${ticketIds}`,
    sql`UPDATE tickets SET ${blank(now)} WHERE (${tickets}) AND anonymized_at IS NULL`,
  ];
  if (byEvent)
    return [
      ...erasing,
      sql`UPDATE orders SET ${blank(now)} WHERE event_id = ${target.eventId} AND anonymized_at IS NULL`,
    ];
  // The siblings are found through the guest's email, so they go before her own order is blanked.
  return [
    ...erasing,
    sql`UPDATE orders SET ${blank(now)} WHERE id IN (${siblings}) AND anonymized_at IS NULL`,
    sql`UPDATE orders SET ${blank(now)} WHERE id = ${target.orderId} AND anonymized_at IS NULL`,
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
export async function eraseGuest(deps: Deps, input: { eventId: string; orderId: string; ticketId: string }) {
  const now = deps.clock.now();
  const withdraw = SCOPES.map(
    (scope) => sql`INSERT INTO consents (order_id, scope, granted, policy_version, source, recorded_at)
      SELECT ${input.orderId}, ${scope}, 0, ${POLICY_VERSION}, 'ticket_page', ${now}
      WHERE ${grants(sql`${input.orderId}`, scope)}
        AND EXISTS (SELECT 1 FROM orders WHERE id = ${input.orderId} AND anonymized_at IS NULL)`,
  );
  const counts = await runBatch(deps, [
    ...withdraw,
    ...eraseStatements({ kind: 'guest', orderId: input.orderId }, now),
  ]);
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
