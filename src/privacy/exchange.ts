import { type SQL, sql } from 'drizzle-orm';
import { isCheckedIn } from '../checkin/state';
import type { Deps } from '../deps';
import type { Event } from '../events/service';
import { AppError } from '../lib/errors';
import type { Ticket } from '../tickets/service';
import { CONTACT_COLUMNS, type ContactField, contactColumn, grants, SCOPE_FIELDS } from './consent';

/**
 * The guests' exchange on the ticket page. It opens when the dinner ends ("after the dinner", issue 5),
 * only for a guest who was checked in, and shows only guests who asked to be seen (invariant 5):
 * - a guest who shares with guests: the full card, to every checked-in guest;
 * - a guest who lets others find them for a klick: name and company, and only to viewers who can be
 *   found themselves, since a klick has to be returned to mean anything (reciprocity);
 * - nobody else, not even by name: withdrawing both scopes takes a guest off every list.
 * A mutual klick (both marked, neither took it back, both can still be found) shows each the other's
 * full card. Whether someone marked you is never read out of the database on its own, only "mutual".
 */
export type ExchangeClosed = 'not_over' | 'not_checked_in' | 'ticket_void' | 'erased' | 'cancelled';

/** The details a guest shares with guests (privacy/consent.ts SCOPE_FIELDS.guests), the name aside. */
const CARD_FIELDS = SCOPE_FIELDS.guests.filter((f) => f !== 'name') as Exclude<
  (typeof SCOPE_FIELDS.guests)[number],
  'name'
>[];
export type ExchangeCard = Record<(typeof CARD_FIELDS)[number], string>;

export interface ExchangeGuest {
  ticketId: string;
  name: string;
  company: string;
  /** the viewer's own current mark */
  marked: boolean;
  mutual: boolean;
  /** present when the viewer may see the details: shares with guests, or mutual */
  card: ExchangeCard | null;
}

export interface ExchangeView {
  /** the viewer can be found by other guests, so may klick (and see who else can be found) */
  listed: boolean;
  guests: ExchangeGuest[];
}

export async function exchangeClosedReason(deps: Deps, ticket: Ticket, event: Event): Promise<ExchangeClosed | null> {
  if (ticket.anonymizedAt !== null) return 'erased';
  if (ticket.status !== 'valid') return 'ticket_void';
  if (event.status === 'cancelled') return 'cancelled';
  if (deps.clock.now() < event.endsAt) return 'not_over';
  const [row] = await deps.db.all<{ inside: number }>(
    sql`SELECT ${isCheckedIn('t')} AS inside FROM tickets t WHERE t.id = ${ticket.id}`,
  );
  return Number(row?.inside) === 1 ? null : 'not_checked_in';
}

/** The newest mark/unmark from one ticket to another is 'mark'. */
const marks = (eventId: string, from: SQL, to: SQL) =>
  sql`coalesce((SELECT k.kind FROM klicks k WHERE k.event_id = ${eventId} AND k.from_ticket_id = ${from}
    AND k.to_ticket_id = ${to} ORDER BY k.id DESC LIMIT 1), 'unmark') = 'mark'`;

/** The order currently consents to be seen by guests at all: shares with them, or lets them find it for a klick. */
export const findable = (orderId: SQL) => sql`((${grants(orderId, 'guests')}) OR (${grants(orderId, 'klick')}))`;

/** Another guest (alias t, joined to its order o) who was in the room: checked in, valid, paid, not erased. */
const inRoom = (eventId: string, viewerId: string) =>
  sql`t.event_id = ${eventId} AND t.id != ${viewerId} AND t.status = 'valid' AND o.status = 'paid'
    AND t.anonymized_at IS NULL AND ${isCheckedIn('t')}`;

/** Tickets of guests who klicked with `me` (both marked, both findable now); alias t/o as in inRoom. */
export const mutualWith = (eventId: string, me: Ticket) =>
  sql`SELECT t.id FROM tickets t JOIN orders o ON o.id = t.order_id WHERE ${inRoom(eventId, me.id)}
    AND ${findable(sql`t.order_id`)} AND ${findable(sql`${me.orderId}`)}
    AND (${marks(eventId, sql`${me.id}`, sql`t.id`)}) AND (${marks(eventId, sql`t.id`, sql`${me.id}`)})`;

type Raw = { ticket_id: string; shares: number; marked: number; mutual: number } & Record<ContactField, string>;

