import type { Event } from '../events/service';
import { toBase64 } from '../lib/fold';
import { formatMoney, type Lang } from '../lib/i18n';
import { voice } from '../lib/messages';
import { formatDateTime } from '../lib/time';
import { type ComposedMail, ticketIcs } from '../tickets/mail';
import { simpleMail } from '../waitlist/mail';

/** The calendar entry of a ticket that no longer admits its holder: the same UID, marked cancelled. */
const cancelledIcs = (event: Event, ticketId: string, url: string, now: number) => [
  {
    filename: 'ticket.ics',
    contentType: 'text/calendar; charset=utf-8',
    content: toBase64(ticketIcs(event, ticketId, url, now, true)),
  },
];

/** To the guest who passed the seat on (or whose seat the organizer passed on). */
export function composeTransferOutMail(input: {
  event: Event;
  ticketId: string;
  ticketUrl: string;
  name: string;
  newName: string;
  byOrganizer: boolean;
  lang: Lang;
  now: number;
}): ComposedMail {
  const { event: e, lang } = input;
  const say = voice(lang, e);
  const at = formatDateTime(e.startsAt, e.timezone, lang);
  const mail = simpleMail(say(`Seat passed on: ${e.title}`, `Platz weitergegeben: ${e.title}`), [
    say(`Hello ${input.name},`, `Hallo ${input.name},`, `Guten Tag ${input.name},`),
    '',
    input.byOrganizer
      ? say(
          `The organizer has passed your seat for "${e.title}" (${at}) on to ${input.newName}.`,
          `Der Veranstalter hat deinen Platz für „${e.title}“ (${at}) an ${input.newName} weitergegeben.`,
          `Der Veranstalter hat Ihren Platz für „${e.title}“ (${at}) an ${input.newName} weitergegeben.`,
        )
      : say(
          `You have passed your seat for "${e.title}" (${at}) on to ${input.newName}.`,
          `Du hast deinen Platz für „${e.title}“ (${at}) an ${input.newName} weitergegeben.`,
          `Sie haben Ihren Platz für „${e.title}“ (${at}) an ${input.newName} weitergegeben.`,
        ),
    say(
      'Your ticket is no longer valid; the new guest has their own. The payment and the invoice stay as they are.',
      'Dein Ticket gilt nicht mehr; der neue Gast hat ein eigenes. An der Bezahlung und der Rechnung ändert sich nichts.',
      'Ihr Ticket gilt nicht mehr; der neue Gast hat ein eigenes. An der Bezahlung und der Rechnung ändert sich nichts.',
    ),
  ]);
  return { ...mail, attachments: cancelledIcs(e, input.ticketId, input.ticketUrl, input.now) };
}

/** To the guest who cancelled: what goes back, and the calendar entry marked cancelled. */
export function composeCancelMail(input: {
  event: Event;
  ticketId: string;
  ticketUrl: string;
  name: string;
  refundCents: number;
  currency: string;
  lang: Lang;
  now: number;
}): ComposedMail {
  const { event: e, lang } = input;
  const say = voice(lang, e);
  const refund = formatMoney(input.refundCents, input.currency, lang);
  const at = formatDateTime(e.startsAt, e.timezone, lang);
  const mail = simpleMail(say(`Cancelled: ${e.title}`, `Storniert: ${e.title}`), [
    say(`Hello ${input.name},`, `Hallo ${input.name},`, `Guten Tag ${input.name},`),
    '',
    say(
      `your ticket for "${e.title}" (${at}) is cancelled.`,
      `dein Ticket für „${e.title}“ (${at}) ist storniert.`,
      `Ihr Ticket für „${e.title}“ (${at}) ist storniert.`,
    ),
    input.refundCents > 0
      ? say(
          `We are refunding ${refund} the way you paid; it takes a few days.`,
          `Wir erstatten ${refund} auf dem Zahlungsweg; das dauert ein paar Tage.`,
        )
      : say(
          "Under the dinner's terms there is no refund.",
          'Nach den Bedingungen des Dinners gibt es keine Erstattung.',
        ),
  ]);
  return { ...mail, attachments: cancelledIcs(e, input.ticketId, input.ticketUrl, input.now) };
}
