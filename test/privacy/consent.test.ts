import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consents } from '../../src/db/schema';
import { POLICY_VERSION } from '../../src/orders/service';
import { currentConsents } from '../../src/privacy/consent';
import type { Ticket } from '../../src/tickets/service';
import { bodyText, readCsv } from '../exports/parse';
import { type Dinner, makeDinner } from './setup';

let d: Dinner;
beforeEach(async () => {
  d = await makeDinner();
});
afterEach(() => d.close());

const history = (t: Ticket) =>
  d.deps.db.select().from(consents).where(eq(consents.orderId, t.orderId)).orderBy(consents.id);
const current = async (t: Ticket) => {
  const rows = await history(t);
  return {
    host: rows.filter((r) => r.scope === 'host').at(-1)?.granted ?? false,
    guests: rows.filter((r) => r.scope === 'guests').at(-1)?.granted ?? false,
  };
};
/** One scope's card on the ticket page: the details it lists (dt → dd) and its whole text. */
const scopeCard = (html: string, heading: string) => {
  const start = html.indexOf(`<h3 style="margin-top:0">${heading}</h3>`);
  const card = html.slice(start, html.indexOf('</form>', start));
  const details = [...card.matchAll(/<dt>([^<]*)<\/dt><dd>(.*?)<\/dd>/g)].map((m) => m[1]);
  return { details, text: card.replace(/<[^>]+>/g, ' ') };
};
const hostSees = async (t: Ticket) => {
  const res = await d.adminJson(`/events/${d.event.id}/export.csv?filter=paid`);
  const row = readCsv(await bodyText(res)).rows.find((r) => r.Name === t.name)!;
  return row.Email !== '';
};

describe('consent matrix from the purchase form', () => {
  it('records both scopes at purchase, as chosen, with the privacy text version', async () => {
    const none = await d.sell({ consentHost: '' });
    const host = await d.sell({ consentHost: 'on' });
    const guests = await d.sell({ consentHost: '', consentGuests: 'on' });
    const both = await d.sell({ consentHost: 'on', consentGuests: 'on' });
    expect(await current(none)).toEqual({ host: false, guests: false });
    expect(await current(host)).toEqual({ host: true, guests: false });
    expect(await current(guests)).toEqual({ host: false, guests: true });
    expect(await current(both)).toEqual({ host: true, guests: true });
    for (const t of [none, host, guests, both]) {
      const rows = await history(t);
      expect(rows.map((r) => [r.scope, r.source, r.policyVersion])).toEqual([
        ['host', 'purchase', POLICY_VERSION],
        ['guests', 'purchase', POLICY_VERSION],
      ]);
    }
    expect([await hostSees(none), await hostSees(host), await hostSees(guests), await hostSees(both)]).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });
});

