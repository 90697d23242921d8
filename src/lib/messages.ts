import type { ErrorCode } from './errors';
import type { Lang } from './i18n';
import { sie } from './messages-sie';

const en = {
  switchTo: 'Deutsch',
  accessibilityLink: 'Accessibility',
  footerTerms: 'Terms and privacy',
  when: 'When',
  where: 'Where',
  price: 'Price',
  seatsLeft: (n: number) => (n === 1 ? '1 seat left' : `${n} seats left`),
  host: 'Host',
  buyTitle: 'Book your seat',
  name: 'Name',
  email: 'Email',
  company: 'Company',
  role: 'Role',
  phone: 'Phone (optional)',
  linkedin: 'LinkedIn profile (optional)',
  askMeAbout: 'Ask me about (optional)',
  askMeAboutHint: 'One line the host and other guests can start a conversation with.',
  consentHost: 'Share my contact details with the host after the dinner.',
  consentGuests: 'Share my contact details with the other guests who were there.',
  consentNote: 'Both are optional; you can change them on your ticket page at any time.',
  terms: 'I accept the terms and the privacy notice. The seat is prepaid and personal.',
  payButton: (price: string) => `Continue to payment · ${price}`,
  soldOut: 'Sold out. Every seat is taken.',
  salesClosed: 'Sales for this dinner are closed.',
  cancelled: 'This dinner has been cancelled.',
  notOnSale: 'Tickets are not on sale yet.',
  paymentsMissing: 'Payments are not configured, so no seats can be sold right now.',
  demoNotice: 'Demo mode: payments are simulated, no money moves.',
  fixErrors: 'Please check the marked fields.',
  required: 'Required.',
  invalidEmail: 'Please enter a valid email address.',
  invalidPhone: 'Only digits, spaces and + ( ) / - please.',
  invalidValue: 'This value is not valid.',
  termsRequired: 'Please accept the terms.',
  termsLink: 'Read the terms and the privacy notice',
  paymentCancelled: 'The payment was cancelled; nothing was booked.',
  tooLong: 'Too long.',
  invalidUrl: 'Please enter a full link (https://…).',
  invalidChars: 'Contains a control character or a hidden text-direction mark. Please type it again.',
  doneTitle: 'Thank you!',
  donePaid: 'Your seat is booked. Your ticket:',
  doneOpenTicket: 'Open your ticket',
  doneEmail: 'We have also sent the ticket link to your email address.',
  donePending: 'Your payment is being processed. This page updates when it arrives; your ticket comes by email too.',
  doneSepa:
    'SEPA direct debit takes a few days. Your seat is reserved meanwhile and your ticket comes by email when the payment clears.',
  doneLate: 'Your payment came after your reservation had expired, and in the meantime the dinner sold out.',
  doneRefundDone: 'We have refunded the full amount; it will reach your account in a few days.',
  doneRefundSoon: 'Your payment goes back to you in full as soon as it has come in.',
  doneRefundDue: 'The automatic refund has not gone through yet; we keep trying, or the organizer refunds you.',
  doneRefunded: 'This order was refunded.',
  doneExpired: 'The reservation expired before the payment was completed. No money was taken.',
  doneFailed: 'The payment failed. No seat is booked.',
  doneCancelled: 'The payment was cancelled. No seat is booked.',
  backToEvent: 'Back to the dinner',
  reload: 'Refresh',
  ticketTitle: 'Your ticket',
  ticketShow: 'Show this code at the door.',
  ticketCode: 'Ticket code',
  ticketVoid: 'This ticket is no longer valid (refunded or cancelled).',
  addToCalendar: 'Add to calendar (.ics)',
  addToAppleWallet: 'Add to Apple Wallet',
  saveToGoogleWallet: 'Save to Google Wallet',
  ticketOffline: 'Once opened, this page shows your ticket without a network too.',
  demoTicket: 'DEMO TICKET — not paid with real money',
  guest: 'Guest',
  notFound: 'Not found.',
  errorTitle: 'Something went wrong',
  privacy: {
    title: 'Your details and who sees them',
    intro: 'You decide, and can change it at any time, before and after the dinner.',
    scope: {
      host: 'Share with the host',
      guests: 'Share with the other guests',
      klick: 'Be findable for a klick',
    },
    shares: {
      host: 'The host’s contact export (downloadable from the start of the dinner) then also has:',
      guests:
        'After the dinner, checked-in guests see these details on their ticket page and can save them as a contact:',
      klick:
        'After the dinner, checked-in guests who are findable themselves see your name and company, to mark each other (klick):',
    },
    klickMutual:
      'All your other details go only to a guest you klick back (both marked, both still findable). Nobody is told about an unreturned mark.',
    without: {
      host: 'In any case the host’s phone shows your name, company and “ask me about” at the door and in the greeting round, the export lists your name and when you were checked in and greeted, and the order keeps the buyer’s name, email and company for bookkeeping. Email, phone and LinkedIn reach the export only with this consent.',
      guests: 'Without it, guests see you only if you are findable for a klick (name and company), else not at all.',
      klick:
        'With neither this nor sharing with the guests, nobody sees you and you cannot klick. Your marks stay hidden and count again once you are findable.',
    },
    field: {
      name: 'Name',
      company: 'Company',
      role: 'Role',
      email: 'Email',
      phone: 'Phone',
      linkedin: 'LinkedIn',
      askMeAbout: 'Ask me about',
    },
    empty: '(empty)',
    on: (date: string, version: string) => `Shared since ${date} (privacy text ${version}).`,
    off: (date: string, version: string) => `Not shared since ${date} (privacy text ${version}).`,
    never: 'Not shared.',
    grant: 'Share',
    withdraw: 'Stop sharing',
    saved: 'Your choice is saved.',
    dataTitle: 'Your data',
    download: 'Download my data (JSON)',
    deleteLink: 'Delete my personal data…',
    deleteTitle: 'Delete your personal data?',
    deleteText:
      'Your name, email, company, role, phone, LinkedIn and “ask me about” are removed from your order and ticket; your klick marks, notes about you and mails to you are deleted; nobody can see or export your details any more. The paid order stays for bookkeeping (amount, payment reference, invoice) without your name and contact details. Your ticket stays valid for entry. This cannot be undone.',
    deleteConfirm: 'Yes, delete my personal data',
    deleteBack: 'No, back to my ticket',
    erased: (date: string) =>
      `Your personal data was deleted on ${date}. The paid order is kept for bookkeeping, without your name and contact details.`,
    exchangeTitle: 'Who was there',
    exchangeIntro: 'Checked-in guests who share their details with the guests, and your mutual klicks.',
    exchangeDownload: 'Download these contacts (.vcf)',
    exchangeEmpty: 'Nobody shares their details with you yet.',
    alsoThere: 'Findable for a klick',
    alsoThereIntro:
      'Name and company only. Mark the ones you talked to: if they mark you too, you both see each other’s details. Nobody is told about a mark that is not returned.',
    mark: 'klick',
    markLabel: (name: string) => `klick: stay in touch with ${name}`,
    unmark: 'Undo klick',
    unmarkLabel: (name: string) => `Undo klick for ${name}`,
    marked: 'You marked this guest.',
    mutual: 'Mutual klick',
    klickSaved: 'Saved.',
    exchangeLater: 'When the dinner is over, the checked-in guests see each other here.',
    exchangeJoin: 'Other guests do not see you, so you cannot klick. To take part:',
    exchangeNotCheckedIn: 'The guest list is only for guests who were checked in at the door.',
    mailSubject: (title: string) => `After the dinner: the guests of ${title}`,
    mailHello: (name: string) => `Hello ${name},`,
    mailBody: (title: string) =>
      `thank you for coming to ${title}. On your ticket page you find the guests who were there and share their details with you, and, if you are findable too, mark the people you want to stay in touch with:`,
    mailButton: 'Open my page',
    mailFooter: 'There you also decide what you share, and can download or delete your data.',
    sharedFields: (fields: string) => `What it shares: ${fields}`,
  },
  codeFormat: 'A code has 3 to 40 letters, digits, - or _.',
  codeInvalid: 'This code is not valid for this dinner.',
  codeExpired: 'This code has expired.',
  codeUsedUp: 'This code has been used up.',
  /** waitlist, passing a seat on, cancellation, codes */
  seats: {
    code: 'Access or promo code (optional)',
    presale: (date: string) => `Pre-sale: booking only with an access code for now. The public sale opens ${date}.`,
    policyTitle: 'Cancellation and passing the ticket on',
    notCancellable: 'Not cancellable: a paid seat is a commitment.',
    cancellable: (date: string, percent: number) =>
      percent === 100
        ? `Cancellable until ${date}, with a full refund.`
        : percent === 0
          ? `Cancellable until ${date}, without a refund.`
          : `Cancellable until ${date}, with a refund of ${percent} % of the price (the rest is kept as a fee).`,
    transferable: (date: string) => `You can pass your ticket on to someone else until ${date}.`,
    notTransferable: 'The ticket is personal and cannot be passed on.',
    waitlistTitle: 'Join the waitlist',
    waitlistIntro:
      'Sold out, but seats do free up. Join the line: when a seat is free and it is your turn, we hold it for you and mail you a link to book it.',
    waitlistButton: 'Join the waitlist',
    lineMailed:
      'Thank you. We have sent a mail to the address you gave, with the link to your place in the line and to leave it. If the address was in the line already, the mail says so and brings its link again. No mail within a few minutes? Please look in the spam folder.',
    lineTitle: 'Your place in the line',
    place: (n: number) => `You are number ${n} in the line.`,
    placeHint: (hours: number) =>
      `When a seat frees up and it is your turn, we hold it for you for up to ${hours} hours and mail you a link to book it. Nobody else sees who is on the list.`,
    leave: 'Leave the line',
    left: 'You have left the line, and your details have been deleted.',
    removed: 'You are no longer on the waitlist.',
    offerTitle: 'A seat is held for you',
    offerUntil: (time: string) => `Held for you until ${time}. Check your details and continue to payment.`,
    decline: 'No thanks: give the seat to the next person',
    declined: 'You declined the offer; the seat has gone to the next person in line.',
    lapsed: 'The offer lapsed, and the seat has gone to the next person in line.',
    converted: 'You have booked the seat. Your ticket has come by mail.',
    openBooking: 'Show my booking',
    rejoin: 'To the dinner',
    offerKept:
      'The payment was cancelled. The seat offered to you stays held until the offer lapses: open the link in your offer mail to book it.',
    yourSeat: 'Your seat',
    transferLink: 'Pass the seat on to someone else…',
    cancelLink: 'Cancel the ticket…',
    notCancellableTransfer: 'This ticket cannot be cancelled. If you cannot come, pass it on to someone else.',
    transferTitle: 'Pass your seat on',
    transferIntro:
      'The seat goes to the person below: they get a new ticket with its own QR code by mail, and this ticket stops working. What was paid, and by whom, and the invoice stay as they are. The new guest decides for themselves what they share; nothing is shared at first.',
    transferButton: 'Pass the seat on',
    transferDone: 'The seat is passed on. The new guest has their ticket by mail.',
    transferred: (date: string) =>
      `You passed this seat on to someone else on ${date}. This ticket is no longer valid; the new guest has their own.`,
    cancelTitle: 'Cancel your ticket?',
    cancelText: (refund: string, kept: string) =>
      `Your seat is given up at once and goes to the next person on the waitlist. You get ${refund} back on the way you paid${kept ? `; ${kept} is kept as a fee` : ''}. This cannot be undone.`,
    cancelConfirm: 'Yes, cancel my ticket',
    cancelBack: 'No, back to my ticket',
    cancelledTicket: (date: string, refund: string) => `You cancelled this ticket on ${date}. Refund: ${refund}.`,
    refundPending: 'on its way',
    doneCancelled: (refund: string) => `This ticket was cancelled. Refund: ${refund}.`,
    donePassedOn: 'This seat was passed on to another guest, who has their own ticket.',
    free: 'free',
  },
  /** given and family name (src/lib/names.ts) and the name badge's choice (src/badges) */
  names: {
    given: 'Given name',
    family: 'Family name',
    hint: 'In any script. The name badge and the host greet you by your given name.',
  },
  badge: {
    legend: 'Your name badge at the dinner shows',
    name: 'My name only',
    company: 'My name and company',
    ask: 'My name, company and my “ask me about” line',
    hint: 'Everyone in the room can read a name badge: it shows only what you choose here. Its QR code only lets the host greet you; it is not your ticket.',
    title: 'Name badge',
    save: 'Save badge choice',
    saved: 'Your badge choice is saved.',
  },
  /** the error page's text per code; codes without one show only the title */
  errors: {
    invalid_input: 'The request is not valid.',
    payload_too_large: 'Too much data was sent.',
    csrf_failed: 'Please send the form again from this site.',
    conflict: 'That is not possible (any more).',
    payment_provider_error: 'The payment service is not answering; please try again shortly.',
    not_transferable: 'This ticket cannot be passed on (any more).',
    not_cancellable: 'This ticket cannot be cancelled (any more).',
    offer_unavailable: 'This offer is no longer open.',
    code_invalid: 'This code is not valid for this dinner.',
    code_expired: 'This code has expired.',
    code_used_up: 'This code has been used up.',
    sales_not_open: 'The sale has not opened yet.',
    sales_closed: 'Sales for this dinner are closed.',
    event_cancelled: 'This dinner has been cancelled.',
  } as Partial<Record<ErrorCode, string>>,
};

