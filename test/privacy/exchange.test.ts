import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataOf, type ExchangeGuests, exchangeOf, exchangeVcf, seatExchange } from './exchange-guests';
import { type Dinner, ENDS, makeDinner } from './setup';

let d: Dinner;
let g: ExchangeGuests;

beforeEach(async () => {
  d = await makeDinner();
  g = await seatExchange(d);
});
afterEach(() => d.close());

const everyName = ['Anna Findable', 'Ben Private', 'Cora Open', 'Dora Absent', 'Erik Erased', 'Fay Findable'];

describe('when the exchange opens: at the end of the dinner', () => {
  it('is closed during the dinner and up to the last millisecond, in both languages', async () => {
    for (const at of [ENDS - 3 * 3_600_000, ENDS - 1]) {
      d.clock.set(at);
      const html = await exchangeOf(d, g.anna);
      // before the end there is nobody to show: the card is not on the page at all
      const page = await d.page(g.anna, '?lang=en');
      expect(page).toContain('Your details and who sees them');
      expect(page).not.toContain('id="exchange"');
      expect(page).not.toContain('Who was there');
      for (const name of everyName) expect(html).not.toContain(name);
      expect((await d.klick(g.anna, g.fay)).status).toBe(403);
      expect(await exchangeVcf(d, g.anna)).toEqual([]);
    }
    const de = await (await d.request(`/t/${g.anna.token}?lang=de`)).text();
    expect(de).not.toContain('Wer dabei war');
    expect(de).toContain('Nach dem Dinner sehen eingecheckte Gäste diese Angaben');
  });

  it('opens at endsAt exactly', async () => {
    d.clock.set(ENDS);
    expect(await exchangeOf(d, g.anna)).toContain('Cora Open');
    expect((await d.klick(g.anna, g.fay)).status).toBe(303);
    expect((await exchangeVcf(d, g.anna)).map((c) => c.fn)).toEqual(['Cora Open']);
  });

  it('stays closed to a guest who was not checked in', async () => {
    const html = await exchangeOf(d, g.dora);
    expect(html).toContain('only for guests who were checked in');
    for (const name of everyName.filter((n) => n !== 'Dora Absent')) expect(html).not.toContain(name);
    expect(await exchangeVcf(d, g.dora)).toEqual([]);
    expect((await d.klick(g.dora, g.cora)).status).toBe(403);
  });
});

describe('who appears to whom: only with their own consent', () => {
  it('a findable guest sees sharing guests with cards and findable ones by name and company, with klick buttons', async () => {
    const html = await exchangeOf(d, g.anna);
    expect(html).toContain('Cora Open');
    expect(html).toContain('Cora, Inc.');
    expect(html).toContain(g.cora.email);
    expect(html).toContain('Fay Findable');
    expect(html).toContain('Fay Ltd');
    expect(html).not.toContain(g.fay.email);
    expect(html).not.toContain('CFO');
    expect(html).toContain(`action="/t/${g.anna.token}/klick"`);
    expect(html).toContain('Findable for a klick');
    // Ben agreed to nothing: not even his name; Dora never came; Erik deleted his data.
    for (const name of ['Ben Private', 'Ben GmbH', 'Dora Absent', 'Erik Erased']) expect(html).not.toContain(name);
    expect((await exchangeVcf(d, g.anna)).map((c) => [c.fn, c.org, c.email])).toEqual([
      ['Cora Open', 'Cora, Inc.', g.cora.email],
    ]);
  });

  it('a guest who cannot be found sees the sharing guests only, no findable ones, and cannot klick', async () => {
    const html = await exchangeOf(d, g.ben);
    expect(html).toContain(g.cora.email);
    for (const name of ['Anna Findable', 'Anna AG', 'Fay Findable', 'Fay Ltd']) expect(html).not.toContain(name);
    expect(html).not.toContain('/klick"');
    expect(html).toContain('Other guests do not see you, so you cannot klick.');
    expect((await exchangeVcf(d, g.ben)).map((c) => c.fn)).toEqual(['Cora Open']);
  });

  it('a sharing guest sees the findable ones by name and company, and never Ben', async () => {
    const html = await exchangeOf(d, g.cora);
    expect(html).toContain('Anna Findable');
    expect(html).toContain('Fay Ltd');
    expect(html).not.toContain(g.anna.email);
    expect(html).not.toContain('Ben Private');
    expect(await exchangeVcf(d, g.cora)).toEqual([]);
  });
});

describe('withdrawing consent', () => {
  it('a guest who withdraws every guest-facing scope disappears from every list, name and all', async () => {
    await d.setConsent(g.cora, 'guests', false);
    await d.setConsent(g.anna, 'klick', false);
    for (const viewer of [g.ben, g.fay]) {
      const html = await exchangeOf(d, viewer);
      for (const text of ['Cora Open', 'Cora, Inc.', g.cora.email, 'Anna Findable', 'Anna AG'])
        expect(html).not.toContain(text);
      expect(await exchangeVcf(d, viewer)).toEqual([]);
    }
  });

  it('from sharing to klick only: name and company stay, the card goes', async () => {
    await d.setConsent(g.cora, 'klick', true);
    await d.setConsent(g.cora, 'guests', false);
    const html = await exchangeOf(d, g.anna);
    expect(html).toContain('Cora Open');
    expect(html).toContain('Cora, Inc.');
    expect(html).not.toContain(g.cora.email);
    expect(await exchangeVcf(d, g.anna)).toEqual([]);
    // Ben cannot be found himself, so he no longer sees Cora at all.
    expect(await exchangeOf(d, g.ben)).not.toContain('Cora Open');
  });

  it('a withdrawn guest’s name leaves the other guests’ data downloads too', async () => {
    expect((await d.klick(g.anna, g.fay)).status).toBe(303);
    expect(await dataOf(d, g.anna)).toContain('Fay Findable');
    await d.setConsent(g.fay, 'klick', false);
    const data = JSON.parse(await dataOf(d, g.anna));
    expect(data.klicks.made).toEqual([expect.objectContaining({ toTicketId: g.fay.id, toName: null, kind: 'mark' })]);
    expect(JSON.stringify(data)).not.toContain('Fay Findable');
  });
});
