import type { AssetReader } from '../lib/assets';
import { parseWoff, type TrueType } from './truetype';

/**
 * Which font draws each character of a badge in the PDF. A badge whose every line Helvetica can show (WinAnsi)
 * stays in Helvetica, which every PDF reader has. Any other badge is set in Noto: Noto Sans for Latin, Greek and
 * Cyrillic, Noto Sans SC/JP/KR for Chinese, Japanese and Korean, Noto Emoji (monochrome) for emoji. The fonts are
 * static assets (scripts/build-fonts.mjs copies them from their npm packages into public/fonts), cut in slices by
 * Unicode range; only the slices holding the names' characters are read.
 *
 * A cmap lookup draws one glyph per character, left to right. Scripts that need shaping (joining, reordering,
 * marks placed by the font) or right-to-left order come out wrong that way, and so do emoji sequences (flags,
 * skin tones, families): such badges are not drawn at all; the organizer prints them from the browser, which shapes.
 */

type Family = 'sans' | 'jp' | 'kr' | 'sc' | 'emoji';

export interface Face {
  /** the PDF resource name */
  name: string;
  /** e.g. "jp-12-700": family, slice, weight */
  key: string;
  font: TrueType;
  /** glyph id → the text it stands for (the PDF's ToUnicode map: copying and searching) */
  used: Map<number, string>;
}

export interface Run {
  face: Face;
  gids: number[];
}

const SHAPED_SCRIPTS = [
  ...['Arabic', 'Hebrew', 'Syriac', 'Thaana', 'Nko', 'Samaritan', 'Mandaic', 'Devanagari', 'Bengali', 'Gurmukhi'],
  ...['Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan'],
  ...['Myanmar', 'Khmer', 'Mongolian', 'Balinese', 'Javanese'],
];
// combining marks left after composing, joiners, skin tones, flags and emoji tags, and the scripts above
const NEEDS_SHAPING = new RegExp(
  `[\\p{M}\\u200c\\u200d\\p{Emoji_Modifier}\\p{Regional_Indicator}\\u{e0020}-\\u{e007f}${SHAPED_SCRIPTS.map((s) => `\\p{Script=${s}}`).join('')}]`,
  'u',
);

/** The same text as the browser would show it: composed characters, no emoji presentation selectors. */
export const clean = (text: string) => text.normalize('NFC').replace(/[\ufe0e\ufe0f]/g, '');

/** Whether drawing this text character by character would be wrong (see above). */
export const needsShaping = (text: string) => NEEDS_SHAPING.test(clean(text));

const order = (text: string): Family[] =>
  /\p{Script=Hangul}/u.test(text)
    ? ['sans', 'kr', 'jp', 'sc', 'emoji']
    : /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)
      ? ['sans', 'jp', 'sc', 'kr', 'emoji']
      : ['sans', 'sc', 'jp', 'kr', 'emoji'];

interface Index {
  /** [lo, hi, slice] triples, sorted by lo */
  ranges: number[][];
  reach: number[];
  files: Record<string, string>[];
}

export interface Fonts {
  /** the faces of the text, in runs; null when a character has no glyph in any font (or needs shaping) */
  runs(text: string, bold: boolean): Run[] | null;
  /** marks runs as drawn: their faces go into the PDF, with these glyphs and the text they stand for */
  use(runs: Run[], text: string): void;
  /** every face drawn with, in order of first use */
  faces: Face[];
}

