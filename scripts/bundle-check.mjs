#!/usr/bin/env node
// Budget gate for the Worker bundle: builds it with wrangler (dry run, minified), gzips it, fails above budget.
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
    console.error(`over budget by ${(m.gzipKib - m.budgetKib).toFixed(1)} KiB gzip`);
    process.exit(1);
  }
} catch (e) {
  console.error('bundle check failed: wrangler could not build the worker');
  if (e.output) console.error(e.output.trimEnd());
  else console.error(e);
  process.exit(1);
}
