import type { Lang } from '../lib/i18n';

/**
 * The accessibility statement's text (BFSG § 14 and its annex: conformance, limitations, feedback, enforcement).
 * The enforcement body and its interim address were checked in December 2026 against the Länder's
 * announcements of the MLBF (founded 26 September 2025 in Magdeburg as an Anstalt des öffentlichen Rechts).
 */
export interface Statement {
  title: string;
  intro: string;
  statusTitle: string;
  status: string;
  checkedTitle: string;
  checked: string[];
  limitsTitle: string;
  limits: string[];
  feedbackTitle: string;
  feedback: string;
  contactLabel: string;
  noContact: string;
  enforcementTitle: string;
  enforcement: string;
  body: string[];
  conciliation: string;
  dated: string;
}

const de: Statement = {
  title: 'Erklärung zur Barrierefreiheit',
  intro:
    'klick verkauft Plätze für Networking-Dinner und checkt die Gäste an der Tür ein. Diese Erklärung gilt für alle Seiten, die Gäste, Gastgeber und Veranstalter bei klick sehen: die Seite eines Dinners mit dem Kaufformular, Ticket, Warteliste, Weitergabe und Stornierung, die Datenschutz-Schritte, die Veranstalterseiten und die Gastgeber-App auf dem Handy.',
  statusTitle: 'Stand der Vereinbarkeit',
  status:
    'Die Seiten sind weitgehend mit den Web Content Accessibility Guidelines (WCAG) 2.1, Stufe AA, vereinbar, der Norm, auf die EN 301 549 und das Barrierefreiheitsstärkungsgesetz (BFSG) verweisen. Die unten genannten Einschränkungen sind bekannt.',
  checkedTitle: 'Wie das geprüft wird',
  checked: [
    'Bei jeder Änderung prüft ein Test mit axe-core jede Seite auf Deutsch und Englisch nach den Regeln der WCAG 2.1 A und AA, in den Zuständen, die zählen (z. B. Formular mit Fehlern, ausverkauft, nach dem Dinner).',
    'Der ganze Kauf geht mit der Tastatur allein; der Fokus ist immer sichtbar; Schaltflächen und Eingabefelder der Gästeseiten und der Gastgeber-App sind mindestens 44 × 44 Pixel groß.',
    'Die Seiten passen ohne seitliches Scrollen auf 320 Pixel Breite und bei 200 % Vergrößerung; Animationen entfallen, wenn das Gerät „Bewegung reduzieren“ eingestellt hat.',
    'Das Ergebnis eines Scans an der Tür (grün, gelb, rot) wird Screenreadern angesagt und unterscheidet sich auch in Symbol und Wort, nicht nur in der Farbe; die Farben haben auch im dunklen Design genug Kontrast.',
  ],
  limitsTitle: 'Bekannte Einschränkungen',
  limits: [
    'Bezahlt wird auf der Seite von Stripe. Für deren Barrierefreiheit ist Stripe verantwortlich.',
    'Der QR-Code des Tickets ist für die Kamera gedacht. Der Code steht darunter auch als Text zum Vorlesen, und der Gastgeber findet jeden Gast auch über den Namen.',
    'Die Seiten wurden automatisch und mit eigenen Tests geprüft, aber noch nicht von Menschen mit Behinderungen mit ihren Hilfsmitteln begutachtet.',
  ],
  feedbackTitle: 'Barrieren melden',
  feedback:
    'Wenn Ihnen eine Barriere auffällt oder Sie Inhalte in einer anderen Form brauchen, schreiben Sie dem Veranstalter. Sie bekommen eine Antwort, und der Veranstalter hilft Ihnen beim Kauf und an der Tür auch persönlich.',
  contactLabel: 'Kontakt des Veranstalters',
  noContact:
    'Der Veranstalter hat noch keinen Kontakt eingetragen. Wenden Sie sich an den Gastgeber, den die Seite des Dinners nennt.',
  enforcementTitle: 'Durchsetzungsverfahren',
  enforcement:
    'Wenn Sie keine zufriedenstellende Antwort bekommen, können Sie bei der Marktüberwachungsbehörde beantragen, dass sie tätig wird (§ 32 BFSG). Zuständig ist in Deutschland:',
  body: [
    'Marktüberwachungsstelle der Länder für die Barrierefreiheit von Produkten und Dienstleistungen (MLBF)',
    'c/o Ministerium für Arbeit, Soziales, Gesundheit und Gleichstellung Sachsen-Anhalt',
    'Postfach 39 11 55, 39135 Magdeburg',
    'E-Mail: MLBF@ms.sachsen-anhalt.de',
  ],
  conciliation:
    'Für eine außergerichtliche Schlichtung können Sie sich an die Schlichtungsstelle beim Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen wenden (§ 34 BFSG).',
  dated: 'Stand dieser Erklärung: 6. Dezember 2026.',
};

const en: Statement = {
  title: 'Accessibility statement',
  intro:
    'klick sells seats for networking dinners and checks the guests in at the door. This statement covers every page guests, hosts and organizers see on klick: a dinner’s page with the purchase form, the ticket, the waitlist, passing a ticket on and cancelling, the privacy steps, the organizer’s pages and the host app on the phone.',
  statusTitle: 'Conformance status',
  status:
    'The pages largely conform to the Web Content Accessibility Guidelines (WCAG) 2.1, level AA, the standard EN 301 549 and the German Accessibility Strengthening Act (BFSG) refer to. The limitations below are known.',
  checkedTitle: 'How it is checked',
  checked: [
    'With every change a test runs axe-core on every page, in German and English, against the WCAG 2.1 A and AA rules, in the states that matter (e.g. a form with errors, sold out, after the dinner).',
    'The whole purchase works with the keyboard alone; focus is always visible; buttons and form fields of the guests’ pages and the host app are at least 44 × 44 pixels.',
    'The pages fit 320 pixels of width and 200 % zoom without scrolling sideways; animations are off when the device asks for reduced motion.',
    'The result of a scan at the door (green, amber, red) is announced to screen readers and differs in icon and word too, not only in colour; the colours keep enough contrast in the dark theme as well.',
  ],
  limitsTitle: 'Known limitations',
  limits: [
    'Payment happens on Stripe’s page. Stripe is responsible for its accessibility.',
    'The ticket’s QR code is meant for the camera. The code is also printed beneath it as text to read aloud, and the host finds every guest by name too.',
    'The pages were checked automatically and by our own tests, but not yet reviewed by disabled people with their assistive technology.',
  ],
  feedbackTitle: 'Report a barrier',
  feedback:
    'If you meet a barrier or need content in another form, write to the organizer. You will get an answer, and the organizer will also help you in person with the purchase and at the door.',
  contactLabel: 'Organizer’s contact',
  noContact: 'The organizer has not entered a contact yet. Please contact the host named on the dinner’s page.',
  enforcementTitle: 'Enforcement',
  enforcement:
    'If you do not get a satisfactory answer, you can ask the market surveillance authority to act (§ 32 BFSG). In Germany this is:',
  body: de.body,
  conciliation:
    'For out-of-court conciliation you can turn to the conciliation body at the Federal Government Commissioner for Matters relating to Persons with Disabilities (§ 34 BFSG).',
  dated: 'This statement was last updated on 6 December 2026.',
};

export const statement = (lang: Lang): Statement => (lang === 'de' ? de : en);

/** An email becomes a mailto link, a web address a link, anything else stays text. */
export function contactHref(contact: string): string | null {
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact)) return `mailto:${contact}`;
  if (/^https?:\/\/\S+$/.test(contact)) return contact;
  return null;
}
