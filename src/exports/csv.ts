import { PHONE_CHARS } from '../orders/schema';

/**
 * RFC 4180 CSV, written by hand: twenty lines carry no library's 10 KiB (gzip) into the Worker,
 * and the tests read every export back with csv-parse.
 *
 * - UTF-8 with a byte order mark, so Excel opens umlauts and CJK names right.
 * - CRLF after every record, the header included.
 * - A field is quoted when it holds a quote, comma, semicolon (German Excel splits on it), CR or LF;
 *   quotes inside are doubled.
 * - A field that a spreadsheet would run as a formula gets a leading apostrophe, so "=HYPERLINK(…)"
 *   stays text (OWASP's rule for CSV injection): one starting with = + - @ tab or CR, also after
 *   leading spaces of any kind (NBSP, ideographic, zero-width), and with the full-width ＝ ＋ － ＠.
 * - Except a phone column value made only of what the purchase form lets into a phone number
 *   (src/orders/schema.ts): digits, spaces, + ( ) / - cannot call a function or reach a cell, so
 *   "+49 69 123456" reaches a contact importer as typed.
 */
const FORMULA_START = /^(?:[\t\r]|[\s\u200b-\u200d\u2060]*[=+\-@\uff1d\uff0b\uff0d\uff20])/;
const NEEDS_QUOTES = /[",;\r\n]/;

export function csvField(value: string, phone = false): string {
  const safe = FORMULA_START.test(value) && !(phone && PHONE_CHARS.test(value)) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** `phoneColumn`: the index of the one column that holds phone numbers, if any. */
export function toCsv(header: string[], rows: string[][], phoneColumn = -1): string {
  const lines = [header, ...rows].map(
    (r, n) => `${r.map((v, i) => csvField(v, n > 0 && i === phoneColumn)).join(',')}\r\n`,
  );
  return `\uFEFF${lines.join('')}`;
}
