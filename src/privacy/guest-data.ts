import { sql } from 'drizzle-orm';
import { waitlistEntries } from '../db/schema';
import type { Deps } from '../deps';
import type { Event } from '../events/service';
import { POLICY_VERSION } from '../orders/service';
import type { Ticket } from '../tickets/service';
import { receivedByTransfer } from '../transfers/service';
import { consentHistory } from './consent';
import { findable, mutualWith } from './exchange';

type Row = Record<string, unknown>;
/** The buyer's own details on an order, left out for a guest the seat was passed on to. */
const BUYER_FIELDS = ['name', 'email', 'company', 'role', 'phone', 'linkedin', 'askMeAbout', 'locale'];
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Every column of a row as stored, times (…At, …Time, at) as ISO text, minus `omit`. Whole rows rather
 * than a field list, so a column added later cannot be left out of the download by accident.
 */
function columns(row: Row, omit: string[] = []) {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([k]) => !omit.includes(k))
      .map(([k, v]) => [k, /(^at|At|Time)$/.test(k) && typeof v === 'number' ? iso(v) : v]),
  );
}

/**
 * "Download my data": everything klick holds about this guest, as JSON. Left out on purpose: the
 * QR secret and link token (security codes, shown on the ticket page itself, and cut out of the
 * mails' text), marks other guests made that were not returned (nobody is told who marked them
 * unless it is mutual), and the name of a marked guest who can no longer be found.
 */
export async function collectGuestData(deps: Deps, ticket: Ticket, event: Event) {
  const order = (await deps.db.query.orders.findFirst({ where: (o, { eq }) => eq(o.id, ticket.orderId) }))!;
  // A seat passed on (src/transfers): the order, its buyer and the consents of other holders are not this guest's.
  const ownsOrder = !(await receivedByTransfer(deps, ticket.id));
  // This holder's consents: from the reset that began their time (source "transfer", in the batch that created
  // their ticket) up to the reset for the next holder.
  const passedOn = ticket.status === 'transferred' ? ticket.voidedAt : null;
  const theirs = (c: { recordedAt: number; source: string }) =>
    (ownsOrder || c.recordedAt > ticket.createdAt || (c.recordedAt === ticket.createdAt && c.source === 'transfer')) &&
    (passedOn === null || c.recordedAt < passedOn || (c.recordedAt === passedOn && c.source !== 'transfer'));
  // the places in the dinner's waitlist this guest's address held: what "delete my data" erases (privacy/erase.ts)
  const waitlist: Row[] = await deps.db
    .select()
    .from(waitlistEntries)
    .where(sql`event_id = ${event.id} AND ((${ticket.email} != '' AND email = ${ticket.email} COLLATE NOCASE)
      OR (${ownsOrder ? 1 : 0} AND order_id = ${order.id}))`)
    .orderBy(waitlistEntries.createdAt);
  const mailKeys = [...(ownsOrder ? [order.id, ticket.id] : [ticket.id]), ...waitlist.map((w) => String(w.id))];
  const [allConsents, scans, greetings, klicks, mutual, mails] = await Promise.all([
    consentHistory(deps, order.id),
    deps.db.all<Row>(sql`
      SELECT s.kind, s.result, d.name AS device, s.device_time AS deviceTime, s.server_time AS serverTime FROM scans s
      LEFT JOIN devices d ON d.id = s.device_id WHERE s.event_id = ${event.id} AND s.ticket_id = ${ticket.id} ORDER BY s.id`),
    deps.db.all<Row>(sql`
      SELECT g.kind, d.name AS device, g.device_time AS deviceTime, g.server_time AS serverTime, g.note FROM greetings g
      LEFT JOIN devices d ON d.id = g.device_id WHERE g.event_id = ${event.id} AND g.ticket_id = ${ticket.id} ORDER BY g.id`),
    deps.db.all<Row>(sql`
      SELECT k.to_ticket_id AS toTicketId, CASE WHEN ${findable(sql`t.order_id`)} THEN t.name END AS toName, k.kind,
        k.created_at AS at
      FROM klicks k LEFT JOIN tickets t ON t.id = k.to_ticket_id
      WHERE k.event_id = ${event.id} AND k.from_ticket_id = ${ticket.id} ORDER BY k.id`),
    deps.db.all<{ id: string }>(mutualWith(event.id, ticket)),
    deps.db.all<Row>(sql`
      SELECT "to", subject, text, status, created_at AS createdAt, sent_at AS sentAt FROM outbox
      WHERE substr(dedupe_key, instr(dedupe_key, ':') + 1) IN ${mailKeys} ORDER BY created_at`),
  ]);
  const consents = allConsents.filter(theirs);
  return {
    generatedAt: iso(deps.clock.now()),
    privacyTextVersion: POLICY_VERSION,
    event: columns({
      id: event.id,
      title: event.title,
      venue: event.venue,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
    }),
    order: columns(order, ownsOrder ? [] : BUYER_FIELDS),
    ticket: columns(ticket, ['qrSecret', 'qrHash', 'token', 'tokenHash']),
    consents: consents.map((c) => columns(c, ['id', 'orderId'])),
    scans: scans.map((s) => columns(s)),
    greetings: greetings.map((g) => columns(g)),
    waitlist: waitlist.map((w) => columns(w, ['tokenHash', 'offerTokenHash'])),
    klicks: {
      made: klicks.map((k) => columns(k)),
      mutualWith: mutual.map((m) => m.id),
      note: 'Marks other guests made of you are shown only when they are mutual.',
    },
    mails: mails.map((m) =>
      columns({ ...m, text: String(m.text).replaceAll(ticket.token, '…').replaceAll(ticket.qrSecret, '…') }),
    ),
  };
}
