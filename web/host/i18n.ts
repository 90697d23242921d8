/** The host app's texts, German and English; the phone's language picks one, the header button switches. */
export type Lang = 'de' | 'en';

const de = {
  switchTo: 'English',
  title: 'Einlass',
  loading: 'klick wird geladen …',
  pairing: 'Dieses Handy wird gekoppelt …',
  pairFailed: 'Kopplung fehlgeschlagen',
  pairErrors: {
    pairing_used: 'Dieser Kopplungslink wurde schon benutzt. Bitte den Veranstalter um einen neuen.',
    pairing_expired: 'Dieser Kopplungslink ist abgelaufen (10 Minuten). Bitte den Veranstalter um einen neuen.',
    not_found: 'Diesen Kopplungslink gibt es nicht. Bitte prüfe, ob er vollständig ist.',
    network: 'Keine Verbindung. Zum Koppeln braucht das Handy einmal Netz.',
  } as Record<string, string>,
  continueOld: 'Mit der bisherigen Kopplung weiter',
  notPaired: 'Nicht gekoppelt',
  notPairedText:
    'Öffne auf diesem Handy den Kopplungslink, den der Veranstalter auf der Veranstalterseite unter „Handy koppeln“ erzeugt.',
  revoked: 'Dieses Handy wurde entkoppelt',
  revokedText: (scans: number, greetings: number) => {
    const what = [
      scans ? (scans === 1 ? 'Ein Scan' : `${scans} Scans`) : '',
      greetings ? (greetings === 1 ? 'eine Begrüßung' : `${greetings} Begrüßungen`) : '',
    ]
      .filter(Boolean)
      .join(' und ');
    const one = scans + greetings === 1;
    return `Der Veranstalter hat die Kopplung aufgehoben.${
      what
        ? ` ${what[0]!.toUpperCase()}${what.slice(1)} ${one ? 'wartet noch und wird' : 'warten noch und werden'} gesendet, sobald dieses Handy wieder für dieses Dinner gekoppelt ist.`
        : ''
    }`;
  },
  tabScan: 'Scannen',
  tabGuests: 'Gäste',
  counts: (n: number, total: number) => `Eingecheckt ${n} / bezahlt ${total}`,
  online: 'online',
  offline: 'offline',
  pending: (n: number) => `${n} wartend`,
  synced: 'abgeglichen',
  camera: 'Kamera startet …',
  cameraFailed: 'Keine Kamera: Ist der Zugriff erlaubt? Gäste findest du auch im Tab „Gäste“.',
  cameraRetry: 'Kamera erneut versuchen',
  logTitle: 'Letzte Scans',
  logEmpty: 'Noch keine Scans. Halte einen Ticket-QR-Code vor die Kamera.',
  search: 'Suchen (Name, Firma oder E-Mail)',
  expected: (n: number) => `Noch erwartet (${n})`,
  hits: (n: number) => `Treffer (${n})`,
  checkIn: 'Einchecken',
  undo: 'Rückgängig',
  voided: 'Storniert',
  verdict: {
    ok: 'Eingecheckt',
    already_checked_in: 'Schon eingecheckt',
    void: 'Ticket storniert oder erstattet',
    unknown: 'Unbekannter Code',
    wrong_event: 'Ticket für ein anderes Dinner',
    not_checked_in: 'War nicht eingecheckt',
    transferred: 'Ticket übertragen: gilt nicht mehr',
    cancelled: 'Ticket storniert',
  } as Record<string, string>,
  /** the guest list's badge of a ticket that does not admit */
  badge: { transferred: 'Übertragen', cancelled: 'Storniert' } as Record<string, string>,
  undone: 'Check-in rückgängig gemacht',
  askMeAbout: 'Sprich mich an auf:',
  atBy: (time: string, by: string) => `um ${time} von ${by}`,
  checking: 'Wird beim nächsten Abgleich geprüft.',
  checkingNow: 'Wird geprüft …',
  failed: 'Vom Server abgelehnt, nicht gespeichert: bitte noch einmal',
  offlineReady: 'offline bereit',
  soundOn: 'Ton einschalten',
  afterSync: 'nach Abgleich',
  notTicket: 'Das ist kein klick-Ticket.',
  tapToClose: 'Tippen zum Schließen',
  decoderFailed: (why: 'load' | 'crash') =>
    `${why === 'load' ? 'Die QR-Erkennung konnte nicht geladen werden' : 'Die QR-Erkennung ist abgestürzt (zu wenig Speicher?)'}: Die Kamera kann gerade keine Tickets lesen. Finde Gäste über die Suche und checke sie dort ein.`,
  decoderSearch: 'Gäste suchen',
  decoderRetry: 'QR-Erkennung neu laden',
};

