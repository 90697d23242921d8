import type { WalletConfig } from '../config';
import type { Event } from '../events/service';
import { Base64 } from '../lib/base64';
import { toBase64 } from '../lib/fold';
import { formatMoney, type Lang } from '../lib/i18n';
import { voice } from '../lib/messages';
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
  const say = voice(lang, event);
  const subject = say(`Your ticket: ${event.title}`, `Dein Ticket: ${event.title}`, `Ihr Ticket: ${event.title}`);
  const lines = [
    say(`Hello ${input.name},`, `Hallo ${input.name},`, `Guten Tag ${input.name},`),
    '',
    input.transferredFrom === undefined
      ? say(
          `your seat for "${event.title}" is booked.`,
          `dein Platz für „${event.title}“ ist gebucht.`,
          `Ihr Platz für „${event.title}“ ist gebucht.`,
        )
      : say(
          `${input.transferredFrom} has passed a seat for "${event.title}" on to you. It is paid for and now in your name.`,
          `${input.transferredFrom} hat dir einen Platz für „${event.title}“ weitergegeben. Er ist bezahlt und jetzt auf deinen Namen.`,
          `${input.transferredFrom} hat Ihnen einen Platz für „${event.title}“ weitergegeben. Er ist bezahlt und jetzt auf Ihren Namen.`,
        ),
    `${say('When', 'Wann')}: ${when} (${event.timezone})`,
    `${say('Where', 'Wo')}: ${where}`,
    ...(input.transferredFrom === undefined
      ? [
          `${say('Price', 'Preis')}: ${amount === 0 ? say('free (complimentary seat)', 'kostenlos (Freiplatz)') : formatMoney(amount, event.currency, lang)}`,
        ]
      : [
          say(
            'On your ticket page you decide whether to share your contact details; nothing is shared so far.',
            'Auf deiner Ticketseite entscheidest du selbst, ob du deine Kontaktdaten teilst; bisher ist nichts geteilt.',
            'Auf Ihrer Ticketseite entscheiden Sie selbst, ob Sie Ihre Kontaktdaten teilen; bisher ist nichts geteilt.',
          ),
        ]),
    '',
    say(
      `Your ticket with its QR code: ${ticketUrl}`,
      `Dein Ticket mit QR-Code: ${ticketUrl}`,
      `Ihr Ticket mit QR-Code: ${ticketUrl}`,
    ),
    say(
      'Show the QR code at the door (or read out the code). The calendar entry is attached.',
      'Zeig den QR-Code am Eingang (oder nenne den Code). Der Kalendereintrag hängt an.',
      'Zeigen Sie den QR-Code am Eingang (oder nennen Sie den Code). Der Kalendereintrag hängt an.',
    ),
  ];
  const wallets = [
    input.wallet.apple && {
      href: `${ticketUrl}/pass.pkpass`,
      label: say('Add to Apple Wallet', 'Zu Apple Wallet hinzufügen'),
    },
    input.wallet.google && {
      href: `${ticketUrl}/google-wallet`,
      label: say('Save to Google Wallet', 'In Google Wallet speichern'),
    },
  ].filter((w): w is { href: string; label: string } => !!w);
  const button = 'display:inline-block;padding:10px 16px;color:#fff;border-radius:8px;text-decoration:none';
  const html = (
    <div style="font-family:system-ui,sans-serif;line-height:1.5">
      {lines.map((l) => (l === '' ? <br /> : <p style="margin:0">{l}</p>))}
      <p style="margin:16px 0 0">
        <img src={`cid:${QR_CID}`} width="240" height="240" alt={say('Ticket QR code', 'QR-Code des Tickets')} />
      </p>
      <p style="margin:0;font:600 20px/1.4 ui-monospace,monospace;letter-spacing:2px">{groupCode(input.qrSecret)}</p>
      <p>
        <a href={ticketUrl} style={`${button};background:#0b57d0`}>
          {say('Open ticket', 'Ticket öffnen')}
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
    `${say('Ticket code', 'Ticket-Code')}: ${groupCode(input.qrSecret)}`,
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
  const say = voice(input.lang, input.event);
  const title = input.event.title;
  const why =
    input.reason === 'event_cancelled'
      ? say(`"${title}" has been cancelled.`, `„${title}“ wurde abgesagt.`)
      : say(
          `your payment for "${title}" arrived after your reservation had expired, and the dinner has sold out since.`,
          `deine Zahlung für „${title}“ kam erst nach Ablauf deiner Reservierung an, und inzwischen ist das Dinner ausverkauft.`,
          `Ihre Zahlung für „${title}“ kam erst nach Ablauf Ihrer Reservierung an, und inzwischen ist das Dinner ausverkauft.`,
        );
  const text = say(
    `Hello ${input.name},\n\n${why} We are refunding the full ${input.amount}; it will be back in your account in a few days.`,
    `Hallo ${input.name},\n\n${why} Wir erstatten dir den vollen Betrag von ${input.amount}; er ist in wenigen Tagen wieder auf deinem Konto.`,
    `Guten Tag ${input.name},\n\n${why} Wir erstatten Ihnen den vollen Betrag von ${input.amount}; er ist in wenigen Tagen wieder auf Ihrem Konto.`,
  );
  return {
    subject: say(`Refund: ${title}`, `Erstattung: ${title}`),
    text,
    html: (<div style="font-family:system-ui,sans-serif;white-space:pre-line">{text}</div>).toString(),
    attachments: [],
  };
}
