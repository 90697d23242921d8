import type { Lang } from '../lib/i18n';

/** The organizer's badge page (German and English); kept with the feature so the shared catalogues stay as they are. */
const en = {
  title: 'Name badges',
  link: 'Print name badges',
  intro:
    'Each badge shows the first name large, the full name, and the company and “ask me about” line only where the guest chose to show them. Its QR code only greets the guest in greet mode: it is not a ticket and checks nobody in.',
  layout: 'Sheet',
  layouts: {
    'cut-2x4': 'A4, 2 × 4 badges of 90 × 54 mm with crop marks (to cut for badge holders)',
    'labels-2x4': 'A4 label sheet, 2 × 4 labels of 90 × 54 mm (L4785 type)',
    'cards-2x5': 'A4 card sheet, 2 × 5 cards of 85 × 54 mm (C32011 type)',
  } as Record<string, string>,
  sort: 'Order',
  sorts: { name: 'By name', table: 'By table' } as Record<string, string>,
  which: 'Badges',
  whichOptions: { all: 'All guests', unprinted: 'Only those not yet printed', one: 'One guest' } as Record<
    string,
    string
  >,
  guest: 'Guest (for “one guest”)',
  show: 'Show',
  pdf: 'Download PDF',
  printHint:
    'To print from the browser: Ctrl+P (⌘P), paper A4, scale 100 %, no margins, no headers and footers. The PDF download counts as printed.',
  markPrinted: (n: number) => `Mark these ${n} badges as printed`,
  marked: (n: number) => `${n} badges marked as printed.`,
  count: (n: number, sheets: number) => `${n} badges on ${sheets} sheets.`,
  none: 'No badges to print with this choice.',
  pdfFonts: (names: string) =>
    `The PDF's fonts cannot show every character of these names: ${names}. Print these badges from the browser.`,
  guests: 'Guests and their badge codes',
  name: 'Name',
  shows: 'Badge shows',
  showsOptions: { name: 'Name only', company: 'Name, company', ask: 'Name, company, ask me about' } as Record<
    string,
    string
  >,
  printed: 'Printed',
  yes: 'yes',
  no: 'no',
  revoke: 'Revoke code',
  reissue: 'New code',
  // the visible words first, as a screen reader's user says them (WCAG 2.5.3, label in name)
  revokeLabel: (name: string) => `Revoke code: badge of ${name}`,
  reissueLabel: (name: string) => `New code: badge of ${name}`,
  revoked: 'The badge code is revoked: that badge greets nobody any more. The next print carries a new code.',
  reissued: 'A new badge code is made: print this guest’s badge again.',
  badgeQr: (name: string) => `Greeting code of ${name}`,
  sheetsPreview: 'Preview of the sheets as printed (scrolls sideways)',
};

const de: typeof en = {
  title: 'Namensschilder',
  link: 'Namensschilder drucken',
  intro:
    'Jedes Schild zeigt den Vornamen groß, den ganzen Namen und Firma und „Sprich mich an auf“ nur, wo der Gast das gewählt hat. Sein QR-Code begrüßt den Gast nur im Begrüßungsmodus: Er ist kein Ticket und checkt niemanden ein.',
  layout: 'Bogen',
  layouts: {
    'cut-2x4': 'A4, 2 × 4 Schilder zu 90 × 54 mm mit Schnittmarken (zum Schneiden für Namensschildhüllen)',
    'labels-2x4': 'A4-Etikettenbogen, 2 × 4 Etiketten zu 90 × 54 mm (Typ L4785)',
    'cards-2x5': 'A4-Kartenbogen, 2 × 5 Karten zu 85 × 54 mm (Typ C32011)',
  },
  sort: 'Reihenfolge',
  sorts: { name: 'Nach Name', table: 'Nach Tisch' },
  which: 'Schilder',
  whichOptions: { all: 'Alle Gäste', unprinted: 'Nur noch nicht gedruckte', one: 'Ein Gast' },
  guest: 'Gast (für „Ein Gast“)',
  show: 'Anzeigen',
  pdf: 'PDF herunterladen',
  printHint:
    'Drucken aus dem Browser: Strg+P (⌘P), Papier A4, Skalierung 100 %, keine Ränder, ohne Kopf- und Fußzeilen. Der PDF-Download zählt als gedruckt.',
  markPrinted: (n) => `Diese ${n} Schilder als gedruckt markieren`,
  marked: (n) => `${n} Schilder als gedruckt markiert.`,
  count: (n, sheets) => `${n} Schilder auf ${sheets} Bögen.`,
  none: 'Mit dieser Auswahl gibt es keine Schilder zu drucken.',
  pdfFonts: (names) =>
    `Die Schriften des PDFs können nicht jedes Zeichen dieser Namen zeigen: ${names}. Drucke diese Schilder aus dem Browser.`,
  guests: 'Gäste und ihre Schild-Codes',
  name: 'Name',
  shows: 'Schild zeigt',
  showsOptions: { name: 'Nur Name', company: 'Name, Firma', ask: 'Name, Firma, Sprich mich an auf' },
  printed: 'Gedruckt',
  yes: 'ja',
  no: 'nein',
  revoke: 'Code sperren',
  reissue: 'Neuer Code',
  revokeLabel: (name) => `Code sperren: Schild von ${name}`,
  reissueLabel: (name) => `Neuer Code: Schild von ${name}`,
  revoked:
    'Der Schild-Code ist gesperrt: Dieses Schild begrüßt niemanden mehr. Der nächste Druck trägt einen neuen Code.',
  reissued: 'Ein neuer Schild-Code ist erstellt: Drucke das Schild dieses Gastes neu.',
  badgeQr: (name) => `Begrüßungscode von ${name}`,
  sheetsPreview: 'Vorschau der Bögen, wie sie gedruckt werden (seitlich scrollbar)',
};

export const bm = (lang: Lang) => (lang === 'de' ? de : en);
