#!/usr/bin/env node
// The Workers' budgets in npm test (gzip size: BUDGET_KIB in bundle-size.mjs, startup CPU ≤ 30 ms, best of 3),
// for each of klick's Workers (WORKERS in bundle-size.mjs: main, organizer, payments). Builds each with wrangler
// (dry run, minified, no nodejs_compat), sizes it, profiles its startup with `wrangler check startup`, prints the
// figures and exits 1 when any is over its budget or a build fails.
// Usage: node scripts/bundle-check.mjs [--cwd dir] [--config wrangler.toml] [--gzip-kib N] [--startup-ms N] [--runs N]
//   (--cwd or --config check that one Worker instead; test/scripts/budget-check.test.ts uses them)
import { parseArgs } from 'node:util';
import { BUDGET_KIB, measureBundle, WORKERS } from './bundle-size.mjs';
import { measureStartup, STARTUP_BUDGET_MS } from './startup-cpu.mjs';

const { values: opt } = parseArgs({
  options: {
    cwd: { type: 'string' },
    config: { type: 'string' },
    'gzip-kib': { type: 'string', default: String(BUDGET_KIB) },
    'startup-ms': { type: 'string', default: String(STARTUP_BUDGET_MS) },
    runs: { type: 'string', default: '3' },
  },
});
const gzipBudget = Number(opt['gzip-kib']);
const workers =
  opt.cwd || opt.config
    ? [{ name: opt.config ?? 'worker', config: opt.config ?? 'wrangler.toml', cwd: opt.cwd }]
    : WORKERS.map((w) => ({ ...w, cwd: undefined }));
let failed = false;

for (const w of workers) {
  const where = { ...(w.cwd ? { cwd: w.cwd } : {}), config: w.config };
  const label = workers.length > 1 ? `${w.name} worker` : 'worker';
  try {
    const m = await measureBundle(where);
    console.log(
      `${label} bundle: ${m.kib.toFixed(1)} KiB minified, ${m.gzipKib.toFixed(1)} KiB gzip (budget ${gzipBudget} KiB)`,
    );
    if (m.gzipKib > gzipBudget) {
      for (const f of m.files)
        console.error(`  ${f.file}: ${(f.bytes / 1024).toFixed(1)} KiB, ${(f.gzipBytes / 1024).toFixed(1)} KiB gzip`);
      console.error(`OVER BUDGET: the ${label} bundle is ${(m.gzipKib - gzipBudget).toFixed(1)} KiB gzip over`);
      failed = true;
    }
  } catch (e) {
    console.error(`bundle check failed: wrangler could not build the ${label} (${w.config})`);
    console.error(e.output ? e.output.trimEnd() : e);
    process.exit(1);
  }

  try {
    const s = await measureStartup({ ...where, runs: Number(opt.runs), budgetMs: Number(opt['startup-ms']) });
    console.log(
      `${label} startup CPU: ${s.bestMs} ms best of ${s.runsMs.length} (${s.runsMs.join(', ')} ms; budget ${s.budgetMs} ms)`,
    );
    if (s.overBudget) {
      console.error(`OVER BUDGET: the ${label}'s startup CPU is ${(s.bestMs - s.budgetMs).toFixed(1)} ms over`);
      failed = true;
    }
  } catch (e) {
    console.error(`startup check failed: wrangler check startup did not profile the ${label} (${w.config})`);
    console.error(e.output ? e.output.trimEnd() : e);
    process.exit(1);
  }
}

if (failed) process.exit(1);
