#!/usr/bin/env node
// The Worker's budgets in npm test (gzip size: BUDGET_KIB in bundle-size.mjs, startup CPU ≤ 30 ms,
// best of 3). Builds the Worker with wrangler (dry run, minified, no nodejs_compat), sizes it, profiles its startup
// with `wrangler check startup`, prints both figures and exits 1 when either is over its budget or the build fails.
// Usage: node scripts/bundle-check.mjs [--cwd dir] [--config wrangler.toml] [--gzip-kib N] [--startup-ms N] [--runs N]
//   (the flags point it at another Worker or other budgets; test/scripts/budget-check.test.ts uses them)
import { parseArgs } from 'node:util';
import { BUDGET_KIB, measureBundle } from './bundle-size.mjs';
import { measureStartup, STARTUP_BUDGET_MS } from './startup-cpu.mjs';

const { values: opt } = parseArgs({
  options: {
    cwd: { type: 'string' },
    config: { type: 'string', default: 'wrangler.toml' },
    'gzip-kib': { type: 'string', default: String(BUDGET_KIB) },
    'startup-ms': { type: 'string', default: String(STARTUP_BUDGET_MS) },
    runs: { type: 'string', default: '3' },
  },
});
const where = { ...(opt.cwd ? { cwd: opt.cwd } : {}), config: opt.config };
const gzipBudget = Number(opt['gzip-kib']);
let failed = false;

try {
  const m = await measureBundle(where);
  const over = m.gzipKib > gzipBudget;
  console.log(
    `worker bundle: ${m.kib.toFixed(1)} KiB minified, ${m.gzipKib.toFixed(1)} KiB gzip (budget ${gzipBudget} KiB)`,
  );
  if (over) {
    for (const f of m.files)
      console.error(`  ${f.file}: ${(f.bytes / 1024).toFixed(1)} KiB, ${(f.gzipBytes / 1024).toFixed(1)} KiB gzip`);
    console.error(`OVER BUDGET: the worker bundle is ${(m.gzipKib - gzipBudget).toFixed(1)} KiB gzip over`);
    failed = true;
  }
} catch (e) {
  console.error('bundle check failed: wrangler could not build the worker');
  console.error(e.output ? e.output.trimEnd() : e);
  process.exit(1);
}

try {
  const s = await measureStartup({ ...where, runs: Number(opt.runs), budgetMs: Number(opt['startup-ms']) });
  console.log(
    `worker startup CPU: ${s.bestMs} ms best of ${s.runsMs.length} (${s.runsMs.join(', ')} ms; budget ${s.budgetMs} ms)`,
  );
  if (s.overBudget) {
    console.error(`OVER BUDGET: the worker's startup CPU is ${(s.bestMs - s.budgetMs).toFixed(1)} ms over`);
    failed = true;
  }
} catch (e) {
  console.error('startup check failed: wrangler check startup did not profile the worker');
  console.error(e.output ? e.output.trimEnd() : e);
  process.exit(1);
}

if (failed) process.exit(1);
