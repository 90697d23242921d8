import type { Event } from '../events/service';
import { toBase64 } from '../lib/fold';
import { formatMoney, type Lang } from '../lib/i18n';
import { formatDateTime } from '../lib/time';
import type { MailAttachment } from '../mail/mailer';
import { buildIcs } from './ics';

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

export function ticketIcs(event: Event, ticketId: string, ticketUrl: string, now: number): string {
  return buildIcs({
    uid: `${ticketId}@klick`,
    stampAt: now,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    title: event.title,
    description: `${event.description}\n\n${ticketUrl}`.trim(),
    location: [event.venue, event.address].filter(Boolean).join(', '),
    url: ticketUrl,
  });
}

export function composeTicketMail(input: {
  event: Event;
  ticketId: string;
  name: string;
  ticketUrl: string;
  lang: Lang;
  now: number;
}): ComposedMail {
  const { event, lang, ticketUrl } = input;
  const when = formatDateTime(event.startsAt, event.timezone, lang);
  const where = [event.venue, event.address].filter(Boolean).join(', ');
  const de = lang === 'de';
  const subject = de ? `Dein Ticket: ${event.title}` : `Your ticket: ${event.title}`;
  const lines = [
    de ? `Hallo ${input.name},` : `Hello ${input.name},`,
    '',
    de ? `dein Platz für „${event.title}“ ist gebucht.` : `your seat for "${event.title}" is booked.`,
    `${de ? 'Wann' : 'When'}: ${when} (${event.timezone})`,
    `${de ? 'Wo' : 'Where'}: ${where}`,
    `${de ? 'Preis' : 'Price'}: ${formatMoney(event.priceCents, event.currency, lang)}`,
    '',
    de ? `Dein Ticket mit QR-Code: ${ticketUrl}` : `Your ticket with its QR code: ${ticketUrl}`,
    de
      ? 'Zeig den QR-Code am Eingang. Der Kalendereintrag hängt an.'
      : 'Show the QR code at the door. The calendar entry is attached.',
  ];
  const html = (
    <div style="font-family:system-ui,sans-serif;line-height:1.5">
      {lines.map((l) => (l === '' ? <br /> : <p style="margin:0">{l}</p>))}
      <p>
        <a
          href={ticketUrl}
          style="display:inline-block;padding:10px 16px;background:#0b57d0;color:#fff;border-radius:8px;text-decoration:none"
        >
          {de ? 'Ticket öffnen' : 'Open ticket'}
        </a>
      </p>
    </div>
  ).toString();
  return {
    subject,
    text: lines.join('\n'),
    html,
    attachments: [
      {
        filename: 'ticket.ics',
        contentType: 'text/calendar; charset=utf-8',
        content: toBase64(ticketIcs(event, input.ticketId, ticketUrl, input.now)),
      },
    ],
  };
}

export function composeLateRefundMail(input: { event: Event; name: string; lang: Lang; amount: string }): ComposedMail {
  const de = input.lang === 'de';
  const text = de
    ? `Hallo ${input.name},\n\ndeine Zahlung für „${input.event.title}“ kam erst nach Ablauf deiner Reservierung an, und inzwischen ist das Dinner ausverkauft. Wir haben ${input.amount} vollständig erstattet.`
    : `Hello ${input.name},\n\nyour payment for "${input.event.title}" arrived after your reservation had expired, and the dinner has sold out since. We have refunded ${input.amount} in full.`;
  return {
    subject: de ? `Erstattung: ${input.event.title}` : `Refund: ${input.event.title}`,
    text,
    html: (<div style="font-family:system-ui,sans-serif;white-space:pre-line">{text}</div>).toString(),
    attachments: [],
  };
}
