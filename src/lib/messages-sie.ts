import type { Messages } from './messages';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends (...a: never[]) => unknown ? T[K] : DeepPartial<T[K]> };

/**
 * The German guest texts in the formal "Sie": every message of the German catalogue that addresses the guest
 * as "du" has its counterpart here (test/lib/address-form.test.ts proves both directions); texts without a form
 * of address are shared. Which one a guest reads is the dinner's setting (events.address_form, default "sie").
 */
export const sie: DeepPartial<Messages> = {
  askMeAbout: 'Sprechen Sie mich an auf (optional)',
  consentNote: 'Beides ist freiwillig und jederzeit auf Ihrer Ticketseite änderbar.',
  fixErrors: 'Bitte prüfen Sie die markierten Felder.',
  invalidEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  termsRequired: 'Bitte akzeptieren Sie die Bedingungen.',
  invalidUrl: 'Bitte geben Sie einen vollständigen Link ein (https://…).',
  donePaid: 'Ihr Platz ist gebucht. Ihr Ticket:',
  doneEmail: 'Den Link zum Ticket haben wir Ihnen auch per E-Mail geschickt.',
  donePending:
    'Ihre Zahlung wird verarbeitet. Diese Seite zeigt das Ticket, sobald sie eingegangen ist; es kommt auch per E-Mail.',
  doneSepa:
    'Eine SEPA-Lastschrift dauert einige Tage. Ihr Platz bleibt so lange reserviert; das Ticket kommt per E-Mail, sobald die Zahlung eingegangen ist.',
  doneLate: 'Ihre Zahlung kam erst nach Ablauf Ihrer Reservierung, und inzwischen ist das Dinner ausverkauft.',
  doneRefundDone: 'Wir haben den vollen Betrag erstattet; er ist in wenigen Tagen wieder auf Ihrem Konto.',
  doneRefundSoon: 'Ihre Zahlung geht vollständig an Sie zurück, sobald sie eingegangen ist.',
  doneRefundDue:
    'Die automatische Erstattung ist noch nicht durchgegangen; wir versuchen es weiter, oder der Veranstalter erstattet Ihnen den Betrag.',
  ticketTitle: 'Ihr Ticket',
  ticketShow: 'Zeigen Sie diesen Code am Eingang.',
  ticketOffline: 'Einmal geöffnet, zeigt diese Seite Ihr Ticket auch ohne Netz.',
  privacy: {
    title: 'Ihre Daten und wer sie sieht',
    intro: 'Sie entscheiden, und können es jederzeit ändern, vor und nach dem Dinner.',
    shares: {
      klick:
        'Nach dem Dinner sehen eingecheckte Gäste, die selbst auffindbar sind, Ihren Namen und Ihre Firma, um sich gegenseitig zu markieren (klick):',
    },
    klickMutual:
      'Alle übrigen Angaben gehen nur an Gäste, deren klick Sie erwidern (beide markiert, beide noch auffindbar). Von einer nicht erwiderten Markierung erfährt niemand.',
    without: {
      host: 'In jedem Fall zeigt das Telefon des Gastgebers am Eingang und bei der Begrüßungsrunde Ihren Namen, Ihre Firma und „Sprechen Sie mich an auf“, der Export nennt Ihren Namen und wann Sie eingecheckt und begrüßt wurden, und die Bestellung behält Name, E-Mail und Firma des Käufers für die Buchhaltung. E-Mail, Telefon und LinkedIn kommen nur mit dieser Einwilligung in den Export.',
      guests:
        'Ohne das sehen Sie Gäste nur, wenn Sie für einen klick auffindbar sind (Name und Firma), sonst gar nicht.',
      klick:
        'Ohne das und ohne Teilen mit den Gästen sieht Sie niemand, und Sie können nicht markieren. Ihre Markierungen bleiben verborgen und zählen wieder, sobald Sie auffindbar sind.',
    },
    field: { askMeAbout: 'Sprechen Sie mich an auf' },
    saved: 'Ihre Auswahl ist gespeichert.',
    dataTitle: 'Ihre Daten',
    deleteTitle: 'Ihre personenbezogenen Daten löschen?',
    deleteText:
      'Name, E-Mail, Firma, Position, Telefon, LinkedIn und „Sprechen Sie mich an auf“ werden aus Bestellung und Ticket entfernt; Ihre klick-Markierungen, Notizen über Sie und Mails an Sie werden gelöscht; niemand kann Ihre Angaben mehr sehen oder exportieren. Die bezahlte Bestellung bleibt für die Buchhaltung (Betrag, Zahlungsreferenz, Rechnung) ohne Namen und Kontaktdaten erhalten. Ihr Ticket bleibt für den Einlass gültig. Das lässt sich nicht rückgängig machen.',
    erased: (date) =>
      `Ihre personenbezogenen Daten wurden am ${date} gelöscht. Die bezahlte Bestellung bleibt für die Buchhaltung erhalten, ohne Namen und Kontaktdaten.`,
    exchangeIntro: 'Eingecheckte Gäste, die ihre Angaben mit den Gästen teilen, und Ihre gegenseitigen klicks.',
    exchangeEmpty: 'Noch teilt niemand seine Angaben mit Ihnen.',
    alsoThereIntro:
      'Nur Name und Firma. Markieren Sie die, mit denen Sie gesprochen haben: Markieren diese Sie auch, sehen Sie beide die Angaben des anderen. Von einer Markierung, die nicht erwidert wird, erfährt niemand.',
    marked: 'Sie haben diesen Gast markiert.',
    exchangeJoin: 'Andere Gäste sehen Sie nicht, daher können Sie nicht markieren. Zum Mitmachen:',
    mailHello: (name) => `Guten Tag ${name},`,
    mailBody: (title) =>
      `danke, dass Sie bei ${title} waren. Auf Ihrer Ticketseite finden Sie die Gäste, die dabei waren und ihre Angaben mit Ihnen teilen, und können, wenn Sie selbst auffindbar sind, markieren, mit wem Sie in Kontakt bleiben wollen:`,
    mailFooter: 'Dort entscheiden Sie auch, was Sie teilen, und können Ihre Daten herunterladen oder löschen.',
  },
  seats: {
    transferable: (date) => `Sie können Ihr Ticket bis ${date} an jemand anderen weitergeben.`,
    waitlistIntro:
      'Ausverkauft, aber Plätze werden wieder frei. Stellen Sie sich an: Wird ein Platz frei und Sie sind an der Reihe, halten wir ihn für Sie und schicken Ihnen einen Link zum Buchen.',
    lineMailed:
      'Danke. Wir haben eine E-Mail an die angegebene Adresse geschickt, mit dem Link zu Ihrem Platz in der Warteschlange und zum Verlassen. Stand die Adresse schon auf der Liste, steht das in der E-Mail, mit ihrem Link. Keine E-Mail nach ein paar Minuten? Schauen Sie bitte im Spam-Ordner nach.',
    lineTitle: 'Ihr Platz in der Warteschlange',
    place: (n) => `Sie sind Nummer ${n} in der Warteschlange.`,
    placeHint: (hours) =>
      `Wird ein Platz frei und Sie sind an der Reihe, halten wir ihn bis zu ${hours} Stunden für Sie und schicken Ihnen einen Link zum Buchen. Niemand sonst sieht, wer auf der Liste steht.`,
    left: 'Sie haben die Warteschlange verlassen, und Ihre Angaben sind gelöscht.',
    removed: 'Sie stehen nicht mehr auf der Warteliste.',
    offerTitle: 'Ein Platz ist für Sie reserviert',
    offerUntil: (time) => `Für Sie reserviert bis ${time}. Prüfen Sie Ihre Angaben und gehen Sie weiter zur Zahlung.`,
    declined: 'Sie haben das Angebot abgelehnt; der Platz ist an die nächste Person gegangen.',
    converted: 'Sie haben den Platz gebucht. Ihr Ticket kam per E-Mail.',
    offerKept:
      'Die Zahlung wurde abgebrochen. Der Ihnen angebotene Platz bleibt reserviert, bis das Angebot abläuft: Öffnen Sie den Link in Ihrer Angebots-E-Mail, um ihn zu buchen.',
    yourSeat: 'Ihr Platz',
    notCancellableTransfer:
      'Dieses Ticket ist nicht stornierbar. Wenn Sie nicht kommen können, geben Sie es an jemand anderen weiter.',
    transferred: (date) =>
      `Sie haben diesen Platz am ${date} an jemand anderen weitergegeben. Dieses Ticket gilt nicht mehr; der neue Gast hat ein eigenes.`,
    cancelText: (refund, kept) =>
      `Ihr Platz wird sofort frei und geht an die nächste Person auf der Warteliste. Sie bekommen ${refund} auf dem Zahlungsweg zurück${kept ? `; ${kept} werden als Gebühr einbehalten` : ''}. Das lässt sich nicht rückgängig machen.`,
    cancelledTicket: (date, refund) => `Sie haben dieses Ticket am ${date} storniert. Erstattung: ${refund}.`,
  },
  errors: {
    csrf_failed: 'Bitte senden Sie das Formular noch einmal von dieser Seite aus.',
    payment_provider_error: 'Der Zahlungsdienst antwortet nicht; bitte versuchen Sie es gleich noch einmal.',
  },
  names: {
    hint: 'In jeder Schrift. Namensschild und Gastgeber begrüßen Sie mit Ihrem Vornamen.',
  },
  badge: {
    legend: 'Ihr Namensschild beim Dinner zeigt',
    hint: 'Ein Namensschild kann jeder im Raum lesen: Es zeigt nur, was Sie hier wählen. Sein QR-Code lässt nur den Gastgeber Sie begrüßen; er ist nicht Ihr Ticket.',
    saved: 'Ihre Auswahl fürs Namensschild ist gespeichert.',
  },
};
