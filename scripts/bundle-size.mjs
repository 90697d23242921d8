// Measures the Worker bundle as Cloudflare would receive it: wrangler's own minified dry-run build, gzipped at
// zlib's default level, as wrangler itself reports it ("Total Upload: … / gzip: …").
// Used by scripts/bundle-check.mjs (budget gate) and by the bench.
import { spawn } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// Issue 11's budget, per Worker: klick deploys as three Workers (README, "Deploying to Cloudflare Workers"), each
// its own upload and its own isolate, so each is held to it. One Worker with everything (stripe as shipped, the
// organizer's pages, both languages) measured 203 KiB; split, each carries only what its requests need. Over it,
// npm test fails.
export const BUDGET_KIB = 160;

/** The Workers of a deployment, by their wrangler files: what npm test's gate and the bench measure. */
export const WORKERS = [
  { name: 'main', config: 'wrangler.toml' },
  { name: 'organizer', config: 'wrangler.organizer.toml' },
  { name: 'payments', config: 'wrangler.payments.toml' },
];
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs `wrangler deploy --dry-run --outdir <outdir> --minify` (no network, no metrics) and sizes every .js file
 * it wrote. `script` overrides wrangler.toml's `main` (the positional argument of `wrangler deploy`).
 * `config` is relative to `cwd`.
 * Throws if wrangler fails (the error carries its output).
 * @param {{ cwd?: string, outdir?: string, script?: string, config?: string }} [options]
 * @returns {Promise<{ files: { file: string, bytes: number, gzipBytes: number }[], bytes: number, gzipBytes: number,
 *   kib: number, gzipKib: number, budgetKib: number, overBudget: boolean, wranglerMs: number }>}
 */
export async function measureBundle({ cwd = ROOT, outdir = 'dist', script, config = 'wrangler.toml' } = {}) {
  const outPath = path.resolve(cwd, outdir);
  await rm(outPath, { recursive: true, force: true });
  const args = ['deploy', '--dry-run', '--outdir', outdir, '--minify'];
  if (script) args.splice(1, 0, script);
  // explicit, or wrangler looks for a config next to a `script` outside the project
  args.push('--config', config);
  const started = performance.now();
  await wrangler(args, cwd);
  const wranglerMs = Math.round(performance.now() - started);

  const files = [];
  for (const entry of await readdir(outPath, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(m?js|cjs)$/.test(entry.name)) continue;
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    const data = await readFile(full);
    files.push({ file: path.relative(cwd, full), bytes: data.length, gzipBytes: gzipSync(data).length });
  }
  if (files.length === 0) throw new Error(`wrangler wrote no .js file to ${outPath}`);
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const gzipBytes = files.reduce((n, f) => n + f.gzipBytes, 0);
  const gzipKib = gzipBytes / 1024;
  return {
    files,
    bytes,
    gzipBytes,
    kib: bytes / 1024,
    gzipKib,
    budgetKib: BUDGET_KIB,
    overBudget: gzipKib > BUDGET_KIB,
    wranglerMs,
  };
}

/**
 * Runs klick's own wrangler (whatever the cwd, so a Worker in a temp dir is built by the same version) without
 * network or metrics; rejects with the output when it fails.
 */
export function wrangler(args, cwd) {
  const cmd = process.execPath;
  args = [path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(Object.assign(new Error(`wrangler ${args.slice(1).join(' ')} exited with ${code}`), { output }));
    });
  });
}
