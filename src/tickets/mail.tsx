import type { WalletConfig } from '../config';
import type { Event } from '../events/service';
import { Base64 } from '../lib/base64';
import { toBase64 } from '../lib/fold';
import { formatMoney, type Lang } from '../lib/i18n';
import { qrPng } from '../lib/png';
import { formatDateTime } from '../lib/time';
import type { MailAttachment } from '../mail/mailer';
import { buildIcs } from './ics';
import { groupCode } from './service';

/** The QR travels in the mail as a CID attachment: Gmail and others drop data: URIs from mail HTML. */
const QR_CID = 'ticket-qr@klick';

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

/** `cancelled`: the same entry (same UID, next SEQUENCE) marked cancelled, for a void ticket or a cancelled dinner. */
export function ticketIcs(event: Event, ticketId: string, ticketUrl: string, now: number, cancelled = false): string {
  return buildIcs({
    cancelled,
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

export async function composeTicketMail(input: {
  event: Event;
  ticketId: string;
  name: string;
  ticketUrl: string;
  /** the ticket's QR secret: the mail carries the code itself, so the guest needs no link at the door */
  qrSecret: string;
  /** which wallets are configured: each gets its link */
  wallet: WalletConfig;
  lang: Lang;
  now: number;
  /** what the order cost (after a code); the list price when not given */
  amountCents?: number;
  /** passed on by the previous guest: said in the mail, so the new guest knows why it comes */
  transferredFrom?: string;
}): Promise<ComposedMail> {
  const { event, lang, ticketUrl } = input;
  const amount = input.amountCents ?? event.priceCents;
  const when = formatDateTime(event.startsAt, event.timezone, lang);
  const where = [event.venue, event.address].filter(Boolean).join(', ');
  const de = lang === 'de';
  const subject = de ? `Dein Ticket: ${event.title}` : `Your ticket: ${event.title}`;
  const lines = [
    de ? `Hallo ${input.name},` : `Hello ${input.name},`,
    '',
    input.transferredFrom === undefined
      ? de
        ? `dein Platz für „${event.title}“ ist gebucht.`
        : `your seat for "${event.title}" is booked.`
      : de
        ? `${input.transferredFrom} hat dir einen Platz für „${event.title}“ weitergegeben. Er ist bezahlt und jetzt auf deinen Namen.`
        : `${input.transferredFrom} has passed a seat for "${event.title}" on to you. It is paid for and now in your name.`,
    `${de ? 'Wann' : 'When'}: ${when} (${event.timezone})`,
    `${de ? 'Wo' : 'Where'}: ${where}`,
    ...(input.transferredFrom === undefined
      ? [
          `${de ? 'Preis' : 'Price'}: ${amount === 0 ? (de ? 'kostenlos (Freiplatz)' : 'free (complimentary seat)') : formatMoney(amount, event.currency, lang)}`,
        ]
      : [
          de
            ? 'Auf deiner Ticketseite entscheidest du selbst, ob du deine Kontaktdaten teilst; bisher ist nichts geteilt.'
            : 'On your ticket page you decide whether to share your contact details; nothing is shared so far.',
        ]),
    '',
    de ? `Dein Ticket mit QR-Code: ${ticketUrl}` : `Your ticket with its QR code: ${ticketUrl}`,
    de
      ? 'Zeig den QR-Code am Eingang (oder nenne den Code). Der Kalendereintrag hängt an.'
      : 'Show the QR code at the door (or read out the code). The calendar entry is attached.',
  ];
  const wallets = [
    input.wallet.apple && {
      href: `${ticketUrl}/pass.pkpass`,
      label: de ? 'Zu Apple Wallet hinzufügen' : 'Add to Apple Wallet',
    },
    input.wallet.google && {
      href: `${ticketUrl}/google-wallet`,
      label: de ? 'In Google Wallet speichern' : 'Save to Google Wallet',
    },
  ].filter((w): w is { href: string; label: string } => !!w);
  const button = 'display:inline-block;padding:10px 16px;color:#fff;border-radius:8px;text-decoration:none';
  const html = (
    <div style="font-family:system-ui,sans-serif;line-height:1.5">
      {lines.map((l) => (l === '' ? <br /> : <p style="margin:0">{l}</p>))}
      <p style="margin:16px 0 0">
        <img src={`cid:${QR_CID}`} width="240" height="240" alt={de ? 'QR-Code des Tickets' : 'Ticket QR code'} />
      </p>
      <p style="margin:0;font:600 20px/1.4 ui-monospace,monospace;letter-spacing:2px">{groupCode(input.qrSecret)}</p>
      <p>
        <a href={ticketUrl} style={`${button};background:#0b57d0`}>
          {de ? 'Ticket öffnen' : 'Open ticket'}
        </a>
      </p>
      {wallets.map((w) => (
        <p>
          <a href={w.href} style={`${button};background:#000`}>
            {w.label}
          </a>
        </p>
      ))}
    </div>
  ).toString();
  // the HTML shows the code large under the QR; the text part says it in a line of its own
  const text = [
    ...lines,
    `${de ? 'Ticket-Code' : 'Ticket code'}: ${groupCode(input.qrSecret)}`,
    ...wallets.map((w) => `${w.label}: ${w.href}`),
  ].join('\n');
  return {
    subject,
    text,
    html,
    attachments: [
      {
        filename: 'ticket.ics',
        contentType: 'text/calendar; charset=utf-8',
        content: toBase64(ticketIcs(event, input.ticketId, ticketUrl, input.now)),
      },
      {
        filename: 'ticket-qr.png',
        contentType: 'image/png',
        content: Base64.fromUint8Array(await qrPng(input.qrSecret)),
        contentId: QR_CID,
      },
    ],
  };
}

/** Money without a seat goes back (src/payments/fulfil.ts); queued before the provider call, hence "we are refunding". */
export function composeRefundMail(input: {
  event: Event;
  name: string;
  lang: Lang;
  amount: string;
  reason: 'sold_out_late' | 'event_cancelled';
}): ComposedMail {
  const de = input.lang === 'de';
  const title = input.event.title;
  const why =
    input.reason === 'event_cancelled'
      ? de
        ? `„${title}“ wurde abgesagt.`
        : `"${title}" has been cancelled.`
      : de
        ? `deine Zahlung für „${title}“ kam erst nach Ablauf deiner Reservierung an, und inzwischen ist das Dinner ausverkauft.`
        : `your payment for "${title}" arrived after your reservation had expired, and the dinner has sold out since.`;
  const text = de
    ? `Hallo ${input.name},\n\n${why} Wir erstatten dir den vollen Betrag von ${input.amount}; er ist in wenigen Tagen wieder auf deinem Konto.`
    : `Hello ${input.name},\n\n${why} We are refunding the full ${input.amount}; it will be back in your account in a few days.`;
  return {
    subject: de ? `Erstattung: ${title}` : `Refund: ${title}`,
    text,
    html: (<div style="font-family:system-ui,sans-serif;white-space:pre-line">{text}</div>).toString(),
    attachments: [],
  };
}
