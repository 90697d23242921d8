import { expect } from 'vitest';
import type { Ticket } from '../../src/tickets/service';
import { readVcards } from '../exports/parse';
import type { Dinner } from './setup';

/**
 * The guests of the exchange tests, one per row of the visibility matrix:
 * cora shares with guests (full card); anna and fay only let guests find them for a klick (name and
 * company); ben agreed to nothing (invisible); dora shares but never came; erik shared, then deleted
 * his data. Everyone but dora is checked in during the dinner; the clock ends after the dinner.
 */
export async function seatExchange(d: Dinner) {
  const g = {
    anna: await d.sell({ name: 'Anna Findable', company: 'Anna AG', consentHost: '' }),
    ben: await d.sell({ name: 'Ben Private', company: 'Ben GmbH', phone: '+49 30 5555', consentHost: '' }),
    cora: await d.sell({ name: 'Cora Open', company: 'Cora, Inc.', consentGuests: 'on' }),
    dora: await d.sell({ name: 'Dora Absent', company: 'Dora KG', consentGuests: 'on' }),
    erik: await d.sell({ name: 'Erik Erased', company: 'Erik SE', consentGuests: 'on' }),
    fay: await d.sell({ name: 'Fay Findable', company: 'Fay Ltd', role: 'CFO', consentHost: '' }),
  };
  await d.setConsent(g.anna, 'klick', true);
  await d.setConsent(g.fay, 'klick', true);
  d.duringDinner();
  await d.checkIn(g.anna, g.ben, g.cora, g.erik, g.fay);
  expect((await d.post(g.erik, 'delete', { confirm: 'yes' })).status).toBe(303);
  d.afterDinner();
  return g;
}

export type ExchangeGuests = Awaited<ReturnType<typeof seatExchange>>;

/** The guest's own exchange download, read back with ical.js. */
export async function exchangeVcf(d: Dinner, t: Ticket) {
  const res = await d.request(`/t/${t.token}/exchange.vcf`);
  expect(res.status).toBe(200);
  return readVcards(await res.text());
}

/** The exchange card of a ticket page alone (the page also shows the viewer's own name and consent cards). */
export async function exchangeOf(d: Dinner, t: Ticket, query = '') {
  const html = await d.page(t, query);
  const start = html.indexOf('<div class="card" id="exchange">');
  const end = html.indexOf('<h2 id="privacy">');
  return start < 0 ? '' : html.slice(start, end);
}

export const dataOf = async (d: Dinner, t: Ticket) => (await d.request(`/t/${t.token}/data.json`)).text();
