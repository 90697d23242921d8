import { eq } from 'drizzle-orm';
import { greetings, tickets } from '../../src/db/schema';
import type { Ticket } from '../../src/tickets/service';
import { makeCheckinApp, nonce, pairPhone } from '../checkin/setup';
import { holdSeatVia, payVia } from '../flow';
import { createDinner, ORIGIN } from '../helpers';

/** The dinner of test/helpers.ts: Thursday 3 Dec 2026, 19:00–23:00 in Frankfurt. */
export const STARTS = Date.parse('2026-12-03T18:00:00Z');
export const ENDS = Date.parse('2026-12-03T22:00:00Z');
export const DAY = 86_400_000;

export type GuestFields = Partial<
  Record<
    'name' | 'email' | 'company' | 'role' | 'phone' | 'linkedin' | 'askMeAbout' | 'consentHost' | 'consentGuests',
    string
  >
>;

/**
 * A dinner with real paid tickets (purchase form + signed demo webhook), a paired door phone,
 * and helpers to check guests in, greet them and act on their ticket pages as a browser would.
 */
export async function makeDinner() {
  const c = await makeCheckinApp();
  const event = await createDinner(c);
  const door = await pairPhone(c, event.id, 'Door phone');
  let seq = 0;

  const ticketOf = async (orderId: string) =>
    (await c.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, orderId) })) as Ticket;

  const d = {
    ...c,
    event,
    door,
    /** buys one seat; consentHost defaults to on (as buyerForm), consentGuests to off */
    async sell(fields: GuestFields = {}): Promise<Ticket> {
      const i = ++seq;
      const { order, sessionId } = await holdSeatVia(c, i, event.slug, fields);
      const { res } = await payVia(c, sessionId);
      if (res.status !== 200) throw new Error(`payment failed: ${res.status}`);
      return ticketOf(order.id);
    },
    async reload(t: Ticket): Promise<Ticket> {
      return ticketOf(t.orderId);
    },
    async checkIn(...list: Ticket[]) {
      const out = await door.scan(list.map((t) => ({ qr: t.qrSecret })));
      for (const r of out.results) if (r.result !== 'ok') throw new Error(`check-in: ${r.result}`);
    },
    /** a handshake as the host's phone logs it (written directly: the greeting API is not ours) */
    async greet(t: Ticket, at = c.clock.now(), note: string | null = null) {
      await c.deps.db.insert(greetings).values({
        eventId: event.id,
        deviceId: door.id,
        clientNonce: nonce(),
        ticketId: t.id,
        kind: 'greet',
        deviceTime: at,
        serverTime: c.clock.now(),
        note,
      });
    },
    page: async (t: Ticket, query = '') => {
      const res = await c.request(`/t/${t.token}${query}`, { headers: { 'accept-language': 'en' } });
      if (res.status !== 200) throw new Error(`ticket page: ${res.status}`);
      return res.text();
    },
    /** a form on the ticket page, posted same-origin as the browser does */
    post: (t: Ticket, action: string, fields: Record<string, string>, origin: string | null = ORIGIN) =>
      c.request(`/t/${t.token}/${action}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'accept-language': 'en',
          ...(origin ? { origin } : {}),
        },
        body: new URLSearchParams(fields).toString(),
      }),
    setConsent: async (t: Ticket, scope: 'host' | 'guests' | 'klick', granted: boolean) => {
      const res = await d.post(t, 'consent', { scope, granted: granted ? '1' : '0' });
      if (res.status !== 303) throw new Error(`consent: ${res.status}`);
    },
    klick: async (from: Ticket, to: Ticket, mark = true) =>
      d.post(from, 'klick', { to: to.id, mark: mark ? '1' : '0' }),
    /** during the dinner: guests are checked in; the exchange is still closed */
    duringDinner: () => c.clock.set(STARTS + 3_600_000),
    /** an hour after the end: the exchange is open */
    afterDinner: () => c.clock.set(ENDS + 3_600_000),
  };
  return d;
}

export type Dinner = Awaited<ReturnType<typeof makeDinner>>;
