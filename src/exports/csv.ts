/**
 * RFC 4180 CSV, written by hand: twenty lines carry no library's 10 KiB (gzip) into the Worker,
 * and the tests read every export back with csv-parse.
 *
 * - UTF-8 with a byte order mark, so Excel opens umlauts and CJK names right.
 * - CRLF after every record, the header included.
 * - A field is quoted when it holds a quote, comma, semicolon (German Excel splits on it), CR or LF;
 *   quotes inside are doubled.
 * - A field that a spreadsheet would run as a formula (starting with = + - @ tab or CR) gets a
 *   leading apostrophe, so "=HYPERLINK(…)" stays text (OWASP's rule for CSV injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",;\r\n]/;

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: string[][]): string {
  const lines = [header, ...rows].map((r) => `${r.map(csvField).join(',')}\r\n`);
  return `\uFEFF${lines.join('')}`;
}
