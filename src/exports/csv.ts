import { PHONE_CHARS } from '../orders/schema';

/**
 * RFC 4180 CSV, written by hand: twenty lines carry no library's 10 KiB (gzip) into the Worker,
 * and the tests read every export back with csv-parse.
 *
 * - UTF-8 with a byte order mark, so Excel opens umlauts and CJK names right.
 * - CRLF after every record, the header included.
 * - A field is quoted when it holds a quote, comma, semicolon, CR or LF; quotes inside are doubled.
 * - A spreadsheet may split a line on another character than the comma, and then ignores quotes that do not
 *   open a field: German Excel opens a .csv by double-click with `;` as the separator, so the role
 *   `Chef;=HYPERLINK(…)` would become a cell `=HYPERLINK(…)`. So an apostrophe (OWASP's rule for CSV injection)
 *   goes before a formula start at the field's beginning AND after every separator a spreadsheet may split on:
 *     , (RFC 4180, Excel in English)   ; (Excel and LibreOffice in German and most of Europe)
 *     tab (tab-separated reads, pasting into a sheet)   CR and LF (a line break where quotes are not honoured).
 *   Space is not in the set: no spreadsheet splits on it unless asked in an import dialog, and marking every
 *   " - " in ordinary text would change far more values than it protects. Quotes and spaces of any kind
 *   (NBSP, ideographic, zero-width) between the separator and the formula character do not hide it.
 *   A formula start is = + - @ (and the full-width ＝ ＋ － ＠), or a tab or CR at the very beginning.
 * - Except a phone column value made only of what the purchase form lets into a phone number
 *   (src/orders/schema.ts): digits, spaces, + ( ) / - cannot call a function or reach a cell, and hold no
 *   separator, so "+49 69 123456" reaches a contact importer as typed. (A spreadsheet drops its + and leading 0
 *   all the same: the .xlsx export is for spreadsheets, this file for tools.)
 */
const LEAD = '[\\s"\\u200b-\\u200d\\u2060]*';
const FORMULA = '[=+\\-@\\uff1d\\uff0b\\uff0d\\uff20]';
const FORMULA_START = new RegExp(`^(?:[\\t\\r]|${LEAD}${FORMULA})`);
const AFTER_SEPARATOR = new RegExp(`(\\r\\n|[,;\\t\\r\\n])(?=${LEAD}${FORMULA})`, 'g');
const NEEDS_QUOTES = /[",;\r\n]/;

export function csvField(value: string, phone = false): string {
  const safe =
    phone && PHONE_CHARS.test(value)
      ? value
      : (FORMULA_START.test(value) ? `'${value}` : value).replace(AFTER_SEPARATOR, "$1'");
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** `phoneColumn`: the index of the one column that holds phone numbers, if any. */
export function toCsv(header: string[], rows: string[][], phoneColumn = -1): string {
  const lines = [header, ...rows].map(
    (r, n) => `${r.map((v, i) => csvField(v, n > 0 && i === phoneColumn)).join(',')}\r\n`,
  );
  return `\uFEFF${lines.join('')}`;
}
