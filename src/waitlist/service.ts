import { and, asc, eq, sql } from 'drizzle-orm';
import { waitlistEntries } from '../db/schema';
import { scrubErasedData } from '../db/scrub';
import type { Deps } from '../deps';
import { salesEnd } from '../events/policy';
import { type Event, getEvent } from '../events/service';
import { isBase32, newId, newToken, sha256Hex } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { type Lang, langOf } from '../lib/i18n';
import { fullName } from '../lib/names';
import { queueMailSql } from '../mail/outbox';
import type { WaitlistForm } from '../orders/schema';
import { expireCheckouts } from '../payments/gateway';
import { blank, blankEntry, eraseMails } from '../privacy/erase-sql';
import { composeJoinMail } from './mail';
import { fillSeats, makeOffer, settleOffers, type WaitlistEntry } from './offers';

export type JoinResult = { kind: 'joined'; token: string } | { kind: 'again' };

const linkOf = (deps: Deps, token: string) => `${deps.config.publicUrl}/w/${token}`;

/**
 * Joins the line of a dinner that is on sale. One statement assigns the place (the next after the last) and
 * refuses an email already waiting or holding an offer for this dinner, so a double submit queues once. Whether
 * the address was in the line already is told only to the address: a new entry gets its link by mail, an address
 * already in line gets its link again by mail (a new link: only the hash of the old one is stored), and the page
 * answers both alike (src/events/routes.tsx), so nobody learns from the form who is on the list. A free seat is
 * offered at once.
 */
export async function joinWaitlist(
  deps: Deps,
  input: { event: Event; form: WaitlistForm; lang: Lang },
): Promise<JoinResult> {
  const { event, form, lang } = input;
  const now = deps.clock.now();
  const id = newId();
  const token = newToken();
  const mail = composeJoinMail({ event, name: fullName(form), url: linkOf(deps, token), lang });
  const [inserted] = await deps.db.batch([
    deps.db.run(sql`INSERT INTO waitlist_entries (id, event_id, position, name, given_name, family_name, email, company, ask_me_about, locale,
        consent_host, consent_guests, state, token_hash, created_at, updated_at)
      SELECT ${id}, e.id, coalesce((SELECT max(position) FROM waitlist_entries p WHERE p.event_id = e.id), 0) + 1,
        ${fullName(form)}, ${form.givenName}, ${form.familyName}, ${form.email}, ${form.company}, ${form.askMeAbout}, ${lang}, ${form.consentHost},
        ${form.consentGuests}, 'waiting', ${await sha256Hex(token)}, ${now}, ${now}
      FROM events e
      WHERE e.id = ${event.id} AND e.status = 'on_sale' AND ${now} < coalesce(e.sales_close_at, e.starts_at)
        AND ${now} < e.ends_at
        AND NOT EXISTS (SELECT 1 FROM waitlist_entries x WHERE x.event_id = e.id AND x.email = ${form.email} COLLATE NOCASE
          AND x.state IN ('waiting', 'offered'))`),
    deps.db.run(
      queueMailSql(
        { dedupeKey: `waitlist:${id}`, to: form.email, ...mail },
        now,
        sql`EXISTS (SELECT 1 FROM waitlist_entries WHERE id = ${id})`,
      ),
    ),
  ]);
  if (inserted.rowsAffected === 1) {
    await fillSeats(deps, event.id);
    return { kind: 'joined', token };
  }
  if (await sendLinkAgain(deps, event, form.email)) return { kind: 'again' };
  throw new AppError(event.status === 'cancelled' ? 'event_cancelled' : 'sales_closed', 'The line is closed.');
}

/**
 * A new link for the entry of this email, by mail, in the language and to the name the person joined with (not
 * what the form now says: anyone can type an address). At most one such mail a day; the link changes only with
 * that mail, in one batch, so a second try the same day (or a stranger's) leaves the mailed link working.
 * Answers whether the address is in the line.
 */