export type Messages = typeof de;

const en: Messages = {
  switchTo: 'Deutsch',
  title: 'Door',
  loading: 'Loading klick …',
  pairing: 'Pairing this phone …',
  pairFailed: 'Pairing failed',
  pairErrors: {
    pairing_used: 'This pairing link has been used already. Please ask the organizer for a new one.',
    pairing_expired: 'This pairing link has expired (10 minutes). Please ask the organizer for a new one.',
    not_found: 'This pairing link does not exist. Please check that it is complete.',
    network: 'No connection. The phone needs the network once to pair.',
  },
  continueOld: 'Continue with the current pairing',
  notPaired: 'Not paired',
  notPairedText:
    'Open the pairing link the organizer creates on the organizer page under “Pair a phone” on this phone.',
  revoked: 'This phone has been unpaired',
  revokedText: (scans, greetings) => {
    const what = [
      scans ? (scans === 1 ? 'one scan' : `${scans} scans`) : '',
      greetings ? (greetings === 1 ? 'one greeting' : `${greetings} greetings`) : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return `The organizer has revoked this phone.${
      what
        ? ` ${what[0]!.toUpperCase()}${what.slice(1)} ${scans + greetings === 1 ? 'is' : 'are'} still waiting, to be sent once this phone is paired again for this dinner.`
        : ''
    }`;
  },
  tabScan: 'Scan',
  tabGuests: 'Guests',
  counts: (n, total) => `Checked in ${n} / paid ${total}`,
  online: 'online',
  offline: 'offline',
  pending: (n) => `${n} waiting`,
  synced: 'in sync',
  camera: 'Starting the camera …',
  cameraFailed: 'No camera: is access allowed? Guests can also be found in the “Guests” tab.',
  cameraRetry: 'Try the camera again',
  logTitle: 'Recent scans',
  logEmpty: 'No scans yet. Hold a ticket QR code in front of the camera.',
  search: 'Search (name, company or e-mail)',
  expected: (n) => `Still expected (${n})`,
  hits: (n) => `Matches (${n})`,
  checkIn: 'Check in',
  undo: 'Undo',
  voided: 'Void',
  verdict: {
    ok: 'Checked in',
    already_checked_in: 'Already checked in',
    void: 'Ticket void or refunded',
    unknown: 'Unknown code',
    wrong_event: 'Ticket for another dinner',
    not_checked_in: 'Was not checked in',
    transferred: 'Ticket transferred: no longer valid',
    cancelled: 'Ticket cancelled',
  },
  badge: { transferred: 'Transferred', cancelled: 'Cancelled' },
  undone: 'Check-in undone',
  askMeAbout: 'Ask me about:',
  atBy: (time, by) => `at ${time} by ${by}`,
  checking: 'Will be checked at the next sync.',
  checkingNow: 'Checking …',
  failed: 'Refused by the server, not saved: please do it again',
  offlineReady: 'ready offline',
  soundOn: 'Turn sound on',
  afterSync: 'after sync',
  notTicket: 'This is not a klick ticket.',
  tapToClose: 'Tap to close',
  decoderFailed: (why) =>
    `${why === 'load' ? 'The QR reader could not be loaded' : 'The QR reader has crashed (out of memory?)'}: the camera cannot read tickets right now. Find guests with the search and check them in there.`,
  decoderSearch: 'Search guests',
  decoderRetry: 'Load the QR reader again',
};

export const messages: Record<Lang, Messages> = { de, en };

export const defaultLang = (): Lang => (navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en');
