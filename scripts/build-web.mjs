#!/usr/bin/env node
// Builds the host phone app (web/host) into public/host, which both runtimes serve as static files:
// Node through serveStatic, Workers through the ASSETS binding (wrangler.toml runs this as [build]).
// Output: index.html, app.js (+ chunks/ for the QR decoder, loaded only without a native BarcodeDetector),
// app.css, sw.js, manifest.webmanifest, icon.svg and the zxing wasm, which is served by klick, never a CDN.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = path.join(ROOT, 'web/host');
const OUT = path.join(ROOT, 'public/host');
const WASM = path.join(ROOT, 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm');
// Phones of the last few years: no transpiling of modern syntax, smaller and faster code.
const TARGET = ['chrome100', 'safari15', 'firefox100'];

export async function buildWeb() {
  const started = performance.now();
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });

  const app = await build({
    entryPoints: { app: path.join(SRC, 'main.ts') },
    outdir: OUT,
    bundle: true,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    target: TARGET,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  await build({
    entryPoints: [path.join(SRC, 'app.css')],
    outfile: path.join(OUT, 'app.css'),
    minify: true,
    target: TARGET,
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'manifest.webmanifest', 'icon.svg'])
    await copyFile(path.join(SRC, f), path.join(OUT, f));
  await copyFile(WASM, path.join(OUT, 'zxing_reader.wasm'));

  // Everything the app needs offline. The build id changes whenever any of it changes, which makes
  // sw.js differ byte for byte, so phones install the new version.
  const files = [
    ...Object.keys(app.metafile.outputs).map((f) => path.relative(OUT, path.resolve(ROOT, f))),
    'app.css',
    'index.html',
    'manifest.webmanifest',
    'icon.svg',
    'zxing_reader.wasm',
  ].sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(await readFile(path.join(OUT, f)));
  const buildId = hash.digest('hex').slice(0, 12);
  const precache = ['/host/', ...files.filter((f) => f !== 'index.html').map((f) => `/host/${f}`)];

  await build({
    entryPoints: [path.join(SRC, 'sw.ts')],
    outfile: path.join(OUT, 'sw.js'),
    bundle: true,
    format: 'iife',
    minify: true,
    target: TARGET,
    define: { __BUILD__: JSON.stringify(buildId), __PRECACHE__: JSON.stringify(precache) },
    logLevel: 'warning',
  });
  // Node serves these instead when the browser accepts gzip (serveStatic precompressed); Workers compress
  // on their own, and public/.assetsignore keeps the copies out of the upload.
  for (const f of [...files, 'sw.js']) {
    const data = await readFile(path.join(OUT, f));
    await writeFile(path.join(OUT, `${f}.gz`), gzipSync(data, { level: 9 }));
  }
  await writeFile(
    path.join(OUT, 'build.json'),
    `${JSON.stringify({ buildId, files: [...files, 'sw.js'] }, null, 2)}\n`,
  );
  return { buildId, files: [...files, 'sw.js'], ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await buildWeb();
  console.log(`host app built into public/host in ${r.ms} ms (build ${r.buildId}, ${r.files.length} files)`);
}
