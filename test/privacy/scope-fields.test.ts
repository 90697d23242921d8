import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { t as messages } from '../../src/lib/messages';
import { type ContactField, SCOPE_FIELDS, SCOPES } from '../../src/privacy/consent';
import { loadExchange } from '../../src/privacy/exchange';
import type { Ticket } from '../../src/tickets/service';
import { bodyText, readCsv } from '../exports/parse';
import { type Dinner, makeDinner } from './setup';

/**
 * Each consent scope's fields are listed once (SCOPE_FIELDS in src/privacy/consent.ts). These tests hold every
 * reader of that list to it: the organizer's exports (host), the guests' exchange (guests, klick) and the ticket
 * page's "what each scope shares". A reader with a list of its own fails here as soon as the two differ.
 */
let d: Dinner;
let all: Ticket;
let klickOnly: Ticket;
let nothing: Ticket;

const FULL = {
  company: 'Open GmbH',
  role: 'CEO',
  phone: '+49 69 1',
  linkedin: 'https://www.linkedin.com/in/open',
  askMeAbout: 'sailing',
};

beforeEach(async () => {
  d = await makeDinner();
  all = await d.sell({ name: 'Olga Open', ...FULL, consentHost: 'on', consentGuests: 'on' });
  klickOnly = await d.sell({ name: 'Karl Klick', ...FULL, company: 'Klick AG', consentHost: '' });
  nothing = await d.sell({ name: 'Nina Nothing', ...FULL, company: 'Quiet KG', consentHost: '' });
  await d.setConsent(klickOnly, 'klick', true);
  d.duringDinner();
  await d.checkIn(all, klickOnly, nothing);
  d.afterDinner();
});
afterEach(() => d.close());

const stored = (t: Ticket, f: ContactField) => t[f];
const ATTENDANCE = ['name', 'contactShared', 'checkedInAt', 'greetedAt', 'greetedBy'];

describe('the host scope’s fields', () => {
  it('are exactly what the JSON export carries for a guest who shares, and nothing of them for one who does not', async () => {
    const json = (await (await d.adminJson(`/events/${d.event.id}/export.json`)).json()) as {
      guests: Record<string, unknown>[];
    };
    const olga = json.guests.find((g) => g.name === 'Olga Open')!;
    expect(Object.keys(olga).filter((k) => !ATTENDANCE.includes(k))).toEqual([...SCOPE_FIELDS.host]);
    for (const f of SCOPE_FIELDS.host) expect(olga[f], f).toBe(stored(all, f));
    const nina = json.guests.find((g) => g.name === 'Nina Nothing')!;
    expect(Object.keys(nina).filter((k) => !ATTENDANCE.includes(k))).toEqual([]);
  });

  it('are the CSV’s contact columns, filled only where the guest shares', async () => {
    const csv = readCsv(await bodyText(await d.adminJson(`/events/${d.event.id}/export.csv`)));
    const labels = messages('en').privacy.field;
    // the CSV's column names are fixed English labels, the ticket page's English ones
    expect(csv.header.slice(1, 1 + SCOPE_FIELDS.host.length)).toEqual(SCOPE_FIELDS.host.map((f) => labels[f]));
    const olga = csv.rows.find((r) => r.Name === 'Olga Open')!;
    expect(SCOPE_FIELDS.host.map((f) => olga[labels[f]])).toEqual(SCOPE_FIELDS.host.map((f) => stored(all, f)));
    const nina = csv.rows.find((r) => r.Name === 'Nina Nothing')!;
    expect(SCOPE_FIELDS.host.map((f) => nina[labels[f]])).toEqual(SCOPE_FIELDS.host.map(() => ''));
  });
});

describe('the guests and klick scopes’ fields', () => {
  it('are what the exchange shows: the guests scope’s for a sharing guest, the klick scope’s for a findable one', async () => {
    const view = await loadExchange(d.deps, await d.reload(klickOnly), d.event);
    const olga = view.guests.find((g) => g.ticketId === all.id)!;
    const shown = (g: typeof olga) =>
      Object.fromEntries(
        Object.entries({ name: g.name, company: g.company, ...g.card }).filter(([, v]) => v !== ''),
      ) as Record<string, string>;
    expect(Object.keys(olga.card!).sort()).toEqual(SCOPE_FIELDS.guests.filter((f) => f !== 'name').sort());
    expect(Object.keys(shown(olga)).sort()).toEqual([...SCOPE_FIELDS.guests].sort());
    for (const f of SCOPE_FIELDS.guests) expect(shown(olga)[f], f).toBe(stored(all, f));

    const seenBy = await loadExchange(d.deps, await d.reload(all), d.event);
    const karl = seenBy.guests.find((g) => g.ticketId === klickOnly.id)!;
    expect(karl.card).toBeNull();
    expect(Object.keys(shown(karl)).sort()).toEqual([...SCOPE_FIELDS.klick].sort());
    expect(seenBy.guests.map((g) => g.ticketId)).not.toContain(nothing.id);
  });
});

describe('the ticket page’s “what each scope shares”', () => {
  it('lists each scope’s fields, in German and English', async () => {
    for (const lang of ['en', 'de'] as const) {
      const m = messages(lang).privacy;
      const res = await d.request(`/t/${all.token}?lang=${lang}`);
      const html = await res.text();
      for (const scope of SCOPES) {
        const start = html.indexOf(`<h3 style="margin-top:0">${m.scope[scope]}</h3>`);
        expect(start, `${lang} ${scope}`).toBeGreaterThan(0);
        const card = html.slice(start, html.indexOf('</form>', start));
        const listed = [...card.matchAll(/<dt>([^<]*)<\/dt>/g)].map((x) => x[1]);
        expect(listed, `${lang} ${scope}`).toEqual(SCOPE_FIELDS[scope].map((f) => m.field[f]));
      }
    }
  });
});
