#!/usr/bin/env node
// Builds the host phone app (web/host) into public/host, which both runtimes serve as static files:
// Node through serveStatic, Workers through the ASSETS binding (wrangler.toml runs this as [build]).
// Output: index.html, app.js (+ chunks/ for the QR decoder, loaded only without a native BarcodeDetector),
// app.css, sw.js, manifest.webmanifest, icon.svg and the zxing wasm, which is served by klick, never a CDN.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { buildFonts } from './build-fonts.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = path.join(ROOT, 'web/host');
const OUT = path.join(ROOT, 'public/host');
const WASM = path.join(ROOT, 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm');
// Phones of the last few years: no transpiling of modern syntax, smaller and faster code.
const TARGET = ['chrome100', 'safari15', 'firefox100'];

export async function buildWeb() {
  const started = performance.now();
  // Everything is built in memory first and written only where it differs from what is there: `wrangler dev`
  // runs this as its [build] and watches the project, so a build that rewrote identical files would start the next.
  /** @type {Map<string, Uint8Array>} path relative to public/host → contents */
  const out = new Map();
  const keep = (result) => {
    for (const f of result.outputFiles) out.set(path.relative(OUT, f.path), f.contents);
  };

  const app = await build({
    entryPoints: { app: path.join(SRC, 'main.ts') },
    outdir: OUT,
    bundle: true,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    target: TARGET,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  keep(app);
  const appFiles = [...out.keys()];
  keep(
    await build({
      entryPoints: [path.join(SRC, 'app.css')],
      outfile: path.join(OUT, 'app.css'),
      minify: true,
      target: TARGET,
      write: false,
      logLevel: 'warning',
    }),
  );
  for (const f of ['index.html', 'manifest.webmanifest', 'icon.svg']) out.set(f, await readFile(path.join(SRC, f)));
  out.set('zxing_reader.wasm', await readFile(WASM));

  // Everything the app needs offline. The build id changes whenever any of it changes, which makes
  // sw.js differ byte for byte, so phones install the new version.
  const files = [...appFiles, 'app.css', 'index.html', 'manifest.webmanifest', 'icon.svg', 'zxing_reader.wasm'].sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(out.get(f));
  const buildId = hash.digest('hex').slice(0, 12);
  const precache = ['/host/', ...files.filter((f) => f !== 'index.html').map((f) => `/host/${f}`)];

  keep(
    await build({
      entryPoints: [path.join(SRC, 'sw.ts')],
      outfile: path.join(OUT, 'sw.js'),
      bundle: true,
      format: 'iife',
      minify: true,
      target: TARGET,
      write: false,
      define: { __BUILD__: JSON.stringify(buildId), __PRECACHE__: JSON.stringify(precache) },
      logLevel: 'warning',
    }),
  );
  // Node serves these instead when the browser accepts gzip (serveStatic precompressed); Workers compress
  // on their own, and public/.assetsignore keeps the copies out of the upload.
  for (const f of [...files, 'sw.js']) out.set(`${f}.gz`, gzipSync(out.get(f), { level: 9 }));
  out.set('build.json', Buffer.from(`${JSON.stringify({ buildId, files: [...files, 'sw.js'] }, null, 2)}\n`));
  const written = await syncDir(OUT, out);
  return { buildId, files: [...files, 'sw.js'], written, ms: Math.round(performance.now() - started) };
}

/** Makes `dir` hold exactly `files`, touching only what differs. Returns how many files it wrote or removed. */
export async function syncDir(dir, files) {
  await mkdir(dir, { recursive: true });
  let changed = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name));
    if (entry.isFile() && !files.has(rel)) {
      await rm(path.join(dir, rel));
      changed++;
    }
  }
  for (const [rel, data] of files) {
    const file = path.join(dir, rel);
    const old = await readFile(file).catch(() => null);
    if (old && Buffer.compare(old, data) === 0) continue;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
    changed++;
  }
  return changed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await buildWeb();
  console.log(
    `host app built into public/host in ${r.ms} ms (build ${r.buildId}, ${r.files.length} files, ${r.written} written)`,
  );
  const f = await buildFonts();
  console.log(`badge fonts copied into public/fonts in ${f.ms} ms (${f.files} files, ${f.written} written)`);
}
