/**
 * The little of TrueType the badge PDF needs: a WOFF 1.0 file unpacked into its tables, the character map, advance
 * widths and the metrics of a PDF font descriptor, and a subset for embedding. The subset keeps every glyph id (so
 * the PDF's character ids are the glyph ids: Identity-H with CIDToGIDMap /Identity) and empties every glyph not
 * drawn, which shrinks a CJK slice of ~300 glyphs to the few a name uses.
 */
export interface TrueType {
  tables: Map<string, Uint8Array>;
  unitsPerEm: number;
  /** font units: xMin, yMin, xMax, yMax */
  bbox: [number, number, number, number];
  ascent: number;
  descent: number;
  capHeight: number;
  numGlyphs: number;
  /** code point → glyph id */
  cmap: Map<number, number>;
  /** advance width of a glyph, in font units */
  advance(gid: number): number;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const tag = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

/** zlib's format is "deflate" in the Compression Streams API (on Workers and Node alike: no inflater in the bundle). */
async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** WOFF 1.0 (https://www.w3.org/TR/WOFF/): a table directory, each table zlib-compressed unless that saved nothing. */
export async function parseWoff(woff: Uint8Array): Promise<TrueType> {
  const d = view(woff);
  if (tag(woff, 0) !== 'wOFF' || d.getUint32(4) !== 0x00010000) throw new Error('not a TrueType WOFF 1.0 file');
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < d.getUint16(12); i++) {
    const at = 44 + i * 20;
    const [offset, comp, orig] = [d.getUint32(at + 4), d.getUint32(at + 8), d.getUint32(at + 12)];
    const raw = woff.subarray(offset, offset + comp);
    tables.set(tag(woff, at), comp < orig ? await inflate(raw) : raw);
  }
  return parseTables(tables);
}

function parseTables(tables: Map<string, Uint8Array>): TrueType {
  const need = (t: string) => {
    const b = tables.get(t);
    if (!b) throw new Error(`font without a ${t} table`);
    return view(b);
  };
  const [head, hhea, maxp, hmtx] = [need('head'), need('hhea'), need('maxp'), need('hmtx')];
  const os2 = tables.has('OS/2') ? view(tables.get('OS/2')!) : null;
  const metrics = hhea.getUint16(34);
  const ascent = hhea.getInt16(4);
  return {
    tables,
    unitsPerEm: head.getUint16(18),
    bbox: [head.getInt16(36), head.getInt16(38), head.getInt16(40), head.getInt16(42)],
    ascent,
    descent: hhea.getInt16(6),
    capHeight: os2 && os2.getUint16(0) >= 2 ? os2.getInt16(88) : Math.round(ascent * 0.7),
    numGlyphs: maxp.getUint16(4),
    cmap: parseCmap(need('cmap')),
    advance: (gid) => hmtx.getUint16(4 * Math.min(gid, metrics - 1)),
  };
}

/** The Unicode subtable: format 12 (all planes) where there is one, else format 4 (the BMP). */
function parseCmap(d: DataView): Map<number, number> {
  const map = new Map<number, number>();
  const subtables = Array.from({ length: d.getUint16(2) }, (_, i) => ({
    platform: d.getUint16(4 + i * 8),
    offset: d.getUint32(8 + i * 8),
  })).filter((s) => s.platform === 0 || s.platform === 3);
  const format = (s: { offset: number }) => d.getUint16(s.offset);
  const best = subtables.find((s) => format(s) === 12) ?? subtables.find((s) => format(s) === 4);
  if (!best) return map;
  const o = best.offset;
  if (format(best) === 12) {
    for (let g = 0; g < d.getUint32(o + 12); g++) {
      const at = o + 16 + g * 12;
      const [start, end, gid] = [d.getUint32(at), d.getUint32(at + 4), d.getUint32(at + 8)];
      for (let c = start; c <= end; c++) map.set(c, gid + c - start);
    }
    return map;
  }
  const segs = d.getUint16(o + 6) / 2;
  const ends = o + 14;
  const starts = ends + 2 * segs + 2;
  const deltas = starts + 2 * segs;
  const rangeOffsets = deltas + 2 * segs;
  for (let s = 0; s < segs; s++) {
    const [start, end] = [d.getUint16(starts + 2 * s), d.getUint16(ends + 2 * s)];
    const [delta, ro] = [d.getUint16(deltas + 2 * s), d.getUint16(rangeOffsets + 2 * s)];
    for (let c = start; c <= end && c !== 0xffff; c++) {
      const g = ro === 0 ? c : d.getUint16(rangeOffsets + 2 * s + ro + 2 * (c - start));
      const gid = ro !== 0 && g === 0 ? 0 : (g + delta) & 0xffff;
      if (gid) map.set(c, gid);
    }
  }
  return map;
}

/** The glyphs a set of glyphs needs: composite glyphs draw other glyphs, which must stay in the subset. */
function withComponents(glyf: DataView, loca: (gid: number) => [number, number], gids: Iterable<number>) {
  const keep = new Set<number>();
  const visit = (gid: number) => {
    if (keep.has(gid)) return;
    keep.add(gid);
    const [from, to] = loca(gid);
    if (to - from < 10 || glyf.getInt16(from) >= 0) return;
    let at = from + 10;
    for (;;) {
      const flags = glyf.getUint16(at);
      visit(glyf.getUint16(at + 2));
      at += 4 + (flags & 0x1 ? 4 : 2) + (flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
      if (!(flags & 0x20)) break;
    }
  };
  for (const g of [0, ...gids]) visit(g);
  return keep;
}

/** A TrueType file holding only the given glyphs (at their own ids) and the tables a PDF reader uses to draw them. */
export function subsetFont(font: TrueType, gids: Iterable<number>): Uint8Array {
  const head = view(font.tables.get('head')!);
  const long = head.getInt16(50) === 1;
  const locaTable = view(font.tables.get('loca')!);
  const loca = (gid: number): [number, number] =>
    long
      ? [locaTable.getUint32(4 * gid), locaTable.getUint32(4 * gid + 4)]
      : [2 * locaTable.getUint16(2 * gid), 2 * locaTable.getUint16(2 * gid + 2)];
  const glyfBytes = font.tables.get('glyf')!;
  const keep = withComponents(view(glyfBytes), loca, gids);
  const parts: Uint8Array[] = [];
  const newLoca = new DataView(new ArrayBuffer(4 * (font.numGlyphs + 1)));
  let size = 0;
  for (let gid = 0; gid < font.numGlyphs; gid++) {
    newLoca.setUint32(4 * gid, size);
    if (!keep.has(gid)) continue;
    const [from, to] = loca(gid);
    const glyph = glyfBytes.subarray(from, to);
    parts.push(glyph, new Uint8Array((4 - (glyph.length % 4)) % 4));
    size += glyph.length + ((4 - (glyph.length % 4)) % 4);
  }
  newLoca.setUint32(4 * font.numGlyphs, size);
  const glyf = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    glyf.set(p, at);
    at += p.length;
  }
  const newHead = font.tables.get('head')!.slice();
  view(newHead).setInt16(50, 1); // long offsets
  view(newHead).setUint32(8, 0); // checkSumAdjustment: left 0, PDF readers do not check it
  const tables = new Map<string, Uint8Array>([
    ['glyf', glyf],
    ['head', newHead],
    ['loca', new Uint8Array(newLoca.buffer)],
  ]);
  for (const t of ['cvt ', 'fpgm', 'hhea', 'hmtx', 'maxp', 'prep'])
    if (font.tables.has(t)) tables.set(t, font.tables.get(t)!);
  return writeSfnt(tables);
}

const checksum = (b: Uint8Array) => {
  const padded = new Uint8Array(Math.ceil(b.length / 4) * 4);
  padded.set(b);
  const d = view(padded);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + d.getUint32(i)) >>> 0;
  return sum;
};

/** An sfnt file: the header, the table records in tag order, then each table on a 4-byte boundary. */
function writeSfnt(tables: Map<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  const pow = 2 ** Math.floor(Math.log2(n));
  let offset = 12 + 16 * n;
  const total = tags.reduce((s, t) => s + Math.ceil(tables.get(t)!.length / 4) * 4, offset);
  const out = new Uint8Array(total);
  const d = view(out);
  d.setUint32(0, 0x00010000);
  d.setUint16(4, n);
  d.setUint16(6, pow * 16);
  d.setUint16(8, Math.log2(pow));
  d.setUint16(10, n * 16 - pow * 16);
  tags.forEach((t, i) => {
    const b = tables.get(t)!;
    const rec = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[rec + k] = t.charCodeAt(k);
    d.setUint32(rec + 4, checksum(b));
    d.setUint32(rec + 8, offset);
    d.setUint32(rec + 12, b.length);
    out.set(b, offset);
    offset += Math.ceil(b.length / 4) * 4;
  });
  return out;
}
