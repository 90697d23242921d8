import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WalletConfig } from '../../src/config';
import { composeCalledOffMail } from '../../src/events/called-off';
import type { Lang } from '../../src/lib/i18n';
import { composeExchangeMail } from '../../src/privacy/after-mail';
import { composeRefundMail, composeTicketMail } from '../../src/tickets/mail';
import { composeCancelMail, composeTransferOutMail } from '../../src/transfers/mail';
import { composeJoinMail, composeLapseMail, composeLineClosedMail, composeOfferMail } from '../../src/waitlist/mail';
import { duWords, mailWords } from '../fixtures/du-words';
import { createDinner, makeTestApp, T0, type TestApp } from '../helpers';

/**
 * Every mail klick writes to a guest, composed for a German guest of a "Sie" dinner: no word of it says
 * "du" (subject, text, and the HTML's words). The same mails of a "du" dinner do, so the check can fail.
 */
// labels and links only: composing a mail signs nothing
const wallet: WalletConfig = {
  apple: { passTypeId: 'pass.x', teamId: 'T', certPem: '', keyPem: '', wwdrPem: '' },
  google: { issuerId: '1', clientEmail: 'x@example.com', privateKeyPem: '' },
};

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

async function everyMail(form: 'sie' | 'du', lang: Lang = 'de') {
  const event = await createDinner(t, { addressForm: form, slug: `dinner-${form}` });
  const base = { event, name: 'Gesa Gast', lang };
  const ticket = { ...base, ticketId: 't1', ticketUrl: 'https://klick.test/t/x', now: T0 };
  const mails = {
    ticket: await composeTicketMail({ ...ticket, qrSecret: 'ABCD', wallet }),
    'ticket, passed on': await composeTicketMail({ ...ticket, qrSecret: 'ABCD', wallet, transferredFrom: 'Tom' }),
    'refund, late': composeRefundMail({ ...base, amount: '50 €', reason: 'sold_out_late' }),
    'refund, called off': composeRefundMail({ ...base, amount: '50 €', reason: 'event_cancelled' }),
    'passed on': composeTransferOutMail({ ...ticket, newName: 'Nele Neu', byOrganizer: false }),
    'passed on by the organizer': composeTransferOutMail({ ...ticket, newName: 'Nele Neu', byOrganizer: true }),
    cancelled: composeCancelMail({ ...ticket, refundCents: 4000, currency: 'EUR' }),
    'line joined': composeJoinMail({ ...base, url: 'https://klick.test/w/x' }),
    'line joined again': composeJoinMail({ ...base, url: 'https://klick.test/w/x', again: true }),
    offer: composeOfferMail({ ...base, url: 'https://klick.test/o/x', expiresAt: T0 + 3_600_000 }),
    'offer lapsed': composeLapseMail({ ...base, eventUrl: 'https://klick.test/e/x' }),
    'line closed': composeLineClosedMail(base),
    'called off, refunded': composeCalledOffMail({
      ...base,
      amount: '50 €',
      refund: true,
      ticketUrl: 'https://klick.test/t/x',
    }),
    'called off, not refunded': composeCalledOffMail({
      ...base,
      amount: '50 €',
      refund: false,
      ticketUrl: 'https://klick.test/t/x',
    }),
    'after the dinner': composeExchangeMail({ ...base, ticketUrl: 'https://klick.test/t/x' }),
  };
  return Object.entries(mails).map(([kind, m]) => ({
    kind,
    words: duWords(mailWords(m)),
  }));
}

describe('the mails to a German guest, in the dinner’s form of address', () => {
  it('a Sie dinner: no mail says "du"', async () => {
    const found = (await everyMail('sie')).flatMap((m) => m.words.map((w) => `${m.kind}: …${w}…`));
    expect(found).toEqual([]);
  });

  it('a du dinner: each mail that addresses the guest says "du"', async () => {
    const mails = await everyMail('du');
    const silent = mails.filter((m) => m.words.length === 0).map((m) => m.kind);
    expect(silent).toEqual([]);
  });
});
