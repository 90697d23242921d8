/**
 * The organizer's spreadsheet: an .xlsx in which every cell is text, written by excel-builder-vanilla (pure JS on
 * fflate, no Node built-ins: it runs on Workers). Every cell is a shared string in the Text number format ("@"):
 * a value such as "=HYPERLINK(…)" is shown as typed and never run, "+49 69 123456" and "0171 2345678" keep their
 * + and leading 0, "2026-12-03 19:02" stays the dinner's local time, and Excel does not reinterpret a cell when it
 * is edited either. No apostrophe is added: the file holds the values exactly.
 *
 * The zip entries are stored, not deflated: fflate deflates an entry over 160 kB (a sheet of a few hundred
 * guests) on a Web Worker, which the Workers runtime does not have. The library is imported when the first
 * spreadsheet is made: wrangler's bundle keeps it in the one worker.js but behind esbuild's lazy module init, so
 * none of its module code runs at startup. Its bytes do count: +67.8 KiB minified, +20.4 KiB gzip of the upload
 * (wrangler dry run with and without it, 2026-12-06: 144.6 → 165.0 KiB gzip).
 */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** XML 1.0 cannot hold these at all; the text rule keeps them out of new data, this keeps old data readable. */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it removes
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Column width in characters: the longest value, within reason. */
const width = (values: string[]) => Math.min(50, Math.max(10, ...values.map((v) => [...v].length + 2)));

export async function toXlsx(header: string[], rows: string[][], sheet: string): Promise<Uint8Array<ArrayBuffer>> {
  const { createExcelFile, createWorkbook } = await import('excel-builder-vanilla');
  const book = createWorkbook();
  const styles = book.getStyleSheet();
  const text = styles.createFormat({ format: '@' }).id as number;
  const bold = styles.createFormat({ format: '@', font: { bold: true } }).id as number;
  const cell = (value: string, style: number) => ({
    value: value.replace(NOT_XML, ''),
    metadata: { type: 'text', style },
  });
  const ws = book.createWorksheet({ name: sheet });
  ws.setData([header.map((h) => cell(h, bold)), ...rows.map((r) => r.map((v) => cell(v, text)))]);
  ws.setColumns(header.map((h, i) => ({ width: width([h, ...rows.map((r) => r[i] ?? '')]) })));
  // the header row stays in view (the sheet view's own freezePane sets fields its pane does not read)
  ws.sheetView.pane.freezePane(0, 1, 'A2');
  ws.sheetView.pane.state = 'frozen';
  book.addWorksheet(ws);
  return (await createExcelFile(book, 'Uint8Array', { zipOptions: { level: 0 } })) as Uint8Array<ArrayBuffer>;
}
