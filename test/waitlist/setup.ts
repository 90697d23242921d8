import { and, asc, desc, eq, like, sql } from 'drizzle-orm';
import { orders, outbox, tickets, waitlistEntries } from '../../src/db/schema';
import { holdSeatVia, payVia } from '../flow';
import { buyerForm, type TestApp } from '../helpers';

/** A paid seat through the real form and the demo provider's signed webhook; answers the order and its ticket. */
export async function sellSeat(t: TestApp, i: number, slug = 'dinner') {
  const { order, sessionId } = await holdSeatVia(t, i, slug);
  const { res } = await payVia(t, sessionId);
  if (res.status !== 200) throw new Error(`payment failed: ${res.status}`);
  const ticket = (await t.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id) }))!;
  return { order, ticket };
}

export const waiterForm = (i: number, extra: Record<string, string> = {}) => ({
  name: `Waiter ${i}`,
  email: `waiter${i}@example.com`,
  company: `Waiting Co ${i}`,
  askMeAbout: 'patience',
  terms: 'on',
  ...extra,
});

/** The personal link's token in the newest mail of this kind to this address. */
export async function linkMailed(t: TestApp, to: string, kind = 'waitlist:%') {
  const [mail] = await t.deps.db
    .select()
    .from(outbox)
    .where(and(like(outbox.dedupeKey, kind), eq(outbox.to, to)))
    .orderBy(desc(outbox.createdAt), desc(sql`rowid`))
    .limit(1);
  const token = /\/w\/([0-9a-z]{32})/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`no ${kind} mail to ${to}`);
  return token;
}

/**
 * Joins the line through the event page's waitlist form; answers the personal link's token, which only the mail
 * carries (the page says the same whether or not the address was in the line already).
 */
export async function join(t: TestApp, i: number, slug = 'dinner', extra: Record<string, string> = {}) {
  const form = waiterForm(i, extra);
  const res = await t.postForm(`/e/${slug}/waitlist`, form);
  if (res.status !== 303) throw new Error(`join failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return linkMailed(t, form.email);
}

export const entryOf = async (t: TestApp, i: number) =>
  (await t.deps.db.query.waitlistEntries.findFirst({ where: eq(waitlistEntries.email, `waiter${i}@example.com`) }))!;

/** The offer mails in the outbox, oldest first, with the personal link each carries. */
export async function offerMails(t: TestApp) {
  const rows = await t.deps.db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, 'offer:%'))
    .orderBy(asc(outbox.createdAt), asc(sql`rowid`));
  return rows.map((r) => ({ ...r, token: /\/w\/([0-9a-z]{32})/.exec(r.text)?.[1] ?? '' }));
}

/** Held orders of waitlist offers, per entry: the seats the offers hold. */
export async function offerHolds(t: TestApp, eventId: string) {
  return t.deps.db
    .select({ email: orders.email, status: orders.status, holdExpiresAt: orders.holdExpiresAt })
    .from(orders)
    .innerJoin(waitlistEntries, eq(waitlistEntries.orderId, orders.id))
    .where(and(eq(orders.eventId, eventId), eq(orders.status, 'held')));
}

/** States of the line, in line order: [position-ordered email, state]. */
export async function line(t: TestApp, eventId: string) {
  const rows = await t.deps.db
    .select({ email: waitlistEntries.email, state: waitlistEntries.state })
    .from(waitlistEntries)
    .where(eq(waitlistEntries.eventId, eventId))
    .orderBy(asc(waitlistEntries.position));
  return rows.map((r) => `${r.email.replace(/@example\.com$/, '')}:${r.state}`);
}

export const refundVia = (t: TestApp, orderId: string) => t.adminJson(`/orders/${orderId}/refund`, 'POST');

export { buyerForm };