describe('consent on the ticket page', () => {
  it('shows each scope, its time and text version, and exactly the details it shares', async () => {
    const t = await d.sell({
      name: 'Jörg Heinicke',
      company: 'Heinicke & Söhne',
      phone: '+49 69 1',
      consentGuests: 'on',
    });
    const html = await d.page(t);
    expect(html).toContain('Share with the host');
    expect(html).toContain('Share with the other guests');
    expect(html).toContain(`Shared since Sunday, 22 November 2026 at 11:00 (privacy text ${POLICY_VERSION}).`);
    for (const value of ['Jörg Heinicke', 'Heinicke &amp; Söhne', t.email, '+49 69 1', 'sailing'])
      expect(html).toContain(value);
    expect(html).toContain('(empty)'); // no LinkedIn given
    const de = await (await d.request(`/t/${t.token}?lang=de`)).text();
    expect(de).toContain('Mit dem Gastgeber teilen');
    expect(de).toContain('Geteilt seit Sonntag, 22. November 2026 um 11:00');
  });

  it('changes append a record; the same choice twice appends one; the export follows at once', async () => {
    const t = await d.sell();
    expect(await hostSees(t)).toBe(true);
    d.clock.advance(60_000);
    const res = await d.post(t, 'consent', { scope: 'host', granted: '0' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/t/${t.token}?msg=consent#privacy`);
    await d.post(t, 'consent', { scope: 'host', granted: '0' });
    expect(await hostSees(t)).toBe(false);
    const rows = await history(t);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatchObject({
      scope: 'host',
      granted: false,
      source: 'ticket_page',
      policyVersion: POLICY_VERSION,
    });
    expect(rows[2]!.recordedAt).toBe(d.clock.now());
    // The purchase records are still there, unchanged: append-only.
    expect(rows.slice(0, 2).map((r) => [r.scope, r.granted, r.source])).toEqual([
      ['host', true, 'purchase'],
      ['guests', false, 'purchase'],
    ]);
    const page = await d.page(t, '?msg=consent');
    expect(page).toContain('Your choice is saved.');
    expect(page).toContain('Not shared since');
    await d.setConsent(t, 'host', true);
    expect(await hostSees(t)).toBe(true);
    expect(await history(t)).toHaveLength(4);
  });

  it('refuses forms from other sites and forms without an Origin', async () => {
    const t = await d.sell();
    for (const origin of ['https://evil.example', null]) {
      const res = await d.post(t, 'consent', { scope: 'host', granted: '0' }, origin);
      expect(res.status).toBe(403);
    }
    expect(await history(t)).toHaveLength(2);
    expect(await hostSees(t)).toBe(true);
  });

  it('refuses unknown scopes and values, and unknown tickets', async () => {
    const t = await d.sell();
    expect((await d.post(t, 'consent', { scope: 'everyone', granted: '1' })).status).toBe(400);
    expect((await d.post(t, 'consent', { scope: 'host', granted: 'yes' })).status).toBe(400);
    const fake = { ...t, token: 'a'.repeat(32) };
    expect((await d.post(fake, 'consent', { scope: 'host', granted: '0' })).status).toBe(404);
    expect(await history(t)).toHaveLength(2);
  });
});

describe('what each scope shares, stated exactly', () => {
  it('lists per scope only what it adds, and says what the host sees without consent', async () => {
    const t = await d.sell({ name: 'Jörg Heinicke', company: 'Heinicke KG', consentHost: '' });
    const html = await d.page(t);
    const host = scopeCard(html, 'Share with the host');
    // The name is in the host's export either way: the host scope does not claim to share it.
    expect(host.details).toEqual(['Company', 'Role', 'Email', 'Phone', 'LinkedIn', 'Ask me about']);
    expect(host.text).toContain('from the start of the dinner');
    expect(host.text).not.toContain('after the dinner');
    expect(host.text).toContain(
      'the host’s phone shows your name, company and “ask me about” at the door and in the greeting round',
    );
    expect(host.text).toContain('the order keeps the buyer’s name, email and company for bookkeeping');
    expect(host.text).toContain('Email, phone and LinkedIn reach the export only with this consent.');
    const guests = scopeCard(html, 'Share with the other guests');
    expect(guests.details).toEqual(['Name', 'Company', 'Role', 'Email', 'Phone', 'LinkedIn', 'Ask me about']);
    expect(guests.text).toContain('After the dinner, checked-in guests see these details');
    expect(guests.text).toContain('else not at all');
    const klick = scopeCard(html, 'Be findable for a klick');
    expect(klick.details).toEqual(['Name', 'Company']);
    expect(klick.text).toContain('go only to a guest you klick back');

    const de = await (await d.request(`/t/${t.token}?lang=de`)).text();
    expect(scopeCard(de, 'Mit dem Gastgeber teilen').text).toContain('ab Beginn des Dinners herunterladbar');
    expect(scopeCard(de, 'Mit dem Gastgeber teilen').details).toEqual([
      'Firma',
      'Position',
      'E-Mail',
      'Telefon',
      'LinkedIn',
      'Sprich mich an auf',
    ]);
    expect(scopeCard(de, 'Für einen klick auffindbar sein').details).toEqual(['Name', 'Firma']);
  });
});

describe('the klick scope', () => {
  it('is not on the purchase form; a posted box records nothing; the ticket page records it append-only', async () => {
    const form = await (await d.request(`/e/${d.event.slug}`, { headers: { 'accept-language': 'en' } })).text();
    expect(form).not.toContain('find me for a klick');
    expect(form).not.toMatch(/name="consentKlick"/);
    const t = await d.sell({ consentKlick: 'on' } as never);
    expect((await history(t)).map((r) => r.scope)).toEqual(['host', 'guests']);
    expect(await currentConsents(d.deps, t.orderId)).toMatchObject({ klick: { granted: false, recordedAt: null } });

    d.clock.advance(60_000);
    await d.setConsent(t, 'klick', true);
    await d.setConsent(t, 'klick', true);
    d.clock.advance(60_000);
    await d.setConsent(t, 'klick', false);
    const rows = (await history(t)).filter((r) => r.scope === 'klick');
    expect(rows.map((r) => [r.granted, r.source, r.policyVersion])).toEqual([
      [true, 'ticket_page', POLICY_VERSION],
      [false, 'ticket_page', POLICY_VERSION],
    ]);
    expect(rows[1]!.recordedAt).toBe(d.clock.now());
    expect(scopeCard(await d.page(t), 'Be findable for a klick').text).toContain('Not shared since');
  });
});

describe('privacy text versions', () => {
  it('new records carry the new version; records under the older text stay valid for their scopes', async () => {
    expect(POLICY_VERSION).toBe('2026-12');
    const t = await d.sell({ consentHost: '', consentGuests: '' });
    // Bought under the previous text: the purchase records say 2026-11.
    await d.deps.db.delete(consents).where(eq(consents.orderId, t.orderId));
    await d.deps.db.insert(consents).values(
      (['host', 'guests'] as const).map((scope) => ({
        orderId: t.orderId,
        scope,
        granted: true,
        policyVersion: '2026-11',
        source: 'purchase',
        recordedAt: d.clock.now(),
      })),
    );
    expect(await hostSees(t)).toBe(true);
    const html = await d.page(t);
    expect(html).toContain('Shared since Sunday, 22 November 2026 at 11:00 (privacy text 2026-11).');
    const other = await d.sell({ name: 'Olga Other', consentGuests: 'on' });
    d.duringDinner();
    await d.checkIn(t, other);
    d.afterDinner();
    expect(await d.page(other)).toContain(t.email);
  });
});
