import type { Lang } from '../lib/i18n';

/** Texts of the organizer's handshake log; the admin layout brings its own (navigation, logout). */
const en = {
  title: 'Handshake log',
  back: 'Back to the dinner',
  summary: 'Summary',
  greeted: 'Greeted',
  present: 'Present',
  paid: 'Paid seats',
  firstAt: 'First greeting',
  lastAt: 'Last greeting',
  duration: 'Duration',
  perGuest: 'Seconds per guest',
  allGreeted: 'Everyone present was greeted.',
  nobodyYet: 'No greetings yet.',
  timeline: 'Timeline',
  colTime: 'Time',
  colName: 'Name',
  colCompany: 'Company',
  colBy: 'Greeted by',
  colCheckedIn: 'Checked in',
  colFirst: 'Counted greeting',
  notCheckedIn: 'not checked in',
  missingTitle: 'Checked in, not greeted',
  noShowsTitle: 'No-shows (paid, never arrived)',
  noNoShows: 'Nobody.',
  duplicatesTitle: 'Second greetings (logged, not counted)',
  noDuplicates: 'None.',
  missingCount: (n: number) => `${n} ${n === 1 ? 'guest' : 'guests'} checked in but not greeted.`,
  seconds: (s: number) => `${s.toFixed(1)} s`,
};

export type GreetingMessages = typeof en;

const de: GreetingMessages = {
  title: 'Begrüßungsprotokoll',
  back: 'Zurück zum Dinner',
  summary: 'Überblick',
  greeted: 'Begrüßt',
  present: 'Anwesend',
  paid: 'Bezahlte Plätze',
  firstAt: 'Erste Begrüßung',
  lastAt: 'Letzte Begrüßung',
  duration: 'Dauer',
  perGuest: 'Sekunden pro Gast',
  allGreeted: 'Alle Anwesenden wurden begrüßt.',
  nobodyYet: 'Noch keine Begrüßungen.',
  timeline: 'Zeitleiste',
  colTime: 'Zeit',
  colName: 'Name',
  colCompany: 'Firma',
  colBy: 'Begrüßt von',
  colCheckedIn: 'Eingecheckt',
  colFirst: 'Gezählte Begrüßung',
  notCheckedIn: 'nicht eingecheckt',
  missingTitle: 'Eingecheckt, nicht begrüßt',
  noShowsTitle: 'Nicht erschienen (bezahlt, nie angekommen)',
  noNoShows: 'Niemand.',
  duplicatesTitle: 'Zweite Begrüßungen (protokolliert, nicht gezählt)',
  noDuplicates: 'Keine.',
  missingCount: (n) => `${n} ${n === 1 ? 'Gast ist' : 'Gäste sind'} eingecheckt, aber nicht begrüßt.`,
  seconds: (s) => `${s.toFixed(1).replace('.', ',')} s`,
};

const all: Record<Lang, GreetingMessages> = { de, en };
export const gm = (lang: Lang) => all[lang];
