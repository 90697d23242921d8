#!/usr/bin/env node
// Copies the fonts of the badge PDF (src/badges/fonts.ts) from their npm packages into public/fonts, which both
// runtimes serve as static files: Node reads them from disk, Workers through the ASSETS binding. They never go into
// the Worker's code bundle. All are Noto fonts (SIL Open Font License 1.1), as Fontsource packs them: each font cut
// into slices by Unicode range (the slices Google Fonts serves), each slice a WOFF 1.0 file, that is a TrueType font
// whose tables are zlib-compressed. A PDF loads only the slices holding the characters its names need.
// Output: <family>.json per family (its slices: Unicode ranges and file per weight) and the .woff files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncDir } from './build-web.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'public/fonts');

/** family id → package and weights (a family with one weight uses it for bold too). */
export const FAMILIES = {
  // Latin (with extended, Vietnamese), Greek and Cyrillic; Devanagari is left out: it needs shaping
  sans: { pkg: '@fontsource/noto-sans', weights: [400, 700], skip: ['devanagari'] },
  jp: { pkg: '@fontsource/noto-sans-jp', weights: [400, 700] },
  kr: { pkg: '@fontsource/noto-sans-kr', weights: [400, 700] },
  sc: { pkg: '@fontsource/noto-sans-sc', weights: [400, 700] },
  // monochrome emoji: one glyph per code point (sequences need the browser)
  emoji: { pkg: '@fontsource/noto-emoji', weights: [400] },
};

/** "U+0370-0377,U+038C" → [0x370, 0x377, 0x38c, 0x38c] */
const ranges = (text) =>
  text.split(',').flatMap((r) => {
    const [lo, hi] = r.trim().slice(2).split('-');
    return [Number.parseInt(lo, 16), Number.parseInt(hi ?? lo, 16)];
  });

/** The @font-face rules of one weight's CSS: slice name, .woff file, Unicode ranges. */
async function faces(dir, weight) {
  const css = await readFile(path.join(dir, `${weight}.css`), 'utf8');
  return [...css.matchAll(/\/\* (\S+) \*\/\s*@font-face \{([^}]*)\}/g)].map(([, name, body]) => ({
    slice: name.replace(/-\d+-normal$/, ''),
    woff: /url\(\.\/files\/([^)]+\.woff)\) format\('woff'\)/.exec(body)[1],
    ranges: ranges(/unicode-range: ([^;]+);/.exec(body)[1]),
  }));
}

export async function buildFonts() {
  const started = performance.now();
  const out = new Map();
  for (const [family, { pkg, weights, skip = [] }] of Object.entries(FAMILIES)) {
    const dir = path.join(ROOT, 'node_modules', pkg);
    const slices = new Map();
    for (const weight of weights) {
      for (const face of await faces(dir, weight)) {
        if (skip.some((s) => face.slice.endsWith(`-${s}`))) continue;
        const file = `${family}/${face.woff}`;
        out.set(file, await readFile(path.join(dir, 'files', face.woff)));
        const slice = slices.get(face.slice) ?? { ranges: face.ranges, files: {} };
        slice.files[weight] = file;
        slices.set(face.slice, slice);
      }
    }
    const version = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')).version;
    const index = { family, source: `${pkg}@${version}`, license: 'OFL-1.1', slices: [...slices.values()] };
    out.set(`${family}.json`, Buffer.from(JSON.stringify(index)));
  }
  const written = await syncDir(OUT, out);
  return { files: out.size, written, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await buildFonts();
  console.log(`badge fonts copied into public/fonts in ${r.ms} ms (${r.files} files, ${r.written} written)`);
}