async function sendLinkAgain(deps: Deps, event: Event, email: string): Promise<boolean> {
  const now = deps.clock.now();
  const [row] = await deps.db.all<{ id: string; name: string; email: string; locale: string }>(sql`
    SELECT id, name, email, locale FROM waitlist_entries
    WHERE event_id = ${event.id} AND email = ${email} COLLATE NOCASE AND state IN ('waiting', 'offered')`);
  if (!row) return false;
  const token = newToken();
  const hash = await sha256Hex(token);
  const lang = langOf(row.locale);
  const mail = composeJoinMail({ event, name: row.name, url: linkOf(deps, token), lang, again: true });
  const dedupeKey = `waitlist-again-${new Date(now).toISOString().slice(0, 10)}:${row.id}`;
  await deps.db.batch([
    deps.db.run(sql`UPDATE waitlist_entries SET token_hash = ${hash}, updated_at = ${now}
      WHERE id = ${row.id} AND state IN ('waiting', 'offered')
        AND NOT EXISTS (SELECT 1 FROM outbox WHERE dedupe_key = ${dedupeKey})`),
    deps.db.run(
      queueMailSql(
        { dedupeKey, to: row.email, ...mail },
        now,
        sql`EXISTS (SELECT 1 FROM waitlist_entries WHERE id = ${row.id} AND token_hash = ${hash})`,
      ),
    ),
  ]);
  return true;
}

/** The entry behind a personal link (the place in line, or the offer), looked up by the link's hash. */
export async function entryByToken(deps: Deps, token: string): Promise<{ entry: WaitlistEntry; event: Event }> {
  const t = token.toLowerCase();
  if (t.length !== 32 || !isBase32(t.toUpperCase())) throw new AppError('not_found', 'No such waitlist link.');
  const hash = await sha256Hex(t);
  const find = () =>
    deps.db.query.waitlistEntries.findFirst({
      where: sql`${waitlistEntries.tokenHash} = ${hash} OR ${waitlistEntries.offerTokenHash} = ${hash}`,
    });
  let entry = await find();
  // an offer whose order was paid or lapsed meanwhile is shown as what it has become
  if (entry?.state === 'offered' && (await settleOffers(deps, entry.eventId))) entry = await find();
  if (!entry) throw new AppError('not_found', 'No such waitlist link.');
  return { entry, event: await getEvent(deps, entry.eventId) };
}

