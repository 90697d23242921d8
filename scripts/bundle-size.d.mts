/** Types of scripts/bundle-size.mjs for TypeScript callers (the script itself runs under plain node). */
export const BUDGET_KIB: number;
export const WORKERS: { name: string; config: string }[];
export function measureBundle(options?: { cwd?: string; outdir?: string; script?: string; config?: string }): Promise<{
  files: { file: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  gzipBytes: number;
  kib: number;
  gzipKib: number;
  budgetKib: number;
  overBudget: boolean;
  wranglerMs: number;
}>;
export function wrangler(args: string[], cwd: string): Promise<string>;
