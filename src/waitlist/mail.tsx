import type { Event } from '../events/service';
import type { Lang } from '../lib/i18n';
import { formatDateTime } from '../lib/time';
import type { ComposedMail } from '../tickets/mail';

/** Plain lines, and the same as HTML with one button for the link. */
export function simpleMail(subject: string, lines: string[], button?: { href: string; label: string }): ComposedMail {
  const html = (
    <div style="font-family:system-ui,sans-serif;line-height:1.5">
      {lines.map((l) => (l === '' ? <br /> : <p style="margin:0">{l}</p>))}
      {button ? (
        <p>
          <a
            href={button.href}
            style="display:inline-block;padding:10px 16px;background:#0b57d0;color:#fff;border-radius:8px;text-decoration:none"
          >
            {button.label}
          </a>
        </p>
      ) : null}
    </div>
  ).toString();
  return { subject, text: lines.join('\n'), html, attachments: [] };
}

const when = (e: Event, lang: Lang) => `${formatDateTime(e.startsAt, e.timezone, lang)} (${e.timezone})`;

/** Joining the line: what happens next, and the personal link that shows the place and leaves the line. */
export function composeJoinMail(input: { event: Event; name: string; url: string; lang: Lang; again?: boolean }) {
  const { event: e, lang, url } = input;
  const de = lang === 'de';
  return simpleMail(
    de ? `Warteliste: ${e.title}` : `Waitlist: ${e.title}`,
    [
      de ? `Hallo ${input.name},` : `Hello ${input.name},`,
      '',
      input.again
        ? de
          ? `du stehst schon auf der Warteliste für „${e.title}“ (${when(e, lang)}). Hier ist dein Link noch einmal; frühere Links gelten nicht mehr.`
          : `you are already on the waitlist for "${e.title}" (${when(e, lang)}). Here is your link again; earlier links no longer work.`
        : de
          ? `du stehst auf der Warteliste für „${e.title}“ (${when(e, lang)}).`
          : `you are on the waitlist for "${e.title}" (${when(e, lang)}).`,
      de
        ? 'Sobald ein Platz frei wird und du an der Reihe bist, halten wir ihn für dich und schicken dir eine E-Mail mit einem Link zum Buchen.'
        : 'As soon as a seat frees up and it is your turn, we hold it for you and mail you a link to book it.',
      de
        ? `Unter diesem Link siehst du deinen Platz in der Warteschlange und kannst sie verlassen: ${url}`
        : `This link shows your place in the line and lets you leave it: ${url}`,
    ],
    { href: url, label: de ? 'Mein Platz in der Warteschlange' : 'My place in the line' },
  );
}

/** A seat is held for the person: book by the link before it lapses, or decline so the next person gets it. */
export function composeOfferMail(input: { event: Event; name: string; url: string; lang: Lang; expiresAt: number }) {
  const { event: e, lang, url } = input;
  const de = lang === 'de';
  const until = `${formatDateTime(input.expiresAt, e.timezone, lang)} (${e.timezone})`;
  return simpleMail(
    de ? `Ein Platz für dich: ${e.title}` : `A seat for you: ${e.title}`,
    [
      de ? `Hallo ${input.name},` : `Hello ${input.name},`,
      '',
      de
        ? `ein Platz für „${e.title}“ (${when(e, lang)}) ist frei geworden, und du bist an der Reihe. Wir halten ihn bis ${until} für dich.`
        : `a seat for "${e.title}" (${when(e, lang)}) has freed up and it is your turn. We hold it for you until ${until}.`,
      de ? `Jetzt buchen: ${url}` : `Book it now: ${url}`,
      de
        ? 'Du kannst nicht? Lehne unter demselben Link ab, dann geht der Platz sofort an die nächste Person.'
        : 'Cannot come? Decline at the same link and the seat goes to the next person at once.',
    ],
    { href: url, label: de ? 'Platz buchen' : 'Book the seat' },
  );
}

/** The offer lapsed unused: the seat went on down the line. */
export function composeLapseMail(input: { event: Event; name: string; lang: Lang; eventUrl: string }) {
  const { event: e, lang } = input;
  const de = lang === 'de';
  return simpleMail(de ? `Angebot abgelaufen: ${e.title}` : `Offer lapsed: ${e.title}`, [
    de ? `Hallo ${input.name},` : `Hello ${input.name},`,
    '',
    de
      ? `der für dich gehaltene Platz für „${e.title}“ ist nicht gebucht worden und an die nächste Person auf der Warteliste gegangen.`
      : `the seat held for you for "${e.title}" was not booked and has gone to the next person on the waitlist.`,
    de
      ? `Wenn du doch kommen möchtest, stell dich erneut an: ${input.eventUrl}`
      : `If you would still like to come, join the line again: ${input.eventUrl}`,
  ]);
}

/** The dinner was cancelled: the line ends, and the people in it hear so rather than wait for nothing. */
export function composeLineClosedMail(input: { event: Event; name: string; lang: Lang }) {
  const { event: e, lang } = input;
  const de = lang === 'de';
  return simpleMail(de ? `Abgesagt: ${e.title}` : `Cancelled: ${e.title}`, [
    de ? `Hallo ${input.name},` : `Hello ${input.name},`,
    '',
    de
      ? `„${e.title}“ am ${when(e, lang)} findet nicht statt. Die Warteliste ist damit beendet, und du stehst nicht mehr darauf.`
      : `"${e.title}" on ${when(e, lang)} will not take place. Its waitlist has ended and you are no longer on it.`,
    de
      ? 'Du hast nichts bezahlt, es ist also nichts zu erstatten. Deine Angaben auf der Warteliste werden mit den Daten des Dinners gelöscht.'
      : 'You have paid nothing, so there is nothing to refund. Your waitlist details are erased with the dinner’s data.',
  ]);
}
