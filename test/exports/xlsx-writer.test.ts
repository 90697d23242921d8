import { describe, expect, it } from 'vitest';
import { columnName, toXlsx } from '../../src/exports/xlsx';
import { readXlsx } from './parse';

describe('the .xlsx writer', () => {
  it('names columns past Z as a spreadsheet does', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('writes a wide sheet, a sheet name Excel refuses as given, and text that needs escaping, read back exactly', async () => {
    const header = Array.from({ length: 30 }, (_, i) => `Spalte ${i + 1}`);
    const row = header.map((_, i) => (i === 27 ? ' <b>&"Jörg"</b> ' : `v${i}`));
    const book = await readXlsx(await toXlsx(header, [row], 'Gäste: [alle]/*?'));
    expect(book.values[0]).toEqual(header);
    // read-excel-file trims its values; the raw cell below keeps the spaces
    expect(book.values[1]).toEqual(row.map((v) => v.trim()));
    expect(book.cells.find((c) => c.ref === 'AB2')?.text).toBe(' <b>&"Jörg"</b> ');
  });
});
