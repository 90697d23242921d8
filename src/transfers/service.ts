import { asc, eq, type SQL, sql } from 'drizzle-orm';
import { isCheckedIn } from '../checkin/state';
import { tickets, ticketTransfers } from '../db/schema';
import type { Deps } from '../deps';
import type { Event } from '../events/service';
import { isGreeted } from '../greetings/state';
import { newId, newQrSecret, newToken, sha256Hex } from '../lib/crypto';
import { AppError } from '../lib/errors';
import type { Lang } from '../lib/i18n';
import { logRef } from '../lib/log-safe';
import { queueMailSql } from '../mail/outbox';
import type { TransferForm } from '../orders/schema';
import { POLICY_VERSION } from '../orders/service';
import { SCOPES } from '../privacy/consent';
import { composeTicketMail } from '../tickets/mail';
import type { Ticket } from '../tickets/service';
import { composeTransferOutMail } from './mail';

/** For the ticket row aliased `t`: its guest is at the dinner already (checked in, or greeted in the room). */
export const atTheDinner = (t: string): SQL => sql`(${isCheckedIn(t)} OR ${isGreeted(t)})`;

/**
 * Passes a seat on. In one batch: the ticket turns `transferred` (its QR is refused at the door from then on,
 * with its own reason), the transfer is recorded, and a new ticket for the new guest is issued with a new link and
 * a new QR secret, on the same order (what was paid, by whom, and the invoice do not change). Consent is never
 * inherited: the order's consent records are reset to "nothing shared" for the new guest, who sets their own.
 * Mails go to both. A guest may do this until the dinner's cut-off (events.transfer_until); the organizer until
 * the dinner ends. Nobody passes on a seat whose guest is already at the dinner.
 */
export async function transferTicket(
  deps: Deps,
  input: { ticket: Ticket; event: Event; form: TransferForm; actor: 'guest' | 'organizer'; lang: Lang },
): Promise<{ ticketId: string }> {
  const { ticket: old, event, form, actor } = input;
  const now = deps.clock.now();
  const id = newId();
  const qrSecret = newQrSecret();
  const token = newToken();
  const cutOff =
    actor === 'guest'
      ? sql`e.transfer_until IS NOT NULL AND ${now} < e.transfer_until AND ${now} < e.ends_at`
      : sql`${now} < e.ends_at`;
  const moved = sql`EXISTS (SELECT 1 FROM ticket_transfers WHERE from_ticket_id = ${old.id} AND to_ticket_id = ${id})`;
  const newMail = await composeTicketMail({
    event,
    ticketId: id,
    name: form.name,
    ticketUrl: `${deps.config.publicUrl}/t/${token}`,
    qrSecret,
    wallet: deps.config.wallet,
    lang: input.lang,
    now,
    transferredFrom: old.name || (input.lang === 'de' ? 'Jemand' : 'Someone'),
  });
  const oldMail = composeTransferOutMail({
    event,
    ticketId: old.id,
    ticketUrl: `${deps.config.publicUrl}/t/${old.token}`,
    name: old.name,
    newName: form.name,
    byOrganizer: actor === 'organizer',
    lang: input.lang,
    now,
  });
  const [passed] = await deps.db.batch([
    deps.db.run(sql`UPDATE tickets SET status = 'transferred', voided_at = ${now}, updated_at = ${now}
      WHERE id = ${old.id} AND status = 'valid' AND NOT ${atTheDinner('tickets')}
        AND EXISTS (SELECT 1 FROM orders o WHERE o.id = tickets.order_id AND o.status = 'paid')
        AND EXISTS (SELECT 1 FROM events e WHERE e.id = tickets.event_id AND e.status != 'cancelled' AND ${cutOff})`),
    deps.db.run(sql`INSERT INTO ticket_transfers (event_id, order_id, from_ticket_id, to_ticket_id, actor, created_at)
      SELECT event_id, order_id, id, ${id}, ${actor}, ${now} FROM tickets
      WHERE id = ${old.id} AND status = 'transferred' AND voided_at = ${now}
        AND NOT EXISTS (SELECT 1 FROM ticket_transfers WHERE from_ticket_id = ${old.id})`),
    deps.db.run(sql`INSERT INTO tickets (id, order_id, event_id, name, email, company, role, phone, linkedin, ask_me_about,
        qr_secret, qr_hash, token, token_hash, status, demo, table_label, created_at, updated_at)
      SELECT ${id}, order_id, event_id, ${form.name}, ${form.email}, ${form.company}, ${form.role}, ${form.phone},
        ${form.linkedin}, ${form.askMeAbout}, ${qrSecret}, ${await sha256Hex(qrSecret)}, ${token}, ${await sha256Hex(token)},
        'valid', demo, table_label, ${now}, ${now}
      FROM tickets WHERE id = ${old.id} AND ${moved}`),
    ...SCOPES.map((scope) =>
      deps.db.run(sql`INSERT INTO consents (order_id, scope, granted, policy_version, source, recorded_at)
        SELECT order_id, ${scope}, 0, ${POLICY_VERSION}, 'transfer', ${now} FROM tickets WHERE id = ${id}`),
    ),
    deps.db.run(queueMailSql({ dedupeKey: `transfer-in:${id}`, to: form.email, ...newMail }, now, moved)),
    deps.db.run(
      queueMailSql(
        { dedupeKey: `transfer-out:${old.id}`, to: old.email, ...oldMail },
        now,
        sql`${moved} AND ${old.email} != ''`,
      ),
    ),
  ]);
  if (passed.rowsAffected !== 1) throw await transferRefusal(deps, old, event, actor, now);
  deps.log.info('ticket passed on', { ticket: logRef(old.id), to: logRef(id), actor });
  return { ticketId: id };
}

