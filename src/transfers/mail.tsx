import type { Event } from '../events/service';
import { toBase64 } from '../lib/fold';
import { formatMoney, type Lang } from '../lib/i18n';
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
  const de = lang === 'de';
  const who = input.byOrganizer ? (de ? 'Der Veranstalter hat' : 'The organizer has') : de ? 'Du hast' : 'You have';
  const mail = simpleMail(de ? `Platz weitergegeben: ${e.title}` : `Seat passed on: ${e.title}`, [
    de ? `Hallo ${input.name},` : `Hello ${input.name},`,
    '',
    de
      ? `${who} deinen Platz für „${e.title}“ (${formatDateTime(e.startsAt, e.timezone, lang)}) an ${input.newName} weitergegeben.`
      : `${who} passed your seat for "${e.title}" (${formatDateTime(e.startsAt, e.timezone, lang)}) on to ${input.newName}.`,
    de
      ? 'Dein Ticket gilt nicht mehr; der neue Gast hat ein eigenes. An der Bezahlung und der Rechnung ändert sich nichts.'
      : 'Your ticket is no longer valid; the new guest has their own. The payment and the invoice stay as they are.',
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
  const de = lang === 'de';
  const refund = formatMoney(input.refundCents, input.currency, lang);
  const mail = simpleMail(de ? `Storniert: ${e.title}` : `Cancelled: ${e.title}`, [
    de ? `Hallo ${input.name},` : `Hello ${input.name},`,
    '',
    de
      ? `dein Ticket für „${e.title}“ (${formatDateTime(e.startsAt, e.timezone, lang)}) ist storniert.`
      : `your ticket for "${e.title}" (${formatDateTime(e.startsAt, e.timezone, lang)}) is cancelled.`,
    input.refundCents > 0
      ? de
        ? `Wir erstatten ${refund} auf dem Zahlungsweg; das dauert ein paar Tage.`
        : `We are refunding ${refund} the way you paid; it takes a few days.`
      : de
        ? 'Nach den Bedingungen des Dinners gibt es keine Erstattung.'
        : "Under the dinner's terms there is no refund.",
  ]);
  return { ...mail, attachments: cancelledIcs(e, input.ticketId, input.ticketUrl, input.now) };
}