/** Loads what the given lines need; runs() then answers for exactly those lines. */
export async function loadFonts(read: AssetReader | null, lines: { text: string; bold: boolean }[]): Promise<Fonts> {
  const indexes = new Map<Family, Promise<Index | null>>();
  const index = (family: Family) => {
    if (!indexes.has(family))
      indexes.set(
        family,
        (async () => {
          const bytes = read ? await read(`fonts/${family}.json`) : null;
          if (!bytes) return null;
          const json = JSON.parse(new TextDecoder().decode(bytes)) as {
            slices: { ranges: number[]; files: Record<string, string> }[];
          };
          const ranges = json.slices.flatMap((s, i) =>
            Array.from({ length: s.ranges.length / 2 }, (_, k) => [s.ranges[2 * k]!, s.ranges[2 * k + 1]!, i]),
          );
          ranges.sort((a, b) => a[0]! - b[0]!);
          let far = -1;
          const reach = ranges.map((r) => {
            far = Math.max(far, r[1]!);
            return far;
          });
          return { ranges, reach, files: json.slices.map((s) => s.files) };
        })(),
      );
    return indexes.get(family)!;
  };
  const loaded = new Map<string, Promise<Face | null>>();
  const face = (file: string, key: string) => {
    if (!loaded.has(key))
      loaded.set(
        key,
        (async () => {
          const bytes = read ? await read(`fonts/${file}`) : null;
          return bytes ? { name: '', key, font: await parseWoff(bytes), used: new Map() } : null;
        })(),
      );
    return loaded.get(key)!;
  };
  const pick = async (cp: number, families: Family[], bold: boolean) => {
    for (const family of families) {
      const idx = await index(family);
      for (const slice of idx ? findSlices(idx, cp) : []) {
        const files = idx!.files[slice]!;
        const weight = bold && files[700] ? 700 : 400;
        const f = await face(files[weight]!, `${family}-${slice}-${weight}`);
        const gid = f?.font.cmap.get(cp);
        if (f && gid) return { face: f, gid };
      }
    }
    return null;
  };
  // per character and weight, the face and glyph in each order of families a line asked for
  const chosen = new Map<string, Map<string, { face: Face; gid: number } | null>>();
  const wanted = lines.filter((l) => l.text && !needsShaping(l.text));
  await Promise.all(
    wanted.flatMap((l) => {
      const text = clean(l.text);
      const families = order(text);
      // "…" too: a line too long for the badge is shortened with it
      return [...new Set([...text, '…'])].map(async (ch) => {
        const key = `${l.bold ? 'b' : 'r'}${ch}`;
        const byOrder = chosen.get(key) ?? new Map();
        chosen.set(key, byOrder);
        byOrder.set(families.join(), await pick(ch.codePointAt(0)!, families, l.bold));
      });
    }),
  );
  const faces: Face[] = [];
  return {
    faces,
    runs(raw, bold) {
      const text = clean(raw);
      const families = order(text).join();
      const runs: Run[] = [];
      for (const ch of text) {
        const byOrder = chosen.get(`${bold ? 'b' : 'r'}${ch}`);
        const hit = byOrder?.get(families) ?? [...(byOrder?.values() ?? [])].find(Boolean);
        if (!hit) return null;
        const last = runs.at(-1);
        if (last?.face === hit.face) last.gids.push(hit.gid);
        else runs.push({ face: hit.face, gids: [hit.gid] });
      }
      return runs;
    },
    use(runs, text) {
      const chars = [...clean(text)];
      let i = 0;
      for (const r of runs) {
        if (!r.face.name) {
          faces.push(r.face);
          r.face.name = `N${faces.length}`;
        }
        for (const g of r.gids) r.face.used.set(g, chars[i++] ?? '');
      }
    },
  };
}

/** The slices whose ranges hold cp. Ranges may overlap (a slice of Latin holds some punctuation of others too). */
function findSlices(idx: Index, cp: number): number[] {
  const { ranges, reach } = idx;
  let [lo, hi] = [0, ranges.length - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]![0]! <= cp) lo = mid + 1;
    else hi = mid - 1;
  }
  const found: number[] = [];
  // hi is now the last range starting at or before cp; reach[i] is the furthest end of ranges 0..i
  for (let i = hi; i >= 0 && reach[i]! >= cp; i--) if (ranges[i]![1]! >= cp) found.push(ranges[i]![2]!);
  return found;
}

/** A run's width in mm at a font size in points. */
export const runsWidth = (runs: Run[], sizePt: number) =>
  runs.reduce((mm, r) => mm + r.gids.reduce((w, g) => w + r.face.font.advance(g), 0) / r.face.font.unitsPerEm, 0) *
  sizePt *
  (25.4 / 72);
