#!/usr/bin/env node
// The Worker bundle in npm test: builds it with wrangler (dry run, minified, no nodejs_compat) and prints its
// gzip size. A failed build fails the test run; the size is a figure against the budget, judged by `npm run bench`
// (DESIGN: budgets are measured, never timed tests). BUNDLE_BUDGET_STRICT=1 makes an overrun fail here too.
// Usage: node scripts/bundle-check.mjs [path/to/entry.ts]   (default: wrangler.toml's main)
import { measureBundle } from './bundle-size.mjs';

const script = process.argv[2];
try {
  const m = await measureBundle({ script });
  console.log(
    `worker bundle: ${m.kib.toFixed(1)} KiB minified, ${m.gzipKib.toFixed(1)} KiB gzip (budget ${m.budgetKib} KiB)`,
  );
  if (m.overBudget) {
    for (const f of m.files)
      console.error(`  ${f.file}: ${(f.bytes / 1024).toFixed(1)} KiB, ${(f.gzipBytes / 1024).toFixed(1)} KiB gzip`);
    console.error(`OVER BUDGET by ${(m.gzipKib - m.budgetKib).toFixed(1)} KiB gzip (see npm run bench)`);
    if (process.env.BUNDLE_BUDGET_STRICT === '1') process.exit(1);
  }
} catch (e) {
  console.error('bundle check failed: wrangler could not build the worker');
  if (e.output) console.error(e.output.trimEnd());
  else console.error(e);
  process.exit(1);
}
