import type { Face } from './fonts';
import type { PdfFile } from './pdf-file';
import { subsetFont } from './truetype';

/**
 * One embedded face as PDF objects: a Type 0 font with Identity-H encoding (two bytes per character, the glyph id),
 * its CIDFontType2 with the widths of the glyphs drawn (from hmtx), the font descriptor with the subset TrueType
 * file, and a ToUnicode CMap, so the PDF's text can be copied and searched as what it says.
 */
export async function writeFace(pdf: PdfFile, face: Face): Promise<number> {
  const f = face.font;
  const scale = (v: number) => Math.round((v * 1000) / f.unitsPerEm);
  const gids = [...face.used.keys()].sort((a, b) => a - b);
  // a subset's name has a tag of six capitals (ISO 32000-1, 9.6.4), here from the face's number
  const tag = face.name
    .replace(/\D/g, '')
    .padStart(6, '0')
    .replace(/\d/g, (d) => String.fromCharCode(65 + Number(d)));
  const baseName = `${tag}+Noto-${face.key}`;
  const sfnt = subsetFont(f, gids);
  const file = await pdf.stream(sfnt, `/Length1 ${sfnt.length} `);
  const descriptor = pdf.add(
    `<< /Type /FontDescriptor /FontName /${baseName} /Flags 4 /FontBBox [${f.bbox.map(scale).join(' ')}] ` +
      `/ItalicAngle 0 /Ascent ${scale(f.ascent)} /Descent ${scale(f.descent)} /CapHeight ${scale(f.capHeight)} ` +
      `/StemV 80 /FontFile2 ${file} 0 R >>`,
  );
  const widths = gids.map((g) => `${g} [${scale(f.advance(g))}]`).join(' ');
  const cid = pdf.add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${baseName} ` +
      `/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> ` +
      `/FontDescriptor ${descriptor} 0 R /W [${widths}] /CIDToGIDMap /Identity >>`,
  );
  const toUnicode = await pdf.stream(toUnicodeCMap(face.used));
  return pdf.add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /${baseName} /Encoding /Identity-H ` +
      `/DescendantFonts [${cid} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
const utf16 = (text: string) => Array.from({ length: text.length }, (_, i) => hex4(text.charCodeAt(i))).join('');

/** The CMap that maps each glyph id back to its characters (ISO 32000-1, 9.10.3); at most 100 entries a block. */
function toUnicodeCMap(used: Map<number, string>): string {
  const entries = [...used].filter(([, text]) => text).map(([gid, text]) => `<${hex4(gid)}> <${utf16(text)}>`);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** A run of glyphs as a PDF string: two bytes per glyph id (Identity-H). */
export const glyphHex = (gids: number[]) => `<${gids.map(hex4).join('')}>`;