/** Why a transfer was refused, as a stable code. */
async function transferRefusal(deps: Deps, old: Ticket, event: Event, actor: string, now: number) {
  const [row] = await deps.db.all<{ status: string; here: number }>(
    sql`SELECT t.status, ${atTheDinner('t')} AS here FROM tickets t WHERE t.id = ${old.id}`,
  );
  if (row?.status !== 'valid') return new AppError('not_transferable', `This ticket is ${row?.status ?? 'gone'}.`);
  if (Number(row.here) === 1) return new AppError('not_transferable', 'The guest is at the dinner already.');
  if (event.status === 'cancelled') return new AppError('event_cancelled', 'The dinner is cancelled.');
  if (actor === 'guest' && (event.transferUntil === null || now >= event.transferUntil))
    return new AppError('not_transferable', 'The cut-off for passing tickets on has passed.');
  return new AppError('not_transferable', 'This ticket cannot be passed on.');
}

/** Whether the ticket was passed on to its holder (so the order, and its buyer, are someone else's). */
export async function receivedByTransfer(deps: Deps, ticketId: string): Promise<boolean> {
  const row = await deps.db.query.ticketTransfers.findFirst({ where: eq(ticketTransfers.toTicketId, ticketId) });
  return row !== undefined;
}

/**
 * The history of one seat for the organizer: each holder's ticket (oldest first) with its state and times, and
 * who passed it on when. Append-only: rows are never rewritten, only their state moves on.
 */
export async function seatHistory(deps: Deps, orderId: string) {
  const [holders, transfers] = await Promise.all([
    deps.db
      .select({
        id: tickets.id,
        name: tickets.name,
        email: tickets.email,
        company: tickets.company,
        status: tickets.status,
        createdAt: tickets.createdAt,
        endedAt: tickets.voidedAt,
      })
      .from(tickets)
      .where(eq(tickets.orderId, orderId))
      .orderBy(asc(tickets.createdAt), asc(tickets.id)),
    deps.db.select().from(ticketTransfers).where(eq(ticketTransfers.orderId, orderId)).orderBy(asc(ticketTransfers.id)),
  ]);
  // in the order the seat went, along the transfers (tickets made in one millisecond have no order of their own)
  const byFrom = new Map(transfers.map((t) => [t.fromTicketId, t]));
  const byId = new Map(holders.map((h) => [h.id, h]));
  const received = new Set(transfers.map((t) => t.toTicketId));
  const chain: typeof holders = [];
  for (let h = holders.find((x) => !received.has(x.id)); h; h = byId.get(byFrom.get(h.id)?.toTicketId ?? ''))
    chain.push(h);
  return chain.map((h) => ({ ...h, passedOnBy: byFrom.get(h.id)?.actor ?? null }));
}
