import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { klicks } from '../../src/db/schema';
import { dataOf, type ExchangeGuests, exchangeOf, exchangeVcf, seatExchange } from './exchange-guests';
import { type Dinner, makeDinner } from './setup';

let d: Dinner;
let g: ExchangeGuests;

beforeEach(async () => {
  d = await makeDinner();
  g = await seatExchange(d);
});
afterEach(() => d.close());

describe('mutual klick', () => {
  it('one-sided reveals nothing and is not disclosed; mutual reveals both; undo hides again', async () => {
    const fayBefore = await d.page(g.fay);
    const fayDataBefore = await dataOf(d, g.fay);
    const res = await d.klick(g.anna, g.fay);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/t/${g.anna.token}?msg=klick#exchange`);
    const anna = await exchangeOf(d, g.anna);
    expect(anna).toContain('You marked this guest.');
    expect(anna).not.toContain(g.fay.email);
    expect((await exchangeVcf(d, g.anna)).map((c) => c.fn)).toEqual(['Cora Open']);
    // Fay's page and data are byte for byte what they were: nothing tells her.
    expect(await d.page(g.fay)).toBe(fayBefore);
    expect(await dataOf(d, g.fay)).toBe(fayDataBefore);

    expect((await d.klick(g.fay, g.anna)).status).toBe(303);
    for (const [viewer, other] of [
      [g.anna, g.fay],
      [g.fay, g.anna],
    ] as const) {
      const html = await exchangeOf(d, viewer);
      expect(html).toContain('Mutual klick');
      expect(html).toContain(other.email);
      expect((await exchangeVcf(d, viewer)).find((c) => c.fn === other.name)).toMatchObject({
        email: other.email,
        org: other.company,
        title: other.role,
      });
      expect(JSON.parse(await dataOf(d, viewer)).klicks.mutualWith).toEqual([other.id]);
    }
    // Cora sees neither the marks nor Anna's or Fay's details.
    const cora = await exchangeOf(d, g.cora);
    expect(cora).not.toContain(g.anna.email);
    expect(cora).not.toContain('Mutual klick');

    await d.klick(g.anna, g.fay, false);
    expect(await exchangeOf(d, g.anna)).not.toContain(g.fay.email);
    expect(await exchangeOf(d, g.fay)).not.toContain(g.anna.email);
  });

  it('reveals only while both can still be found', async () => {
    await d.klick(g.anna, g.fay);
    await d.klick(g.fay, g.anna);
    await d.setConsent(g.fay, 'klick', false);
    // Fay is gone from Anna's list, card and name; Fay cannot be found, so she sees no findable guest.
    expect(await exchangeOf(d, g.anna)).not.toContain('Fay Findable');
    const fay = await exchangeOf(d, g.fay);
    expect(fay).not.toContain('Anna Findable');
    expect(fay).not.toContain(g.anna.email);
    expect(JSON.parse(await dataOf(d, g.anna)).klicks.mutualWith).toEqual([]);
    expect(JSON.parse(await dataOf(d, g.fay)).klicks.mutualWith).toEqual([]);
    // Back on: the marks made before count again.
    await d.setConsent(g.fay, 'klick', true);
    expect(await exchangeOf(d, g.anna)).toContain(g.fay.email);
  });

  it('a sharing guest who klicks back sees a findable guest’s card; others still see name and company only', async () => {
    await d.klick(g.anna, g.cora);
    await d.klick(g.cora, g.anna);
    expect(await exchangeOf(d, g.cora)).toContain(g.anna.email);
    expect(await exchangeOf(d, g.fay)).not.toContain(g.anna.email);
  });
});

describe('reciprocity: only a guest who can be found may klick', () => {
  it('refuses a guest who agreed to nothing, writes nothing, and lets him in once he opts in', async () => {
    const res = await d.klick(g.ben, g.anna);
    expect(res.status).toBe(403);
    expect(await d.deps.db.select().from(klicks)).toEqual([]);
    // Nor can anyone mark Ben: to them he does not exist.
    expect((await d.klick(g.anna, g.ben)).status).toBe(404);

    await d.setConsent(g.ben, 'klick', true);
    expect((await d.klick(g.ben, g.anna)).status).toBe(303);
    expect(await exchangeOf(d, g.anna)).toContain('Ben Private');
    expect(await exchangeOf(d, g.anna)).not.toContain('You marked');
  });

  it('a one-sided mark made earlier stays undisclosed when its target comes back', async () => {
    await d.klick(g.anna, g.fay);
    await d.setConsent(g.fay, 'klick', false);
    await d.setConsent(g.fay, 'klick', true);
    const fay = await exchangeOf(d, g.fay);
    expect(fay).toContain('Anna Findable');
    expect(fay).not.toContain('You marked');
    expect(fay).not.toContain('Mutual klick');
    expect(fay).not.toContain(g.anna.email);
  });
});

describe('klick records', () => {
  it('are append-only, and a repeated mark writes nothing twice', async () => {
    await d.klick(g.anna, g.fay);
    await d.klick(g.anna, g.fay);
    await d.klick(g.anna, g.fay, false);
    await d.klick(g.anna, g.fay, false);
    await d.klick(g.anna, g.fay);
    const rows = await d.deps.db.select().from(klicks).where(eq(klicks.fromTicketId, g.anna.id)).orderBy(klicks.id);
    expect(rows.map((r) => r.kind)).toEqual(['mark', 'unmark', 'mark']);
  });

  it('only between checked-in guests of this dinner who can be found, never oneself', async () => {
    for (const to of [g.anna, g.ben, g.dora, g.erik]) expect((await d.klick(g.anna, to)).status).toBe(404);
    expect((await d.post(g.anna, 'klick', { to: 'nosuchticket000', mark: '1' })).status).toBe(404);
    expect((await d.post(g.anna, 'klick', { to: g.fay.id, mark: '2' })).status).toBe(400);
    expect((await d.post(g.anna, 'klick', { to: g.fay.id, mark: '1' }, 'https://evil.example')).status).toBe(403);
    expect(await d.deps.db.select().from(klicks)).toEqual([]);
  });
});
