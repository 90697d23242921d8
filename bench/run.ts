/**
 * npm run bench: starts klick once (temp file DB, demo payments, no timed work), runs each benchmark
 * in bench/, prints one table and writes bench/results.json. A benchmark is a function
 * (server) => Promise<BenchResult>; add new ones to `benchmarks` below.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Deps, Log } from '../src/deps';
import type { CreateEventInput } from '../src/events/schema';
import { startServer } from '../src/server';
import { benchCheckin } from './checkin';
import { benchExport } from './export';
import { benchGreet } from './greet';
import { benchHostApp } from './host-app';
import { benchEventPage } from './page-size';
import { benchPurchase } from './purchase';
import { benchScanner } from './scanner';
import { benchWaitlist } from './waitlist';

export interface Row {
  metric: string;
  value: number | string;
  unit: string;
  /** e.g. "= 92" or "≤ 20 KB"; empty when the figure is informational */
  budget?: string;
  ok?: boolean;
  /** for a target: what the time is made of, in figures of the same run (printed when the target is missed) */
  why?: string;
}

export interface BenchResult {
  name: string;
  rows: Row[];
  data: Record<string, unknown>;
}

export interface BenchServer {
  url: string;
  adminToken: string;
  deps: Deps;
  /** POST /api/admin/events with a fresh slug; returns the created event */
  createEvent(overrides?: Partial<CreateEventInput>): Promise<{ id: string; slug: string; capacity: number }>;
}

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const DAY = 86_400_000;

async function withServer<T>(fn: (s: BenchServer) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'klick-bench-'));
  const errors: string[] = [];
  const log: Log = { info: () => {}, error: (msg, fields) => errors.push(`${msg} ${JSON.stringify(fields ?? {})}`) };
  const server = await startServer({
    env: { DATABASE_URL: `file:${join(dir, 'klick.db')}`, PORT: '0', ENVIRONMENT: 'test', ADMIN_TOKEN },
    jobsEvery: 0,
    seed: false,
    log,
  });
  let n = 0;
  const bench: BenchServer = {
    url: server.url,
    adminToken: ADMIN_TOKEN,
    deps: server.deps,
    async createEvent(overrides = {}) {
      const startsAt = Date.now() + 30 * DAY;
      const res = await fetch(`${server.url}/api/admin/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          slug: `bench-${++n}`,
          title: 'Network Dinner Frankfurt',
          description: 'Ein Abend, 92 Gäste, vier Gänge. Bitte pünktlich, die Tür schließt um 19:15.',
          venue: 'Hotel am Main',
          address: 'Mainkai 1, 60311 Frankfurt am Main',
          hostName: 'Host',
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + 4 * 3_600_000).toISOString(),
          timezone: 'Europe/Berlin',
          priceCents: 5000,
          currency: 'EUR',
          capacity: 92,
          ...overrides,
        }),
      });
      if (res.status !== 201) throw new Error(`creating the event failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string; slug: string; capacity: number };
    },
  };
  try {
    return await fn(bench);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    if (errors.length) console.error(`server logged ${errors.length} error(s), first: ${errors[0]}`);
  }
}

/**
 * The Workers' two budgets, measured as npm test's gate (scripts/bundle-check.mjs) measures them, for each of
 * klick's Workers: the gzip size of wrangler's minified dry-run build, and the startup CPU of
 * `wrangler check startup`, best of 3.
 */
async function benchWorker(): Promise<BenchResult> {
  const bundle = (await import(pathToFileURL(resolve(import.meta.dirname, '../scripts/bundle-size.mjs')).href)) as {
    WORKERS: { name: string; config: string }[];
    measureBundle(o: {
      config: string;
    }): Promise<{ kib: number; gzipKib: number; budgetKib: number; overBudget: boolean }>;
  };
  const startup = (await import(pathToFileURL(resolve(import.meta.dirname, '../scripts/startup-cpu.mjs')).href)) as {
    measureStartup(o: {
      config: string;
    }): Promise<{ runsMs: number[]; bestMs: number; budgetMs: number; overBudget: boolean }>;
  };
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  for (const { name, config } of bundle.WORKERS) {
    const b = await bundle.measureBundle({ config });
    const s = await startup.measureStartup({ config });
    data[name] = { bundle: b, startup: s };
    rows.push(
      { metric: `${name} worker bundle minified`, value: round(b.kib, 1), unit: 'KiB' },
      {
        metric: `${name} worker bundle gzip`,
        value: round(b.gzipKib, 1),
        unit: 'KiB',
        budget: `≤ ${b.budgetKib} KiB`,
        ok: !b.overBudget,
      },
      {
        metric: `${name} worker startup CPU, best of ${s.runsMs.length} (${s.runsMs.join(' / ')})`,
        value: s.bestMs,
        unit: 'ms',
        budget: `≤ ${s.budgetMs} ms`,
        ok: !s.overBudget,
      },
    );
  }
  return { name: 'bundle', rows, data };
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function printTable(results: BenchResult[]) {
  const lines = results.flatMap((r) =>
    r.rows.map((row) => [
      r.name,
      row.metric,
      `${row.value}${row.unit ? ` ${row.unit}` : ''}`,
      row.budget ?? '',
      row.ok === undefined ? '' : row.ok ? 'ok' : 'OVER',
    ]),
  );
  const head = ['bench', 'metric', 'value', 'budget', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const fmt = (l: string[]) =>
    l
      .map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(`\n${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const l of lines) console.log(fmt(l));
  const missed = results.flatMap((r) =>
    r.rows.filter((row) => row.ok === false).map((row) => ({ bench: r.name, row })),
  );
  if (!missed.some((m) => m.row.why)) return;
  console.log('\nmissed, and where the time goes (figures of this run):');
  for (const { bench, row } of missed) if (row.why) console.log(`- ${bench}: ${row.metric}: ${row.why}`);
}

const benchmarks: ((s: BenchServer) => Promise<BenchResult>)[] = [
  benchPurchase,
  benchEventPage,
  benchExport,
  benchCheckin,
  benchHostApp,
  benchGreet,
  benchWaitlist,
  benchScanner,
];

// BENCH_ONLY=checkin,greet runs only those (by result name: purchase, event-page, export, checkin, host-app, greet,
// waitlist, scanner, bundle).
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const wanted = (name: string) => !only || only.includes(name);
const names = ['purchase', 'event-page', 'export', 'checkin', 'host-app', 'greet', 'waitlist', 'scanner'];
const results: BenchResult[] = [];
await withServer(async (server) => {
  for (const [i, b] of benchmarks.entries()) if (wanted(names[i] ?? '')) results.push(await b(server));
});
if (wanted('bundle')) results.push(await benchWorker());
printTable(results);

const out = resolve(import.meta.dirname, 'results.json');
writeFileSync(
  out,
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '' },
      results: Object.fromEntries(results.map((r) => [r.name, { ...r.data, rows: r.rows }])),
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwritten to ${out}`);
const over = results.flatMap((r) => r.rows).filter((row) => row.ok === false);
if (over.length) {
  console.error(`${over.length} figure(s) over budget: ${over.map((r) => r.metric).join(', ')}`);
  process.exitCode = 1;
}
