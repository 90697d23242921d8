import { inflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { readSheet } from 'read-excel-file/node';

/** The body as bytes → text, keeping a byte order mark (Response.text() would strip it). */
export async function bodyText(res: Response): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(await res.arrayBuffer());
}

/** Reads a CSV export as a spreadsheet import would: BOM checked and stripped, RFC 4180 rules strictly. */
export function readCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  if (!text.startsWith('\uFEFF')) throw new Error('CSV has no UTF-8 byte order mark');
  const records = parse(text, { bom: true, relax_quotes: false, record_delimiter: '\r\n' }) as string[][];
  const [header = [], ...body] = records;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

/**
 * The cells a spreadsheet sees when it splits the file on `separator` and honours quotes only where one opens
 * a field, or not at all (`naive`): German Excel opening a comma-separated file by double-click, a tab split.
 */
export function cellsSplitOn(text: string, separator: string, mode: 'quotes' | 'naive'): string[] {
  const body = text.replace(/^\uFEFF/, '');
  if (mode === 'quotes')
    return (
      parse(body, {
        delimiter: separator,
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
      }) as string[][]
    ).flat();
  return body.split(/\r\n|\r|\n/).flatMap((line) => line.split(separator));
}

/** A cell a spreadsheet would run: after blanks and quotes it starts with = + - @ (or their full-width forms). */
export const isLiveFormula = (cell: string) => /^[\s"\u200b-\u200d\u2060]*[=+\-@\uff1d\uff0b\uff0d\uff20]/.test(cell);

export interface ParsedCard {
  version: string;
  uid: string;
  fn: string;
  n: unknown;
  org: unknown;
  title: string | null;
  email: string | null;
  tel: string | null;
  telType: string | null;
  url: string | null;
  note: string | null;
  categories: string[];
}

/** Every card of a vCard file, through ical.js (which parses RFC 6350 and unfolds lines). */
export function readVcards(text: string): ParsedCard[] {
  if (text.trim() === '') return [];
  const parsed = ICAL.parse(text);
  const list = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return list.map((jcal) => {
    const c = new ICAL.Component(jcal as never);
    const one = (name: string) => {
      const v = c.getFirstPropertyValue(name);
      return v === null || v === undefined ? null : String(v);
    };
    const tel = c.getFirstProperty('tel');
    return {
      version: String(c.getFirstPropertyValue('version')),
      uid: String(c.getFirstPropertyValue('uid')),
      fn: String(c.getFirstPropertyValue('fn')),
      n: c.getFirstPropertyValue('n'),
      org: c.getFirstPropertyValue('org'),
      title: one('title'),
      email: one('email'),
      tel: tel ? String(tel.getFirstValue()) : null,
      telType: tel ? tel.type : null,
      url: one('url'),
      note: one('note'),
      categories: (c.getFirstProperty('categories')?.getValues() ?? []).map(String),
    };
  });
}

/** A UTF-16 code unit that is half of a surrogate pair with its other half missing. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * RFC 6350 §3.2 (and RFC 5545 §3.1): no line longer than 75 octets, CRLF everywhere, continuation lines start
 * with one space, and a fold never splits a character. Judged on the raw units, never on a re-encoding:
 * TextEncoder turns half a surrogate pair into U+FFFD, which is valid UTF-8, so an encode-then-decode check
 * cannot fail. Bytes (a response body) are split at CRLF and each line must be strict UTF-8 on its own; a
 * string (a writer's output) must hold no lone surrogate in any line.
 */
export function checkFolding(input: string | Uint8Array) {
  const lines: Uint8Array[] = [];
  if (typeof input === 'string') {
    for (const line of input.split('\r\n')) {
      if (LONE_SURROGATE.test(line)) throw new Error(`a fold splits a surrogate pair: ${JSON.stringify(line)}`);
      lines.push(new TextEncoder().encode(line));
    }
  } else {
    let start = 0;
    for (let i = 0; i < input.length; i++)
      if (input[i] === 0x0d && input[i + 1] === 0x0a) {
        lines.push(input.subarray(start, i));
        start = i + 2;
      }
    lines.push(input.subarray(start));
  }
  const strict = new TextDecoder('utf-8', { fatal: true });
  for (const bytes of lines) {
    let line: string;
    try {
      line = strict.decode(bytes);
    } catch {
      throw new Error(`a fold splits a UTF-8 sequence: bytes ${Array.from(bytes.slice(-4), (b) => b.toString(16))}`);
    }
    if (bytes.length > 75) throw new Error(`line over 75 octets: ${line}`);
    if (line.includes('\n') || line.includes('\r')) throw new Error('bare line break inside a content line');
  }
}

/**
 * The files of a zip archive (an .xlsx), read with Node's own inflate and the archive's central directory:
 * independent of the writer's zip library.
 */
export function unzip(bytes: Uint8Array): Map<string, string> {
  const buf = Buffer.from(bytes);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('broken central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const unescapeXml = (v: string) =>
  v
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&amp;/g, '&');

export interface XlsxCell {
  ref: string;
  /** the cell's type attribute: s (shared string), inlineStr, str (a formula's text result), n, b … */
  type: string | null;
  hasFormula: boolean;
  /** the number format of the cell's style: 49 is Excel's built-in "@" (Text) */
  numFmt: string | null;
  text: string;
}

/**
 * An .xlsx read two ways: the raw cells of its first sheet from the XML (type, formula, number format, text
 * through the shared strings), and the values as read-excel-file, a spreadsheet reader, returns them.
 */
export async function readXlsx(bytes: Uint8Array) {
  const files = unzip(bytes);
  const sheetXml = files.get('xl/worksheets/sheet1.xml');
  if (!sheetXml) throw new Error(`no first sheet in ${[...files.keys()].join(', ')}`);
  const shared = [...(files.get('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...m[1]!.matchAll(/<t(?: [^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1]!)).join(''),
  );
  const styles = files.get('xl/styles.xml') ?? '';
  const customFormats = new Map(
    [...styles.matchAll(/<numFmt [^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"/g)].map((m) => [
      m[1]!,
      unescapeXml(m[2]!),
    ]),
  );
  const xfs = [...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '').matchAll(/<xf\b([^>]*)>/g)].map(
    (m) => /numFmtId="(\d+)"/.exec(m[1]!)?.[1] ?? '0',
  );
  const cells: XlsxCell[] = [...sheetXml.matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((m) => {
    const attr = (name: string) => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(m[1]!)?.[1] ?? null;
    const inner = m[2] ?? '';
    const type = attr('t');
    const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
    const inline = [...inner.matchAll(/<t(?: [^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1]!)).join('');
    const style = attr('s');
    const fmtId = style === null ? null : (xfs[Number(style)] ?? null);
    return {
      ref: attr('r') ?? '',
      type,
      hasFormula: /<f[\s>/]/.test(inner),
      numFmt: fmtId === null ? null : (customFormats.get(fmtId) ?? (fmtId === '49' ? '@' : `builtin ${fmtId}`)),
      text:
        type === 's'
          ? (shared[Number(v)] ?? '')
          : type === 'inlineStr'
            ? inline
            : v === undefined
              ? ''
              : unescapeXml(v),
    };
  });
  const anyFormula = [...files.entries()].some(
    ([name, xml]) => name.startsWith('xl/worksheets/') && /<f[\s>/]/.test(xml),
  );
  const values = await readSheet(Buffer.from(bytes));
  return { files, cells, anyFormula, values };
}