async function isFindable(deps: Deps, orderId: string) {
  const [row] = await deps.db.all<{ yes: number }>(sql`SELECT ${findable(sql`${orderId}`)} AS yes`);
  return Number(row?.yes) === 1;
}

/**
 * `listed`: whether the viewer is findable (findable() of the viewer's order), when the caller already
 * read the viewer's consents; otherwise it is looked up.
 */
export async function loadExchange(deps: Deps, viewer: Ticket, event: Event, listed?: boolean): Promise<ExchangeView> {
  listed ??= await isFindable(deps, viewer.orderId);
  const shares = grants(sql`t.order_id`, 'guests');
  const marked = marks(event.id, sql`${viewer.id}`, sql`t.id`);
  // Mutual only while the viewer can be found too; the other one is findable, or the row is not selected.
  const mutual = listed ? sql`(${marked}) AND (${marks(event.id, sql`t.id`, sql`${viewer.id}`)})` : sql`0`;
  const seen = listed ? findable(sql`t.order_id`) : shares;
  // Each field is chosen in SQL by the scopes that let it out (SCOPE_FIELDS): the guests scope's fields where the
  // guest shares with guests or the klick is mutual, the klick scope's where both can be found. Nothing else
  // leaves the database.
  const byGuests = sql`(${shares}) OR (${mutual})`;
  const byKlick = listed ? grants(sql`t.order_id`, 'klick') : sql`0`;
  const fields = sql.join(
    (Object.keys(CONTACT_COLUMNS) as ContactField[]).map((f) => {
      const via = [
        ...((SCOPE_FIELDS.guests as readonly ContactField[]).includes(f) ? [byGuests] : []),
        ...((SCOPE_FIELDS.klick as readonly ContactField[]).includes(f) ? [byKlick] : []),
      ];
      const shown = via.length
        ? sql.join(
            via.map((v) => sql`(${v})`),
            sql` OR `,
          )
        : sql`0`;
      return sql`${contactColumn(f, shown)} AS ${sql.identifier(f)}`;
    }),
    sql`, `,
  );
  const rows = await deps.db.all<Raw>(sql`
    SELECT t.id AS ticket_id, (${shares}) AS shares, (${marked}) AS marked, (${mutual}) AS mutual, ${fields}
    FROM tickets t JOIN orders o ON o.id = t.order_id
    WHERE ${inRoom(event.id, viewer.id)} AND ${seen}
    ORDER BY t.name COLLATE NOCASE, t.id`);
  const guests = rows.map((r) => ({
    ticketId: r.ticket_id,
    name: r.name,
    company: r.company,
    marked: Number(r.marked) === 1,
    mutual: Number(r.mutual) === 1,
    card:
      Number(r.shares) === 1 || Number(r.mutual) === 1
        ? (Object.fromEntries(CARD_FIELDS.map((f) => [f, r[f]])) as ExchangeCard)
        : null,
  }));
  return { listed, guests };
}

/**
 * Marks or unmarks another guest (append-only). Only a guest who can be found may mark, and only a
 * guest who can be found; a mark equal to the current one writes nothing, so a resent form cannot
 * pile up records.
 */
export async function setKlick(deps: Deps, viewer: Ticket, event: Event, targetId: string, mark: boolean) {
  const closed = await exchangeClosedReason(deps, viewer, event);
  if (closed) throw new AppError('forbidden', 'The guest list is not open for this ticket.');
  const target = sql`t.id = ${targetId} AND ${inRoom(event.id, viewer.id)} AND ${findable(sql`t.order_id`)}`;
  const self = findable(sql`${viewer.orderId}`);
  const res = await deps.db.run(sql`
    INSERT INTO klicks (event_id, from_ticket_id, to_ticket_id, kind, created_at)
    SELECT ${event.id}, ${viewer.id}, t.id, ${mark ? 'mark' : 'unmark'}, ${deps.clock.now()}
    FROM tickets t JOIN orders o ON o.id = t.order_id
    WHERE ${target} AND ${self} AND (${marks(event.id, sql`${viewer.id}`, sql`t.id`)}) != ${mark ? 1 : 0}`);
  if (res.rowsAffected > 0) return;
  const [row] = await deps.db.all<{ self: number; n: number }>(sql`SELECT ${self} AS self,
    (SELECT count(*) FROM tickets t JOIN orders o ON o.id = t.order_id WHERE ${target}) AS n`);
  if (Number(row?.self) !== 1) throw new AppError('forbidden', 'Let the other guests find you first.');
  if (Number(row?.n) === 0) throw new AppError('not_found', 'No such guest at this dinner.');
}
