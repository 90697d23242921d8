/**
 * The organizer's spreadsheet: an .xlsx (Office Open XML SpreadsheetML) in which every cell is text. Every cell
 * is a shared string in the Text number format (built-in format 49, "@"): a value such as "=HYPERLINK(…)" is
 * shown as typed and never run, "+49 69 123456" and "0171 2345678" keep their + and leading 0, "2026-12-03 19:02"
 * stays the dinner's local time, and Excel does not reinterpret a cell when it is edited either. No apostrophe is
 * added: the file holds the values exactly.
 *
 * The six XML parts are written here, the zip by fflate (zipSync: pure JS, no Web Worker, so it runs on Workers).
 * A spreadsheet library did the same for +20.4 KiB gzip of the Worker (excel-builder-vanilla, measured
 * 2026-12-06); these parts cost about 1 KiB, fflate's zip and deflate about 4. The tests read the file back with
 * an independent reader (read-excel-file) and from the raw XML.
 */
import { strToU8, zipSync } from 'fflate';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** XML 1.0 cannot hold these at all; the text rule keeps them out of new data, this keeps old data readable. */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it removes
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const xml = (s: string) => s.replace(NOT_XML, '').replace(/[&<>"]/g, (c) => ESCAPES[c]!);

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
const sheetName = (s: string) =>
  s
    .replace(/[[\]:*?/\\]/g, ' ')
    .slice(0, 31)
    .trim() || 'Sheet1';

/** A, B, …, Z, AA, AB, … */
export function columnName(i: number): string {
  let name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Column width in characters: the longest value, within reason. */
const width = (values: string[]) => Math.min(50, Math.max(10, ...values.map((v) => [...v].length + 2)));

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

const CONTENT_TYPES = `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
</Types>`;

const ROOT_RELS = `${HEAD}<Relationships xmlns="${PKG_REL}">\
<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const BOOK_RELS = `${HEAD}<Relationships xmlns="${PKG_REL}">\
<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>\
<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;

/** Style 1: text; style 2: text, bold (the header). */
const STYLES = `${HEAD}<styleSheet xmlns="${MAIN}">\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs>\
</styleSheet>`;

export async function toXlsx(header: string[], rows: string[][], sheet: string): Promise<Uint8Array<ArrayBuffer>> {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (value: string) => {
    const v = xml(value);
    let i = index.get(v);
    if (i === undefined) {
      i = strings.push(v) - 1;
      index.set(v, i);
    }
    return i;
  };
  const row = (values: string[], r: number, style: number) =>
    `<row r="${r}">${values.map((v, c) => `<c r="${columnName(c)}${r}" s="${style}" t="s"><v>${ref(v)}</v></c>`).join('')}</row>`;
  const body = [row(header, 1, 2), ...rows.map((r, i) => row(r, i + 2, 1))].join('');
  const cols = header
    .map(
      (h, i) =>
        `<col min="${i + 1}" max="${i + 1}" width="${width([h, ...rows.map((r) => r[i] ?? '')])}" customWidth="1"/>`,
    )
    .join('');
  // the header row stays in view
  const worksheet = `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetViews><sheetView workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
${cols ? `<cols>${cols}</cols>` : ''}<sheetData>${body}</sheetData></worksheet>`;
  const shared = `${HEAD}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings
    .map((s) => `<si><t xml:space="preserve">${s}</t></si>`)
    .join('')}</sst>`;
  const workbook = `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>\
<sheet name="${xml(sheetName(sheet))}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  return zipSync({
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    '_rels/.rels': strToU8(ROOT_RELS),
    'xl/workbook.xml': strToU8(workbook),
    'xl/_rels/workbook.xml.rels': strToU8(BOOK_RELS),
    'xl/styles.xml': strToU8(STYLES),
    'xl/sharedStrings.xml': strToU8(shared),
    'xl/worksheets/sheet1.xml': strToU8(worksheet),
  }) as Uint8Array<ArrayBuffer>;
}
