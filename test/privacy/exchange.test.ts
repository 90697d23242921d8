import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { klicks } from '../../src/db/schema';
import type { Ticket } from '../../src/tickets/service';
import { readVcards } from '../exports/parse';
import { type Dinner, makeDinner } from './setup';

let d: Dinner;
/** anna and ben share nothing; cora shares with guests; dora shares but never came; erik deleted his data */
let g: Record<'anna' | 'ben' | 'cora' | 'dora' | 'erik', Ticket>;

beforeEach(async () => {
  d = await makeDinner();
  g = {
    anna: await d.sell({ name: 'Anna Quiet', company: 'Anna AG', consentHost: '' }),
    ben: await d.sell({ name: 'Ben Private', company: 'Ben GmbH', phone: '+49 30 5555', consentHost: '' }),
    cora: await d.sell({ name: 'Cora Open', company: 'Cora, Inc.', consentGuests: 'on' }),
    dora: await d.sell({ name: 'Dora Absent', company: 'Dora KG', consentGuests: 'on' }),
    erik: await d.sell({ name: 'Erik Erased', company: 'Erik SE', consentGuests: 'on' }),
  };
  d.duringDinner();
  await d.checkIn(g.anna, g.ben, g.cora, g.erik);
  expect((await d.post(g.erik, 'delete', { confirm: 'yes' })).status).toBe(303);
});
afterEach(() => d.close());

const vcf = async (t: Ticket) => {
  const res = await d.request(`/t/${t.token}/exchange.vcf`);
  expect(res.status).toBe(200);
  return readVcards(await res.text());
};

describe('who sees the exchange', () => {
  it('nobody before the dinner starts, even a checked-in guest', async () => {
    d.clock.set(Date.parse('2026-12-03T17:59:00Z'));
    const html = await d.page(g.anna);
    expect(html).toContain('When the dinner has started');
    expect(html).not.toContain('Cora Open');
    expect((await d.klick(g.anna, g.cora)).status).toBe(403);
    expect(await vcf(g.anna)).toEqual([]);
  });

  it('not a guest who was not checked in', async () => {
    const html = await d.page(g.dora);
    expect(html).toContain('only for guests who were checked in');
    expect(html).not.toContain('Cora Open');
    expect(await vcf(g.dora)).toEqual([]);
    expect((await d.klick(g.dora, g.cora)).status).toBe(403);
  });

  it('a checked-in guest sees sharing guests with cards, others by name only, never no-shows or the erased', async () => {
    const html = await d.page(g.anna);
    expect(html).toContain('Who was there');
    expect(html).toContain('Cora Open');
    expect(html).toContain('Cora, Inc.');
    expect(html).toContain(g.cora.email);
    expect(html).toContain('Ben Private');
    expect(html).not.toContain('Ben GmbH');
    expect(html).not.toContain(g.ben.email);
    expect(html).not.toContain('Dora');
    expect(html).not.toContain('Erik');
    const cards = await vcf(g.anna);
    expect(cards.map((c) => [c.fn, c.org, c.email])).toEqual([['Cora Open', 'Cora, Inc.', g.cora.email]]);
  });
});

describe('mutual klick', () => {
  it('one-sided reveals nothing and is not disclosed; mutual reveals both; undo hides again', async () => {
    const benBefore = await d.page(g.ben);
    const benDataBefore = await (await d.request(`/t/${g.ben.token}/data.json`)).text();
    const res = await d.klick(g.anna, g.ben);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/t/${g.anna.token}?msg=klick#exchange`);
    // Anna sees her own mark, but still nothing of Ben.
    const anna = await d.page(g.anna);
    expect(anna).toContain('You marked this guest.');
    expect(anna).not.toContain(g.ben.email);
    expect((await vcf(g.anna)).map((c) => c.fn)).toEqual(['Cora Open']);
    // Ben's page and data are byte for byte what they were: nothing tells him.
    expect(await d.page(g.ben)).toBe(benBefore);
    expect(await (await d.request(`/t/${g.ben.token}/data.json`)).text()).toBe(benDataBefore);

    await d.klick(g.ben, g.anna);
    for (const [viewer, other] of [
      [g.anna, g.ben],
      [g.ben, g.anna],
    ] as const) {
      const html = await d.page(viewer);
      expect(html).toContain('Mutual klick');
      expect(html).toContain(other.email);
      expect(html).toContain(other.company);
      expect((await vcf(viewer)).find((c) => c.fn === other.name)).toMatchObject({
        email: other.email,
        org: other.company,
      });
    }
    // Cora sees neither the marks nor Anna's or Ben's details.
    const cora = await d.page(g.cora);
    expect(cora).not.toContain(g.anna.email);
    expect(cora).not.toContain('Mutual klick');

    await d.klick(g.anna, g.ben, false);
    expect(await d.page(g.anna)).not.toContain(g.ben.email);
    expect(await d.page(g.ben)).not.toContain(g.anna.email);
  });

  it('is append-only, and a repeated mark writes nothing twice', async () => {
    await d.klick(g.anna, g.ben);
    await d.klick(g.anna, g.ben);
    await d.klick(g.anna, g.ben, false);
    await d.klick(g.anna, g.ben, false);
    await d.klick(g.anna, g.ben);
    const rows = await d.deps.db.select().from(klicks).where(eq(klicks.fromTicketId, g.anna.id)).orderBy(klicks.id);
    expect(rows.map((r) => r.kind)).toEqual(['mark', 'unmark', 'mark']);
  });

  it('only between checked-in guests of this dinner, never oneself', async () => {
    for (const to of [g.anna, g.dora, g.erik]) expect((await d.klick(g.anna, to)).status).toBe(404);
    expect((await d.post(g.anna, 'klick', { to: 'nosuchticket000', mark: '1' })).status).toBe(404);
    expect((await d.post(g.anna, 'klick', { to: g.ben.id, mark: '1' }, 'https://evil.example')).status).toBe(403);
    expect(await d.deps.db.select().from(klicks)).toEqual([]);
  });
});

describe('withdrawing consent', () => {
  it('takes the guest off everyone’s list of cards and out of every vCard at once', async () => {
    expect(await d.page(g.anna)).toContain(g.cora.email);
    await d.setConsent(g.cora, 'guests', false);
    for (const viewer of [g.anna, g.ben]) {
      const html = await d.page(viewer);
      expect(html).not.toContain(g.cora.email);
      expect(html).not.toContain('Cora, Inc.');
      expect(await vcf(viewer)).toEqual([]);
    }
  });

  it('a mutual klick still reveals: both asked for it', async () => {
    await d.klick(g.anna, g.cora);
    await d.klick(g.cora, g.anna);
    await d.setConsent(g.cora, 'guests', false);
    expect(await d.page(g.anna)).toContain(g.cora.email);
    expect(await d.page(g.ben)).not.toContain(g.cora.email);
  });
});
