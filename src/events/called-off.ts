import { sql } from 'drizzle-orm';
import type { Deps } from '../deps';
import { formatMoney, type Lang, langOf } from '../lib/i18n';
import { voice } from '../lib/messages';
import { queueMailSql } from '../mail/outbox';
import { simpleMail, when } from '../waitlist/mail';
import type { Event } from './service';

/**
 * The dinner is called off: a guest who paid for a seat hears it from klick, not from an empty room. Whether the
 * money comes back by itself is the organizer's choice in the same step (refund every paid ticket now, or not).
 */
export function composeCalledOffMail(input: {
  event: Event;
  name: string;
  lang: Lang;
  amount: string;
  refund: boolean;
  ticketUrl: string;
}) {
  const { event: e, lang } = input;
  const say = voice(lang, e);
  return simpleMail(say(`Cancelled: ${e.title}`, `Abgesagt: ${e.title}`), [
    say(`Hello ${input.name},`, `Hallo ${input.name},`, `Guten Tag ${input.name},`),
    '',
    say(
      `"${e.title}" on ${when(e, lang)} will not take place. Your ticket is no longer valid at the door.`,
      `„${e.title}“ am ${when(e, lang)} findet nicht statt. Dein Ticket gilt damit nicht mehr.`,
      `„${e.title}“ am ${when(e, lang)} findet nicht statt. Ihr Ticket gilt damit nicht mehr.`,
    ),
    input.refund
      ? say(
          `We are refunding the full ${input.amount}; it will be back in your account in a few days.`,
          `Wir erstatten dir den vollen Betrag von ${input.amount}; er ist in wenigen Tagen wieder auf deinem Konto.`,
          `Wir erstatten Ihnen den vollen Betrag von ${input.amount}; er ist in wenigen Tagen wieder auf Ihrem Konto.`,
        )
      : say(
          `The organizer will contact you about your payment of ${input.amount}.`,
          `Wegen deiner Zahlung von ${input.amount} meldet sich der Veranstalter bei dir.`,
          `Wegen Ihrer Zahlung von ${input.amount} meldet sich der Veranstalter bei Ihnen.`,
        ),
    '',
    say(`Your ticket: ${input.ticketUrl}`, `Dein Ticket: ${input.ticketUrl}`, `Ihr Ticket: ${input.ticketUrl}`),
  ]);
}

/**
 * One mail per paid seat, to the ticket's holder (after a transfer, the new one) in the language of the purchase,
 * each queued in the cancelling batch only if the dinner is cancelled by it.
 */
export async function calledOffMails(deps: Deps, event: Event, now: number, refund: boolean) {
  const holders = await deps.db.all<{
    id: string;
    name: string;
    email: string;
    token: string;
    locale: string;
    amount_cents: number;
    currency: string;
  }>(
    sql`SELECT t.id, t.name, t.email, t.token, o.locale, o.amount_cents, o.currency
      FROM tickets t JOIN orders o ON o.id = t.order_id
      WHERE t.event_id = ${event.id} AND t.status = 'valid' AND o.status = 'paid' AND t.email <> ''`,
  );
  const cancelled = sql`(SELECT status FROM events WHERE id = ${event.id}) = 'cancelled'`;
  return holders.map((h) => {
    const lang = langOf(h.locale);
    const mail = composeCalledOffMail({
      event,
      name: h.name,
      lang,
      amount: formatMoney(Number(h.amount_cents), h.currency, lang),
      refund,
      ticketUrl: `${deps.config.publicUrl}/t/${h.token}`,
    });
    return deps.db.run(queueMailSql({ dedupeKey: `called-off:${h.id}`, to: h.email, ...mail }, now, cancelled));
  });
}
