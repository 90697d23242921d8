import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/bundle-check.mjs is npm test's gate for the Worker's two budgets. Here it measures a tiny Worker in a temp
// dir (with klick's wrangler), once with budgets it cannot meet and once with budgets it meets.
const dir = mkdtempSync(path.join(tmpdir(), 'klick-budget-'));
writeFileSync(
  path.join(dir, 'wrangler.toml'),
  'name = "tiny"\nmain = "worker.js"\ncompatibility_date = "2026-04-01"\n',
);
writeFileSync(
  path.join(dir, 'worker.js'),
  'const table = Array.from({ length: 2e5 }, (_, i) => i * 2);\nexport default { fetch: () => new Response(String(table.length)) };\n',
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(...budgets: string[]) {
  const r = spawnSync(process.execPath, ['scripts/bundle-check.mjs', '--cwd', dir, '--runs', '1', ...budgets], {
    encoding: 'utf8',
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('the Worker budget gate', () => {
  it('fails when the bundle is over its gzip budget or the startup over its CPU budget', () => {
    const size = check('--gzip-kib', '0.01');
    expect(size.out).toMatch(/worker bundle: [\d.]+ KiB minified, [\d.]+ KiB gzip \(budget 0\.01 KiB\)/);
    expect(size.out).toContain('OVER BUDGET: the worker bundle');
    expect(size.status).toBe(1);

    const startup = check('--startup-ms', '0');
    expect(startup.out).toMatch(/worker startup CPU: [\d.]+ ms best of 1/);
    expect(startup.out).toContain("OVER BUDGET: the worker's startup CPU");
    expect(startup.status).toBe(1);
  }, 120_000);

  it('passes when both are within budget', () => {
    const ok = check('--gzip-kib', '1000', '--startup-ms', '1000');
    expect(ok.out).not.toContain('OVER BUDGET');
    expect(ok.status).toBe(0);
  }, 120_000);

  it('counts the samples of a profile, not the idle ones', async () => {
    const script = new URL('../../scripts/startup-cpu.mjs', import.meta.url).href;
    const { startupCpuMs } = (await import(script)) as { startupCpuMs(profile: object): number };
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)' } },
        { id: 2, callFrame: { functionName: '(idle)' } },
        { id: 3, callFrame: { functionName: 'init' } },
      ],
      samples: [2, 3, 3, 1, 2],
      timeDeltas: [40_000, 1_000, 1_500, 500, 9_000],
    };
    expect(startupCpuMs(profile)).toBe(3);
  });
});