export type Messages = typeof en;

const de: Messages = {
  switchTo: 'English',
  accessibilityLink: 'Barrierefreiheit',
  footerTerms: 'Bedingungen und Datenschutz',
  when: 'Wann',
  where: 'Wo',
  price: 'Preis',
  seatsLeft: (n) => (n === 1 ? 'Noch 1 Platz frei' : `Noch ${n} Plätze frei`),
  host: 'Gastgeber',
  buyTitle: 'Platz buchen',
  name: 'Name',
  email: 'E-Mail',
  company: 'Firma',
  role: 'Position',
  phone: 'Telefon (optional)',
  linkedin: 'LinkedIn-Profil (optional)',
  askMeAbout: 'Sprich mich an auf (optional)',
  askMeAboutHint: 'Eine Zeile, mit der Gastgeber und Gäste ein Gespräch beginnen können.',
  consentHost: 'Meine Kontaktdaten nach dem Dinner mit dem Gastgeber teilen.',
  consentGuests: 'Meine Kontaktdaten mit den anderen anwesenden Gästen teilen.',
  consentNote: 'Beides ist freiwillig und jederzeit auf deiner Ticketseite änderbar.',
  terms: 'Ich akzeptiere die Bedingungen und den Datenschutzhinweis. Der Platz ist vorab bezahlt und persönlich.',
  payButton: (price) => `Weiter zur Zahlung · ${price}`,
  soldOut: 'Ausverkauft. Alle Plätze sind vergeben.',
  salesClosed: 'Der Verkauf für dieses Dinner ist beendet.',
  cancelled: 'Dieses Dinner wurde abgesagt.',
  notOnSale: 'Der Verkauf hat noch nicht begonnen.',
  paymentsMissing: 'Zahlungen sind nicht eingerichtet, daher können gerade keine Plätze verkauft werden.',
  demoNotice: 'Demo-Modus: Zahlungen werden nur simuliert, es fließt kein Geld.',
  fixErrors: 'Bitte prüfe die markierten Felder.',
  required: 'Pflichtfeld.',
  invalidEmail: 'Bitte gib eine gültige E-Mail-Adresse ein.',
  invalidPhone: 'Bitte nur Ziffern, Leerzeichen und + ( ) / -.',
  invalidValue: 'Dieser Wert ist ungültig.',
  termsRequired: 'Bitte akzeptiere die Bedingungen.',
  termsLink: 'Bedingungen und Datenschutzhinweis lesen',
  paymentCancelled: 'Die Zahlung wurde abgebrochen; es wurde nichts gebucht.',
  tooLong: 'Zu lang.',
  invalidUrl: 'Bitte gib einen vollständigen Link ein (https://…).',
  invalidChars: 'Enthält ein Steuerzeichen oder ein verstecktes Schreibrichtungszeichen. Bitte tippe es neu ein.',
  doneTitle: 'Danke!',
  donePaid: 'Dein Platz ist gebucht. Dein Ticket:',
  doneOpenTicket: 'Ticket öffnen',
  doneEmail: 'Den Link zum Ticket haben wir dir auch per E-Mail geschickt.',
  donePending:
    'Deine Zahlung wird verarbeitet. Diese Seite zeigt das Ticket, sobald sie eingegangen ist; es kommt auch per E-Mail.',
  doneSepa:
    'Eine SEPA-Lastschrift dauert einige Tage. Dein Platz bleibt so lange reserviert; das Ticket kommt per E-Mail, sobald die Zahlung eingegangen ist.',
  doneLate: 'Deine Zahlung kam erst nach Ablauf deiner Reservierung, und inzwischen ist das Dinner ausverkauft.',
  doneRefundDone: 'Wir haben den vollen Betrag erstattet; er ist in wenigen Tagen wieder auf deinem Konto.',
  doneRefundSoon: 'Deine Zahlung geht vollständig an dich zurück, sobald sie eingegangen ist.',
  doneRefundDue:
    'Die automatische Erstattung ist noch nicht durchgegangen; wir versuchen es weiter, oder der Veranstalter erstattet dir den Betrag.',
  doneRefunded: 'Diese Bestellung wurde erstattet.',
  doneExpired: 'Die Reservierung ist abgelaufen, bevor die Zahlung abgeschlossen war. Es wurde kein Geld abgebucht.',
  doneFailed: 'Die Zahlung ist fehlgeschlagen. Es ist kein Platz gebucht.',
  doneCancelled: 'Die Zahlung wurde abgebrochen. Es ist kein Platz gebucht.',
  backToEvent: 'Zurück zum Dinner',
  reload: 'Aktualisieren',
  ticketTitle: 'Dein Ticket',
  ticketShow: 'Zeige diesen Code am Eingang.',
  ticketCode: 'Ticket-Code',
  ticketVoid: 'Dieses Ticket ist nicht mehr gültig (erstattet oder storniert).',
  addToCalendar: 'Zum Kalender hinzufügen (.ics)',
  addToAppleWallet: 'Zu Apple Wallet hinzufügen',
  saveToGoogleWallet: 'In Google Wallet speichern',
  ticketOffline: 'Einmal geöffnet, zeigt diese Seite dein Ticket auch ohne Netz.',
  demoTicket: 'DEMO-TICKET — nicht mit echtem Geld bezahlt',
  guest: 'Gast',
  notFound: 'Nicht gefunden.',
  errorTitle: 'Etwas ist schiefgegangen',
  privacy: {
    title: 'Deine Daten und wer sie sieht',
    intro: 'Du entscheidest, und kannst es jederzeit ändern, vor und nach dem Dinner.',
    scope: {
      host: 'Mit dem Gastgeber teilen',
      guests: 'Mit den anderen Gästen teilen',
      klick: 'Für einen klick auffindbar sein',
    },
    shares: {
      host: 'Der Kontakt-Export des Gastgebers (ab Beginn des Dinners herunterladbar) enthält dann auch:',
      guests:
        'Nach dem Dinner sehen eingecheckte Gäste diese Angaben auf ihrer Ticketseite und können sie als Kontakt speichern:',
      klick:
        'Nach dem Dinner sehen eingecheckte Gäste, die selbst auffindbar sind, deinen Namen und deine Firma, um euch zu markieren (klick):',
    },
    klickMutual:
      'Alle übrigen Angaben gehen nur an Gäste, deren klick du erwiderst (beide markiert, beide noch auffindbar). Von einer nicht erwiderten Markierung erfährt niemand.',
    without: {
      host: 'In jedem Fall zeigt das Telefon des Gastgebers am Eingang und bei der Begrüßungsrunde deinen Namen, deine Firma und „Sprich mich an auf“, der Export nennt deinen Namen und wann du eingecheckt und begrüßt wurdest, und die Bestellung behält Name, E-Mail und Firma des Käufers für die Buchhaltung. E-Mail, Telefon und LinkedIn kommen nur mit dieser Einwilligung in den Export.',
      guests:
        'Ohne das sehen dich Gäste nur, wenn du für einen klick auffindbar bist (Name und Firma), sonst gar nicht.',
      klick:
        'Ohne das und ohne Teilen mit den Gästen sieht dich niemand, und du kannst nicht markieren. Deine Markierungen bleiben verborgen und zählen wieder, sobald du auffindbar bist.',
    },
    field: {
      name: 'Name',
      company: 'Firma',
      role: 'Position',
      email: 'E-Mail',
      phone: 'Telefon',
      linkedin: 'LinkedIn',
      askMeAbout: 'Sprich mich an auf',
    },
    empty: '(leer)',
    on: (date, version) => `Geteilt seit ${date} (Datenschutzhinweis ${version}).`,
    off: (date, version) => `Nicht geteilt seit ${date} (Datenschutzhinweis ${version}).`,
    never: 'Nicht geteilt.',
    grant: 'Teilen',
    withdraw: 'Nicht mehr teilen',
    saved: 'Deine Auswahl ist gespeichert.',
    dataTitle: 'Deine Daten',
    download: 'Meine Daten herunterladen (JSON)',
    deleteLink: 'Meine personenbezogenen Daten löschen…',
    deleteTitle: 'Deine personenbezogenen Daten löschen?',
    deleteText:
      'Name, E-Mail, Firma, Position, Telefon, LinkedIn und „Sprich mich an auf“ werden aus Bestellung und Ticket entfernt; deine klick-Markierungen, Notizen über dich und Mails an dich werden gelöscht; niemand kann deine Angaben mehr sehen oder exportieren. Die bezahlte Bestellung bleibt für die Buchhaltung (Betrag, Zahlungsreferenz, Rechnung) ohne Namen und Kontaktdaten erhalten. Dein Ticket bleibt für den Einlass gültig. Das lässt sich nicht rückgängig machen.',
    deleteConfirm: 'Ja, meine personenbezogenen Daten löschen',
    deleteBack: 'Nein, zurück zum Ticket',
    erased: (date) =>
      `Deine personenbezogenen Daten wurden am ${date} gelöscht. Die bezahlte Bestellung bleibt für die Buchhaltung erhalten, ohne Namen und Kontaktdaten.`,
    exchangeTitle: 'Wer dabei war',
    exchangeIntro: 'Eingecheckte Gäste, die ihre Angaben mit den Gästen teilen, und deine gegenseitigen klicks.',
    exchangeDownload: 'Diese Kontakte herunterladen (.vcf)',
    exchangeEmpty: 'Noch teilt niemand seine Angaben mit dir.',
    alsoThere: 'Auffindbar für einen klick',
    alsoThereIntro:
      'Nur Name und Firma. Markiere die, mit denen du gesprochen hast: Markieren sie dich auch, seht ihr beide die Angaben des anderen. Von einer Markierung, die nicht erwidert wird, erfährt niemand.',
    mark: 'klick',
    markLabel: (name) => `klick: mit ${name} in Kontakt bleiben`,
    unmark: 'klick zurücknehmen',
    unmarkLabel: (name) => `klick für ${name} zurücknehmen`,
    marked: 'Du hast diesen Gast markiert.',
    mutual: 'Gegenseitiger klick',
    klickSaved: 'Gespeichert.',
    exchangeLater: 'Nach dem Dinner sehen sich hier die eingecheckten Gäste.',
    exchangeJoin: 'Andere Gäste sehen dich nicht, daher kannst du nicht markieren. Zum Mitmachen:',
    exchangeNotCheckedIn: 'Die Gästeliste ist nur für Gäste, die am Eingang eingecheckt wurden.',
    mailSubject: (title) => `Nach dem Dinner: die Gäste von ${title}`,
    mailHello: (name) => `Hallo ${name},`,
    mailBody: (title) =>
      `danke, dass du bei ${title} warst. Auf deiner Ticketseite findest du die Gäste, die dabei waren und ihre Angaben mit dir teilen, und kannst, wenn du selbst auffindbar bist, markieren, mit wem du in Kontakt bleiben willst:`,
    mailButton: 'Meine Seite öffnen',
    mailFooter: 'Dort entscheidest du auch, was du teilst, und kannst deine Daten herunterladen oder löschen.',
    sharedFields: (fields) => `Was geteilt wird: ${fields}`,
  },
  codeFormat: 'Ein Code hat 3 bis 40 Buchstaben, Ziffern, - oder _.',
  codeInvalid: 'Dieser Code gilt nicht für dieses Dinner.',
  codeExpired: 'Dieser Code ist abgelaufen.',
  codeUsedUp: 'Dieser Code ist aufgebraucht.',
  seats: {
    code: 'Zugangs- oder Rabattcode (optional)',
    presale: (date) => `Vorverkauf: Buchung vorerst nur mit Zugangscode. Der öffentliche Verkauf beginnt ${date}.`,
    policyTitle: 'Stornierung und Weitergabe',
    notCancellable: 'Nicht stornierbar: ein bezahlter Platz ist verbindlich.',
    cancellable: (date, percent) =>
      percent === 100
        ? `Stornierbar bis ${date}, mit voller Erstattung.`
        : percent === 0
          ? `Stornierbar bis ${date}, ohne Erstattung.`
          : `Stornierbar bis ${date}, mit Erstattung von ${percent} % des Preises (der Rest wird als Gebühr einbehalten).`,
    transferable: (date) => `Du kannst dein Ticket bis ${date} an jemand anderen weitergeben.`,
    notTransferable: 'Das Ticket ist persönlich und kann nicht weitergegeben werden.',
    waitlistTitle: 'Auf die Warteliste',
    waitlistIntro:
      'Ausverkauft, aber Plätze werden wieder frei. Stell dich an: Wird ein Platz frei und du bist an der Reihe, halten wir ihn für dich und schicken dir einen Link zum Buchen.',
    waitlistButton: 'Auf die Warteliste setzen',
    lineMailed:
      'Danke. Wir haben eine E-Mail an die angegebene Adresse geschickt, mit dem Link zu deinem Platz in der Warteschlange und zum Verlassen. Stand die Adresse schon auf der Liste, steht das in der E-Mail, mit ihrem Link. Keine E-Mail nach ein paar Minuten? Schau bitte im Spam-Ordner nach.',
    lineTitle: 'Dein Platz in der Warteschlange',
    place: (n) => `Du bist Nummer ${n} in der Warteschlange.`,
    placeHint: (hours) =>
      `Wird ein Platz frei und du bist an der Reihe, halten wir ihn bis zu ${hours} Stunden für dich und schicken dir einen Link zum Buchen. Niemand sonst sieht, wer auf der Liste steht.`,
    leave: 'Warteschlange verlassen',
    left: 'Du hast die Warteschlange verlassen, und deine Angaben sind gelöscht.',
    removed: 'Du stehst nicht mehr auf der Warteliste.',
    offerTitle: 'Ein Platz ist für dich reserviert',
    offerUntil: (time) => `Für dich reserviert bis ${time}. Prüfe deine Angaben und geh weiter zur Zahlung.`,
    decline: 'Nein danke: Platz an die nächste Person geben',
    declined: 'Du hast das Angebot abgelehnt; der Platz ist an die nächste Person gegangen.',
    lapsed: 'Das Angebot ist abgelaufen, und der Platz ist an die nächste Person gegangen.',
    converted: 'Du hast den Platz gebucht. Dein Ticket kam per E-Mail.',
    openBooking: 'Meine Buchung anzeigen',
    rejoin: 'Zum Dinner',
    offerKept:
      'Die Zahlung wurde abgebrochen. Der dir angebotene Platz bleibt reserviert, bis das Angebot abläuft: öffne den Link in deiner Angebots-E-Mail, um ihn zu buchen.',
    yourSeat: 'Dein Platz',
    transferLink: 'Platz an jemand anderen weitergeben…',
    cancelLink: 'Ticket stornieren…',
    notCancellableTransfer:
      'Dieses Ticket ist nicht stornierbar. Wenn du nicht kommen kannst, gib es an jemand anderen weiter.',
    transferTitle: 'Platz weitergeben',
    transferIntro:
      'Der Platz geht an die Person unten: sie bekommt per E-Mail ein neues Ticket mit eigenem QR-Code, und dieses Ticket gilt nicht mehr. Was bezahlt wurde, von wem, und die Rechnung bleiben, wie sie sind. Der neue Gast entscheidet selbst, was er teilt; anfangs ist nichts geteilt.',
    transferButton: 'Platz weitergeben',
    transferDone: 'Der Platz ist weitergegeben. Der neue Gast hat sein Ticket per E-Mail.',
    transferred: (date) =>
      `Du hast diesen Platz am ${date} an jemand anderen weitergegeben. Dieses Ticket gilt nicht mehr; der neue Gast hat ein eigenes.`,
    cancelTitle: 'Ticket stornieren?',
    cancelText: (refund, kept) =>
      `Dein Platz wird sofort frei und geht an die nächste Person auf der Warteliste. Du bekommst ${refund} auf dem Zahlungsweg zurück${kept ? `; ${kept} werden als Gebühr einbehalten` : ''}. Das lässt sich nicht rückgängig machen.`,
    cancelConfirm: 'Ja, mein Ticket stornieren',
    cancelBack: 'Nein, zurück zum Ticket',
    cancelledTicket: (date, refund) => `Du hast dieses Ticket am ${date} storniert. Erstattung: ${refund}.`,
    refundPending: 'unterwegs',
    doneCancelled: (refund) => `Dieses Ticket wurde storniert. Erstattung: ${refund}.`,
    donePassedOn: 'Dieser Platz wurde an einen anderen Gast weitergegeben, der ein eigenes Ticket hat.',
    free: 'kostenlos',
  },
  names: {
    given: 'Vorname',
    family: 'Nachname',
    hint: 'In jeder Schrift. Namensschild und Gastgeber begrüßen dich mit deinem Vornamen.',
  },
  badge: {
    legend: 'Dein Namensschild beim Dinner zeigt',
    name: 'Nur meinen Namen',
    company: 'Meinen Namen und meine Firma',
    ask: 'Meinen Namen, meine Firma und meine Zeile „Sprich mich an auf“',
    hint: 'Ein Namensschild kann jeder im Raum lesen: Es zeigt nur, was du hier wählst. Sein QR-Code lässt nur den Gastgeber dich begrüßen; er ist nicht dein Ticket.',
    title: 'Namensschild',
    save: 'Auswahl fürs Namensschild speichern',
    saved: 'Deine Auswahl fürs Namensschild ist gespeichert.',
  },
  errors: {
    invalid_input: 'Die Anfrage ist ungültig.',
    payload_too_large: 'Es wurden zu viele Daten gesendet.',
    csrf_failed: 'Bitte sende das Formular noch einmal von dieser Seite aus.',
    conflict: 'Das ist nicht (mehr) möglich.',
    payment_provider_error: 'Der Zahlungsdienst antwortet nicht; bitte versuche es gleich noch einmal.',
    not_transferable: 'Dieses Ticket kann nicht (mehr) weitergegeben werden.',
    not_cancellable: 'Dieses Ticket kann nicht (mehr) storniert werden.',
    offer_unavailable: 'Dieses Angebot gilt nicht mehr.',
    code_invalid: 'Dieser Code gilt nicht für dieses Dinner.',
    code_expired: 'Dieser Code ist abgelaufen.',
    code_used_up: 'Dieser Code ist aufgebraucht.',
    sales_not_open: 'Der Verkauf hat noch nicht begonnen.',
    sales_closed: 'Der Verkauf für dieses Dinner ist beendet.',
    event_cancelled: 'Dieses Dinner wurde abgesagt.',
  },
};

