import type { Event } from '../events/service';
import type { Lang } from '../lib/i18n';
import { voice } from '../lib/messages';
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

/** A dinner's start as the mails say it: local time in the dinner's zone, and the zone. */
export const when = (e: Event, lang: Lang) => `${formatDateTime(e.startsAt, e.timezone, lang)} (${e.timezone})`;

/** Joining the line: what happens next, and the personal link that shows the place and leaves the line. */
export function composeJoinMail(input: { event: Event; name: string; url: string; lang: Lang; again?: boolean }) {
  const { event: e, lang, url } = input;
  const say = voice(lang, e);
  return simpleMail(
    say(`Waitlist: ${e.title}`, `Warteliste: ${e.title}`),
    [
      say(`Hello ${input.name},`, `Hallo ${input.name},`, `Guten Tag ${input.name},`),
      '',
      input.again
        ? say(
            `you are already on the waitlist for "${e.title}" (${when(e, lang)}). Here is your link again; earlier links no longer work.`,
            `du stehst schon auf der Warteliste für „${e.title}“ (${when(e, lang)}). Hier ist dein Link noch einmal; frühere Links gelten nicht mehr.`,
            `Sie stehen schon auf der Warteliste für „${e.title}“ (${when(e, lang)}). Hier ist Ihr Link noch einmal; frühere Links gelten nicht mehr.`,
          )
        : say(
            `you are on the waitlist for "${e.title}" (${when(e, lang)}).`,
            `du stehst auf der Warteliste für „${e.title}“ (${when(e, lang)}).`,
            `Sie stehen auf der Warteliste für „${e.title}“ (${when(e, lang)}).`,
          ),
      say(
        'As soon as a seat frees up and it is your turn, we hold it for you and mail you a link to book it.',
        'Sobald ein Platz frei wird und du an der Reihe bist, halten wir ihn für dich und schicken dir eine E-Mail mit einem Link zum Buchen.',
        'Sobald ein Platz frei wird und Sie an der Reihe sind, halten wir ihn für Sie und schicken Ihnen eine E-Mail mit einem Link zum Buchen.',
      ),
      say(
        `This link shows your place in the line and lets you leave it: ${url}`,
        `Unter diesem Link siehst du deinen Platz in der Warteschlange und kannst sie verlassen: ${url}`,
        `Unter diesem Link sehen Sie Ihren Platz in der Warteschlange und können sie verlassen: ${url}`,
      ),
    ],
    { href: url, label: say('My place in the line', 'Mein Platz in der Warteschlange') },
  );
}

/** A seat is held for the person: book by the link before it lapses, or decline so the next person gets it. */
export function composeOfferMail(input: { event: Event; name: string; url: string; lang: Lang; expiresAt: number }) {
  const { event: e, lang, url } = input;
  const say = voice(lang, e);
  const until = `${formatDateTime(input.expiresAt, e.timezone, lang)} (${e.timezone})`;
  return simpleMail(
    say(`A seat for you: ${e.title}`, `Ein Platz für dich: ${e.title}`, `Ein Platz für Sie: ${e.title}`),
    [
      say(`Hello ${input.name},`, `Hallo ${input.name},`, `Guten Tag ${input.name},`),
      '',
      say(
        `a seat for "${e.title}" (${when(e, lang)}) has freed up and it is your turn. We hold it for you until ${until}.`,
        `ein Platz für „${e.title}“ (${when(e, lang)}) ist frei geworden, und du bist an der Reihe. Wir halten ihn bis ${until} für dich.`,
        `ein Platz für „${e.title}“ (${when(e, lang)}) ist frei geworden, und Sie sind an der Reihe. Wir halten ihn bis ${until} für Sie.`,
      ),
      say(`Book it now: ${url}`, `Jetzt buchen: ${url}`),
      say(
        'Cannot come? Decline at the same link and the seat goes to the next person at once.',
        'Du kannst nicht? Lehne unter demselben Link ab, dann geht der Platz sofort an die nächste Person.',
        'Sie können nicht? Lehnen Sie unter demselben Link ab, dann geht der Platz sofort an die nächste Person.',
      ),
    ],
    { href: url, label: say('Book the seat', 'Platz buchen') },
  );
}

/** The offer lapsed unused: the seat went on down the line. */
export function composeLapseMail(input: { event: Event; name: string; lang: Lang; eventUrl: string }) {
  const { event: e, lang } = input;
  const say = voice(lang, e);
  return simpleMail(say(`Offer lapsed: ${e.title}`, `Angebot abgelaufen: ${e.title}`), [
    say(`Hello ${input.name},`, `Hallo ${input.name},`, `Guten Tag ${input.name},`),
    '',
    say(
      `the seat held for you for "${e.title}" was not booked and has gone to the next person on the waitlist.`,
      `der für dich gehaltene Platz für „${e.title}“ ist nicht gebucht worden und an die nächste Person auf der Warteliste gegangen.`,
      `der für Sie gehaltene Platz für „${e.title}“ ist nicht gebucht worden und an die nächste Person auf der Warteliste gegangen.`,
    ),
    say(
      `If you would still like to come, join the line again: ${input.eventUrl}`,
      `Wenn du doch kommen möchtest, stell dich erneut an: ${input.eventUrl}`,
      `Wenn Sie doch kommen möchten, stellen Sie sich erneut an: ${input.eventUrl}`,
    ),
  ]);
}

/** The dinner was cancelled: the line ends, and the people in it hear so rather than wait for nothing. */
export function composeLineClosedMail(input: { event: Event; name: string; lang: Lang }) {
  const { event: e, lang } = input;
  const say = voice(lang, e);
  return simpleMail(say(`Cancelled: ${e.title}`, `Abgesagt: ${e.title}`), [
    say(`Hello ${input.name},`, `Hallo ${input.name},`, `Guten Tag ${input.name},`),
    '',
    say(
      `"${e.title}" on ${when(e, lang)} will not take place. Its waitlist has ended and you are no longer on it.`,
      `„${e.title}“ am ${when(e, lang)} findet nicht statt. Die Warteliste ist damit beendet, und du stehst nicht mehr darauf.`,
      `„${e.title}“ am ${when(e, lang)} findet nicht statt. Die Warteliste ist damit beendet, und Sie stehen nicht mehr darauf.`,
    ),
    say(
      'You have paid nothing, so there is nothing to refund. Your waitlist details are erased with the dinner’s data.',
      'Du hast nichts bezahlt, es ist also nichts zu erstatten. Deine Angaben auf der Warteliste werden mit den Daten des Dinners gelöscht.',
      'Sie haben nichts bezahlt, es ist also nichts zu erstatten. Ihre Angaben auf der Warteliste werden mit den Daten des Dinners gelöscht.',
    ),
  ]);
}
