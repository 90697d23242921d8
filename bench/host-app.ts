/**
 * The host app in Debian's Chromium at a phone viewport, with a fake camera filming a 640×480 clip
 * of real tickets' QR codes:
 * - scan → verdict: from the start of decoding the frame that held the code to the verdict painted
 *   (performance measure "klick:scan", recorded by web/host/door.ts); budget p50 ≤ 50 ms, p90 ≤ 100 ms;
 * - transfer on the first load (page and service worker, as Chromium counts it; Node sends the
 *   gzip copies scripts/build-web.mjs writes) and on a warm start, plus each file's size raw and gzip.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { tickets } from '../src/db/schema';
import { CHROMIUM, launchWithCamera, makeClip, phoneContext } from '../test/e2e/host-support';
import { pairingLinkOf } from './checkin';
import { percentile } from './purchase';
import type { BenchResult, BenchServer, Row } from './run';

const CODES = 12;
const SCANS = 30;
const round = (x: number) => Math.round(x * 10) / 10;

type Kind = 'js' | 'css' | 'wasm' | 'html' | 'other';
const kindOf = (path: string): Kind =>
  path.endsWith('.js')
    ? 'js'
    : path.endsWith('.css')
      ? 'css'
      : path.endsWith('.wasm')
        ? 'wasm'
        : path.endsWith('/')
          ? 'html'
          : 'other';

/** Gzip size of every built file, from public/host/build.json. */
function fileSizes() {
  const dir = resolve(import.meta.dirname, '../public/host');
  const { files } = JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')) as { files: string[] };
  const out: Record<Kind, { raw: number; gzip: number }> = {} as never;
  for (const f of files) {
    const data = readFileSync(join(dir, f));
    const k = f === 'index.html' ? 'html' : kindOf(f);
    out[k] ??= { raw: 0, gzip: 0 };
    out[k].raw += data.length;
    out[k].gzip += gzipSync(data, { level: 6 }).length;
  }
  return out;
}

/** Bytes of /host/ files that came over the network (not from the service worker), by kind. */
function recorder(ctx: BrowserContext) {
  const seen: { path: string; bytes: number; fromSw: boolean }[] = [];
  ctx.on('requestfinished', async (req) => {
    const path = new URL(req.url()).pathname;
    if (!path.startsWith('/host/')) return;
    const res = await req.response();
    const sizes = await req.sizes().catch(() => ({ responseBodySize: 0, responseHeadersSize: 0 }));
    seen.push({ path, bytes: sizes.responseBodySize + sizes.responseHeadersSize, fromSw: !!res?.fromServiceWorker() });
  });
  return {
    take() {
      const net: Partial<Record<Kind, number>> = {};
      let fromSw = 0;
      for (const r of seen.splice(0)) {
        if (r.fromSw) fromSw++;
        else net[kindOf(r.path)] = (net[kindOf(r.path)] ?? 0) + r.bytes;
      }
      return { net, total: Object.values(net).reduce((a, b) => a + (b ?? 0), 0), fromSw };
    },
  };
}

export async function benchHostApp(server: BenchServer): Promise<BenchResult> {
  const event = await server.createEvent();
  for (let i = 0; i < CODES; i++) {
    const post = (path: string, body?: URLSearchParams) =>
      fetch(new URL(path, server.url), {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const form = {
      givenName: 'Gast',
      familyName: `${i}`,
      email: `g${i}@example.com`,
      company: 'Firma',
      role: 'CEO',
      terms: 'on',
    };
    const hold = await post(`/e/${event.slug}/checkout`, new URLSearchParams(form));
    await post(`${hold.headers.get('location')}/pay`);
  }
  const secrets = (
    await server.deps.db.select({ s: tickets.qrSecret }).from(tickets).where(eq(tickets.eventId, event.id))
  ).map((r) => r.s);

  const dir = await mkdtemp(join(tmpdir(), 'klick-bench-clip-'));
  const renderer = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  // Each code for 0.6 s, then 0.4 s blank: every code comes back after the app's cooldown, so each sighting is a scan.
  const clip = await makeClip(renderer, secrets, join(dir, 'bench.mjpeg'), { qrMs: 600, blankMs: 400 });
  await renderer.close();
  const browser = await launchWithCamera(clip);
  try {
    const { url: link } = await pairingLinkOf(server, event.id, 'Bench phone');
    const ctx = await phoneContext(browser);
    const rec = recorder(ctx);
    let page = await ctx.newPage();
    let start = performance.now();
    await page.goto(link);
    await page.locator('#app').waitFor();
    const firstReadyMs = performance.now() - start;
    // The service worker has cached everything once it is active and in control.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await page.waitForFunction((n) => performance.getEntriesByName('klick:scan').length > n, SCANS, {
      timeout: 120_000,
      polling: 500,
    });
    const first = rec.take();
    const all = await page.evaluate(() => performance.getEntriesByName('klick:scan').map((e) => e.duration));
    // The first scan also compiles the decoder: reported on its own, not in the percentiles.
    const times = all.slice(1, SCANS + 1).sort((a, b) => a - b);
    const scan = { p50: round(percentile(times, 50)), p90: round(percentile(times, 90)), n: times.length };
    await page.close();

    page = await ctx.newPage();
    start = performance.now();
    await page.goto(`${server.url}/host/`);
    await page.locator('#app').waitFor();
    const warmReadyMs = performance.now() - start;
    await page.waitForTimeout(500);
    const warm = rec.take();
    await ctx.close();

    const files = fileSizes();
    const gzipTotal = Object.values(files).reduce((a, f) => a + f.gzip, 0);
    const kb = (b: number | undefined) => round((b ?? 0) / 1024);
    const rows: Row[] = [
      {
        metric: `scan → verdict p50 (${scan.n} scans, 640×480)`,
        value: scan.p50,
        unit: 'ms',
        budget: '≤ 50 ms',
        ok: scan.p50 <= 50,
      },
      { metric: 'scan → verdict p90', value: scan.p90, unit: 'ms', budget: '≤ 100 ms', ok: scan.p90 <= 100 },
      { metric: 'first scan (decoder warm-up)', value: round(all[0] ?? 0), unit: 'ms' },
      ...(['js', 'css', 'wasm', 'html', 'other'] as Kind[]).map((k) => ({
        metric: `host app ${k} raw / gzip`,
        value: `${kb(files[k]?.raw)} / ${kb(files[k]?.gzip)}`,
        unit: 'KiB',
      })),
      { metric: 'host app all files gzip', value: kb(gzipTotal), unit: 'KiB' },
      { metric: 'first load over the network (Node, precompressed gzip)', value: kb(first.total), unit: 'KiB' },
      { metric: 'first load → app shown', value: Math.round(firstReadyMs), unit: 'ms' },
      {
        metric: 'warm start over the network',
        value: kb(warm.total),
        unit: 'KiB',
        budget: '= 0',
        ok: warm.total === 0,
      },
      { metric: 'warm start from the service worker', value: warm.fromSw, unit: 'files' },
      { metric: 'warm start → app shown', value: Math.round(warmReadyMs), unit: 'ms' },
    ];
    return {
      name: 'host-app',
      rows,
      data: { scan, scanTimesMs: all.map(round), files, first, warm, firstReadyMs, warmReadyMs },
    };
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}