/** The place in line: 1 + the people still waiting ahead. */
export async function placeInLine(deps: Deps, entry: WaitlistEntry): Promise<number> {
  const [row] = await deps.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM waitlist_entries
    WHERE event_id = ${entry.eventId} AND state = 'waiting' AND position < ${entry.position}`);
  return Number(row?.n ?? 0) + 1;
}

/**
 * Ends an entry's place in line: `declined` (the person said no to the offer), `removed` (left the line, or the
 * organizer took them off). A held offer's seat is given back in the same batch and goes to the next person.
 * The person's own leaving also erases their details, as "delete my data" does (src/privacy/erase.ts): the
 * entry's, the lapsed or released offer order's, and the mails about either; then the file is scrubbed.
 */
async function endEntry(
  deps: Deps,
  entry: WaitlistEntry,
  state: 'declined' | 'removed',
  opts: { from: ('waiting' | 'offered')[]; erase?: boolean },
): Promise<boolean> {
  const now = deps.clock.now();
  const offerOrder = entry.orderId ?? '';
  const ended = sql`EXISTS (SELECT 1 FROM waitlist_entries WHERE id = ${entry.id} AND state = ${state})`;
  const erasing = opts.erase
    ? [
        deps.db.run(eraseMails(sql`(${entry.id}, ${offerOrder})`)),
        deps.db.run(sql`UPDATE demo_sessions SET customer_email = '' WHERE order_id = ${offerOrder}
          AND customer_email != '' AND ${ended}`),
        // an offer order that never became a paid seat: nothing of it is bookkeeping
        deps.db.run(sql`UPDATE orders SET ${blank(now)} WHERE id = ${offerOrder}
          AND status IN ('cancelled', 'expired', 'failed') AND anonymized_at IS NULL AND ${ended}`),
        deps.db.run(sql`UPDATE waitlist_entries SET ${blankEntry(now)} WHERE id = ${entry.id} AND ${ended}`),
      ]
    : [];
  const [end, released] = await deps.db.batch([
    deps.db.run(sql`UPDATE waitlist_entries SET state = ${state}, updated_at = ${now}
      WHERE id = ${entry.id} AND state IN ${opts.from}`),
    deps.db.run(sql`UPDATE orders SET status = 'cancelled', updated_at = ${now}
      WHERE id = ${offerOrder} AND status = 'held' AND ${ended}
      RETURNING provider_session_id AS session`),
    ...erasing,
  ]);
  await expireCheckouts(deps.payments, released.rows);
  // (rows, not rowsAffected: libSQL counts none for a statement with RETURNING)
  if (released.rows.length) await fillSeats(deps, entry.eventId);
  if (opts.erase && end.rowsAffected === 1 && (await scrubErasedData(deps.db)) === 'busy')
    deps.log.error('erased data not yet scrubbed from the database file', { scrub: 'busy' });
  return end.rowsAffected === 1;
}

export const declineOffer = (deps: Deps, entry: WaitlistEntry) =>
  endEntry(deps, entry, 'declined', { from: ['offered'], erase: false });

/** The person leaves the line (and with an offer, declines it). */
export const leaveLine = (deps: Deps, entry: WaitlistEntry) =>
  entry.state === 'offered'
    ? endEntry(deps, entry, 'declined', { from: ['offered'], erase: true })
    : endEntry(deps, entry, 'removed', { from: ['waiting'], erase: true });

async function entryOfEvent(deps: Deps, eventId: string, entryId: string) {
  const entry = await deps.db.query.waitlistEntries.findFirst({
    where: and(eq(waitlistEntries.id, entryId), eq(waitlistEntries.eventId, eventId)),
  });
  if (!entry) throw new AppError('not_found', 'No such waitlist entry.');
  return entry;
}

/** The organizer takes someone off the line. */
export async function removeEntry(deps: Deps, eventId: string, entryId: string) {
  const entry = await entryOfEvent(deps, eventId, entryId);
  if (!(await endEntry(deps, entry, 'removed', { from: ['waiting', 'offered'] })))
    throw new AppError('conflict', `This entry is ${entry.state}: only waiting or offered entries can be removed.`);
}

/**
 * The organizer's offer out of order: at once when a seat is free; otherwise the person moves to the front of
 * the line, so the next seat that frees up is theirs.
 */
export async function offerByHand(deps: Deps, eventId: string, entryId: string): Promise<'offered' | 'moved'> {
  const entry = await entryOfEvent(deps, eventId, entryId);
  if (entry.state !== 'waiting') throw new AppError('conflict', `This entry is ${entry.state}, not waiting.`);
  const event = await getEvent(deps, eventId);
  if (await makeOffer(deps, event, entry, 'organizer')) return 'offered';
  const now = deps.clock.now();
  if (event.status !== 'on_sale' || now >= salesEnd(event))
    throw new AppError('sales_closed', 'Sales have ended: no more offers.');
  await deps.db.run(sql`UPDATE waitlist_entries SET updated_at = ${now},
      position = (SELECT min(position) FROM waitlist_entries WHERE event_id = ${eventId}) - 1
    WHERE id = ${entry.id} AND state = 'waiting'`);
  return 'moved';
}

/** The organizer's view of the line (contact details included: the organizer runs the dinner). */
export async function listWaitlist(deps: Deps, eventId: string) {
  await settleOffers(deps, eventId);
  const rows = await deps.db
    .select()
    .from(waitlistEntries)
    .where(eq(waitlistEntries.eventId, eventId))
    .orderBy(asc(waitlistEntries.position), asc(waitlistEntries.createdAt));
  return {
    entries: rows.map((w, i) => ({
      id: w.id,
      position: i + 1,
      name: w.name,
      email: w.email,
      company: w.company,
      joinedAt: new Date(w.createdAt).toISOString(),
      state: w.state as 'waiting' | 'offered' | 'converted' | 'lapsed' | 'declined' | 'removed',
      offerExpiresAt: w.state === 'offered' && w.offerExpiresAt ? new Date(w.offerExpiresAt).toISOString() : null,
      offeredBy: w.offeredBy,
      orderId: w.orderId,
    })),
  };
}
export type WaitlistView = Awaited<ReturnType<typeof listWaitlist>>['entries'][number];