export const messages: Record<Lang, Messages> = { en, de };

/** How German guest pages and mails address the guest; the dinner's setting (events.address_form). */
export type AddressForm = 'sie' | 'du';
export const addressForm = (value: string | null | undefined): AddressForm => (value === 'du' ? 'du' : 'sie');

/** `de` above is the "du" catalogue; the "Sie" one is it with every message that addresses the guest replaced. */
function overlay<T>(base: T, over: unknown): T {
  if (!over || typeof over !== 'object' || typeof base !== 'object' || base === null) return (over ?? base) as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = overlay((base as Record<string, unknown>)[k], v);
  return out as T;
}
export const catalogues = { en, 'de-du': de, 'de-sie': overlay(de, sie) } as const;

/** A guest's texts: English, or German in the dinner's form of address ("Sie" unless the dinner says "du"). */
export const t = (lang: Lang, form: AddressForm = 'sie'): Messages =>
  lang === 'en' ? en : form === 'du' ? catalogues['de-du'] : catalogues['de-sie'];

/** The texts for a guest of this dinner. */
export const tFor = (lang: Lang, event: { addressForm: string }): Messages => t(lang, addressForm(event.addressForm));

/**
 * Inline guest texts (the mails): say(english, german "du", german "Sie"), by the guest's language and the
 * dinner's form of address. A German text that addresses nobody passes one text for both.
 */
export function voice(lang: Lang, event: { addressForm: string }) {
  const form = addressForm(event.addressForm);
  return (en: string, du: string, sie: string = du) => (lang === 'en' ? en : form === 'du' ? du : sie);
}
