import { type SQL, sql } from 'drizzle-orm';
import { isCheckedIn } from '../checkin/state';
import type { Deps } from '../deps';
import type { Event } from '../events/service';
import { AppError } from '../lib/errors';
import type { Ticket } from '../tickets/service';
import { grants } from './consent';

/**
 * The guests' exchange on the ticket page. It opens when the dinner starts (not when it ends): guests
 * can mark each other at the table, and nothing is lost by waiting. Only a guest who was checked in
 * sees it, and it lists only other checked-in guests with valid tickets who have not erased their data.
 *
 * Who sees what: a guest who currently shares with guests shows a full card; anyone else shows only
 * the name, so two guests can mark each other. A mutual klick (both marked, neither took it back)
 * shows each the other's full card even without that consent: each of them asked for it. Whether
 * someone marked you is never read out of the database on its own, only "mutual".
 */
export type ExchangeClosed = 'not_started' | 'not_checked_in' | 'ticket_void' | 'erased' | 'cancelled';

export interface ExchangeCard {
  company: string;
  role: string;
  email: string;
  phone: string;
  linkedin: string;
  askMeAbout: string;
}

export interface ExchangeGuest {
  ticketId: string;
  name: string;
  /** shares with guests now */
  shares: boolean;
  /** the viewer's own current mark */
  marked: boolean;
  mutual: boolean;
  /** present when the viewer may see the details: shares or mutual */
  card: ExchangeCard | null;
}

export async function exchangeClosedReason(deps: Deps, ticket: Ticket, event: Event): Promise<ExchangeClosed | null> {
  if (ticket.anonymizedAt !== null) return 'erased';
  if (ticket.status !== 'valid') return 'ticket_void';
  if (event.status === 'cancelled') return 'cancelled';
  if (deps.clock.now() < event.startsAt) return 'not_started';
  const [row] = await deps.db.all<{ inside: number }>(
    sql`SELECT ${isCheckedIn('t')} AS inside FROM tickets t WHERE t.id = ${ticket.id}`,
  );
  return Number(row?.inside) === 1 ? null : 'not_checked_in';
}

/** The newest mark/unmark from one ticket to another is 'mark'. */
const marks = (eventId: string, from: SQL, to: SQL) =>
  sql`coalesce((SELECT k.kind FROM klicks k WHERE k.event_id = ${eventId} AND k.from_ticket_id = ${from}
    AND k.to_ticket_id = ${to} ORDER BY k.id DESC LIMIT 1), 'unmark') = 'mark'`;

/** Other guests a checked-in viewer may see: alias t, joined to its order o. */
const listed = (eventId: string, viewerId: string) =>
  sql`t.event_id = ${eventId} AND t.id != ${viewerId} AND t.status = 'valid' AND o.status = 'paid'
    AND t.anonymized_at IS NULL AND ${isCheckedIn('t')}`;

type Raw = { ticket_id: string; name: string; shares: number; marked: number; mutual: number } & Record<
  'company' | 'role' | 'email' | 'phone' | 'linkedin' | 'ask_me_about',
  string
>;

export async function loadExchange(deps: Deps, viewer: Ticket, event: Event): Promise<ExchangeGuest[]> {
  const shares = grants(sql`t.order_id`, 'guests');
  const marked = marks(event.id, sql`${viewer.id}`, sql`t.id`);
  const mutual = sql`(${marked}) AND (${marks(event.id, sql`t.id`, sql`${viewer.id}`)})`;
  // Details are chosen in SQL, so a card without consent or a mutual klick never leaves the database.
  const col = (c: string) => sql`CASE WHEN (${shares}) OR (${mutual}) THEN ${sql.raw(`t.${c}`)} ELSE '' END`;
  const rows = await deps.db.all<Raw>(sql`
    SELECT t.id AS ticket_id, t.name, (${shares}) AS shares, (${marked}) AS marked, (${mutual}) AS mutual,
      ${col('company')} AS company, ${col('role')} AS role, ${col('email')} AS email, ${col('phone')} AS phone,
      ${col('linkedin')} AS linkedin, ${col('ask_me_about')} AS ask_me_about
    FROM tickets t JOIN orders o ON o.id = t.order_id
    WHERE ${listed(event.id, viewer.id)}
    ORDER BY t.name COLLATE NOCASE, t.id`);
  return rows.map((r) => {
    const visible = Number(r.shares) === 1 || Number(r.mutual) === 1;
    return {
      ticketId: r.ticket_id,
      name: r.name,
      shares: Number(r.shares) === 1,
      marked: Number(r.marked) === 1,
      mutual: Number(r.mutual) === 1,
      card: visible
        ? {
            company: r.company,
            role: r.role,
            email: r.email,
            phone: r.phone,
            linkedin: r.linkedin,
            askMeAbout: r.ask_me_about,
          }
        : null,
    };
  });
}

/**
 * Marks or unmarks another guest (append-only). Both must be in the exchange; a mark equal to the
 * current one writes nothing, so a resent form cannot pile up records.
 */
export async function setKlick(deps: Deps, viewer: Ticket, event: Event, targetId: string, mark: boolean) {
  const closed = await exchangeClosedReason(deps, viewer, event);
  if (closed) throw new AppError('forbidden', 'The guest list is not open for this ticket.');
  const kind = mark ? 'mark' : 'unmark';
  const res = await deps.db.run(sql`
    INSERT INTO klicks (event_id, from_ticket_id, to_ticket_id, kind, created_at)
    SELECT ${event.id}, ${viewer.id}, t.id, ${kind}, ${deps.clock.now()}
    FROM tickets t JOIN orders o ON o.id = t.order_id
    WHERE t.id = ${targetId} AND ${listed(event.id, viewer.id)}
      AND (${marks(event.id, sql`${viewer.id}`, sql`t.id`)}) != ${mark ? 1 : 0}`);
  if (res.rowsAffected === 0) {
    const [row] = await deps.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM tickets t
      JOIN orders o ON o.id = t.order_id WHERE t.id = ${targetId} AND ${listed(event.id, viewer.id)}`);
    if (Number(row?.n) === 0) throw new AppError('not_found', 'No such guest at this dinner.');
  }
}
