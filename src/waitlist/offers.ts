import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { events, waitlistEntries } from '../db/schema';
import type { Deps } from '../deps';
import { takenSeatsWhere } from '../events/seats';
import type { Event } from '../events/service';
import { seatsFreed } from '../events/sold-out';
import { newId, newToken, sha256Hex } from '../lib/crypto';
import type { Lang } from '../lib/i18n';
import { queueMailSql } from '../mail/outbox';
import { composeLapseMail, composeOfferMail } from './mail';
import { offerExpiry, offersOpen } from './offer-window';

export type WaitlistEntry = typeof waitlistEntries.$inferSelect;

/** Enough rounds for any real line; a round without a single offer twice in a row ends the work (see fillSeats). */
const MAX_ROUNDS = 200;

/** SQL condition: the order row aliased `o` holds the seat of an offer that has not lapsed. */
export const liveOfferOf = (o: string, now: number) =>
  sql`EXISTS (SELECT 1 FROM waitlist_entries lw WHERE lw.order_id = ${sql.raw(o)}.id AND lw.state = 'offered'
    AND lw.offer_expires_at > ${now})`;

/**
 * For the order rows matching `match` (a condition on table `orders`) that hold a live offer's seat: the buyer
 * left the payment page, or its checkout expired, but the offer still stands. The seat stays held for the person
 * until the offer lapses, and the closed checkout is unlinked so the offer link can open a new one. Callers that
 * release held orders leave these out with NOT liveOfferOf('orders', now).
 */
export const keepOfferSeat = (match: SQL, now: number) => sql`UPDATE orders SET provider_session_id = NULL,
    hold_expires_at = (SELECT lw.offer_expires_at FROM waitlist_entries lw WHERE lw.order_id = orders.id), updated_at = ${now}
  WHERE ${match} AND status = 'held' AND ${liveOfferOf('orders', now)}`;

/**
 * An offer made in one atomic step with the seat it holds: a held order for the person (taken like any buyer's
 * hold, src/events/seats.ts), the entry marked offered with a fresh link, and the offer mail, in one batch whose
 * first statement checks everything. The entry must still be waiting (nobody is offered twice, nobody holds two
 * offers) and a seat must be free. An automatic offer also keeps the line's order: it goes to the person only
 * when everyone still waiting ahead of them has a free seat too, so racing callers fill seats front to back and
 * never skip anyone. An organizer's offer may go out of order (but never beyond the capacity).
 */
export async function makeOffer(deps: Deps, event: Event, entry: WaitlistEntry, by: 'auto' | 'organizer') {
  const now = deps.clock.now();
  const orderId = newId();
  const token = newToken();
  const expiresAt = offerExpiry(event, now);
  const url = `${deps.config.publicUrl}/w/${token}`;
  const mail = composeOfferMail({ event, name: entry.name, url, lang: entry.locale as Lang, expiresAt });
  const ahead =
    by === 'auto'
      ? sql`(SELECT count(*) FROM waitlist_entries a WHERE a.event_id = e.id AND a.state = 'waiting' AND a.position < w.position)`
      : sql`0`;
  const placed = sql`EXISTS (SELECT 1 FROM orders WHERE id = ${orderId})`;
  const [inserted] = await deps.db.batch([
    deps.db.run(sql`INSERT INTO orders (id, event_id, status, name, email, company, ask_me_about, locale,
        amount_cents, currency, provider, hold_expires_at, created_at, updated_at)
      SELECT ${orderId}, e.id, 'held', w.name, w.email, w.company, w.ask_me_about, w.locale,
        e.price_cents, e.currency, ${deps.payments?.kind ?? 'none'}, ${expiresAt}, ${now}, ${now}
      FROM waitlist_entries w JOIN events e ON e.id = w.event_id
      WHERE w.id = ${entry.id} AND w.state = 'waiting' AND e.status = 'on_sale' AND ${now} < e.ends_at
        AND ${now} < coalesce(e.sales_close_at, e.starts_at) AND ${expiresAt} <= coalesce(e.sales_close_at, e.starts_at)
        AND ${ahead} + (SELECT count(*) FROM orders o WHERE o.event_id = e.id AND ${takenSeatsWhere('o', now)}) < e.capacity`),
    deps.db.run(sql`UPDATE waitlist_entries SET state = 'offered', order_id = ${orderId},
        offer_token_hash = ${await sha256Hex(token)}, offered_by = ${by}, offered_at = ${now},
        offer_expires_at = ${expiresAt}, updated_at = ${now}
      WHERE id = ${entry.id} AND ${placed}`),
    deps.db.run(queueMailSql({ dedupeKey: `offer:${orderId}`, to: entry.email, ...mail }, now, placed)),
  ]);
  if (inserted.rowsAffected === 1)
    deps.log.info('waitlist offer', { eventId: event.id, entry: entry.id.slice(0, 8), by });
  return inserted.rowsAffected === 1;
}

/**
 * Offers ended by their orders: paid → converted; hold lapsed, cancelled or expired unpaid → lapsed (and a mail
 * says so). A payment that still found its seat after the offer lapsed converts it after all.
 */
export async function settleOffers(deps: Deps, eventId?: string): Promise<number> {
  const now = deps.clock.now();
  const live = sql`EXISTS (SELECT 1 FROM orders o WHERE o.id = waitlist_entries.order_id
    AND (o.status = 'processing' OR (o.status = 'held' AND o.hold_expires_at > ${now})))`;
  const paid = sql`(SELECT status FROM orders o WHERE o.id = waitlist_entries.order_id) = 'paid'`;
  const rows = await deps.db.all<LapseRow & { id: string; state: string }>(sql`
    UPDATE waitlist_entries SET state = CASE WHEN ${paid} THEN 'converted' ELSE 'lapsed' END, updated_at = ${now}
    WHERE ${eventId ? sql`event_id = ${eventId} AND` : sql``}
      ((state = 'offered' AND NOT ${live}) OR (state = 'lapsed' AND ${paid}))
    RETURNING id, event_id, name, email, locale, order_id, state`);
  const lapsed = rows.filter((r) => r.state === 'lapsed' && r.email !== '');
  if (lapsed.length) await queueLapseMails(deps, lapsed, now);
  return rows.length;
}

type LapseRow = { event_id: string; name: string; email: string; locale: string; order_id: string };

async function queueLapseMails(deps: Deps, rows: LapseRow[], now: number) {
  const list = await deps.db.query.events.findMany({
    where: inArray(events.id, [...new Set(rows.map((r) => r.event_id))]),
  });
  const byId = new Map(list.map((e) => [e.id, e]));
  const mails: SQL[] = rows.flatMap((r) => {
    const event = byId.get(r.event_id);
    if (!event) return [];
    const eventUrl = `${deps.config.publicUrl}/e/${event.slug}`;
    const mail = composeLapseMail({ event, name: r.name, lang: r.locale as Lang, eventUrl });
    return [queueMailSql({ dedupeKey: `offer-lapsed:${r.order_id}`, to: r.email, ...mail }, now, sql`1`)];
  });
  const [first, ...rest] = mails.map((m) => deps.db.run(m));
  if (first) await deps.db.batch([first, ...rest]);
}

/**
 * The offer step, run wherever a seat may have freed up (a hold lapsed or released, a refund, a cancellation, more
 * capacity, an offer declined or lapsed) and by the timed work: safe to run any number of times, from any number
 * of callers at once. Each round reads the free seats and the people at the front of the line and offers one seat
 * to each; every offer re-checks all of it in its own atomic statement (makeOffer). An offer refused in a round
 * means another caller made it first: the next round reads again. Answers the number of offers this call made.
 */
export async function fillSeats(deps: Deps, eventId: string): Promise<number> {
  // a seat may be free: this instance must not keep answering "sold out" from memory (the line still comes first)
  seatsFreed(deps.db, eventId);
  await settleOffers(deps, eventId);
  let made = 0;
  for (let idle = 0, round = 0; idle < 2 && round < MAX_ROUNDS; round++) {
    const now = deps.clock.now();
    const event = await deps.db.query.events.findFirst({ where: eq(events.id, eventId) });
    if (!event || !offersOpen(event, now)) break;
    const [row] = await deps.db.all<{ taken: number }>(
      sql`SELECT count(*) AS taken FROM orders o WHERE o.event_id = ${eventId} AND ${takenSeatsWhere('o', now)}`,
    );
    const free = event.capacity - Number(row?.taken ?? 0);
    if (free <= 0) break;
    const front = await deps.db
      .select()
      .from(waitlistEntries)
      .where(and(eq(waitlistEntries.eventId, eventId), eq(waitlistEntries.state, 'waiting')))
      .orderBy(asc(waitlistEntries.position))
      .limit(free);
    if (!front.length) break;
    let offered = 0;
    for (const entry of front) if (await makeOffer(deps, event, entry, 'auto')) offered++;
    made += offered;
    idle = offered ? 0 : idle + 1;
  }
  return made;
}

/** Timed work: settles every offer, then fills the seats of each dinner with a line. */
export async function fillAllSeats(deps: Deps): Promise<number> {
  await settleOffers(deps);
  const lines = await deps.db.all<{ event_id: string }>(
    sql`SELECT DISTINCT event_id FROM waitlist_entries WHERE state = 'waiting'`,
  );
  let made = 0;
  for (const { event_id } of lines) made += await fillSeats(deps, event_id);
  return made;
}
