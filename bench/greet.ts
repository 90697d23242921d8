/**
 * Greet mode in Debian's Chromium at a phone viewport, 92 checked-in guests (test/e2e/greet-support.ts):
 * - tap → row shown greeted: Playwright taps the first not-yet-greeted row 92 times; the app records
 *   "klick:greet" (web/host/greet.ts) with the click event's time stamp, the handler's start, the DOM
 *   update, the next frame's start (rAF) and a mark after that frame is painted (web/host/util.ts afterPaint).
 *   Budget p95 ≤ 16 ms (one frame at 60 Hz) on the app's part: from the tap reaching the app to the row
 *   shown greeted in the DOM, which the next frame paints. Chromium itself adds the rest, measured in the same
 *   run on an empty page with one button: a synthesized tap reaches its click handler about a frame after the
 *   event's time stamp, and any change waits for the next frame (up to 16.7 ms) to be painted.
 * - the app's own share of a 92-guest round: a second dinner, greeted inside the page (pointerdown +
 *   click dispatched on the first row, then a scripted wait standing in for the handshake); the round's
 *   total time minus the scripted waits and minus the wait for the next frame (rAF: the display's
 *   clock, not the app's work, reported on its own) is what the app itself took, IndexedDB and sync
 *   included. The wait is longer than the 0.4 s in which greet mode ignores a second tap.
 * Either part fails the benchmark unless every guest ends up greeted.
 */
import { type Browser, chromium } from '@playwright/test';
import { greetDinner, greetTimings, openGreetMode } from '../test/e2e/greet-support';
import { CHROMIUM, phoneContext } from '../test/e2e/host-support';
import { percentile } from './purchase';
import type { BenchResult, BenchServer, Row } from './run';

const GUESTS = 92;
/** the scripted "handshake" between two taps of the in-page round: past greet mode's 0.4 s of ignored taps */
const WAIT_MS = 450;
const round = (x: number) => Math.round(x * 10) / 10;

export async function benchGreet(server: BenchServer): Promise<BenchResult> {
  const a = await greetDinner(server.url, server.adminToken, GUESTS, 'Greet bench A');
  const b = await greetDinner(server.url, server.adminToken, GUESTS, 'Greet bench B');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    // 1. Real taps, one after the other, as fast as Playwright gives them.
    let ctx = await phoneContext(browser);
    let page = await ctx.newPage();
    await openGreetMode(page, a.phoneLink, GUESTS);
    const first = page.locator('#greet-todo > li:first-child button');
    // Each tap once the list takes taps again (not measured: the tap's own clock starts when the tap ends).
    for (let i = 0; i < GUESTS; i++) {
      await page.locator('#greet-view:not([data-quiet])').waitFor();
      await first.tap();
    }
    await page.locator('#greet-status').filter({ hasText: 'Alle Anwesenden sind begrüßt.' }).waitFor();
    await page.locator('#greet-sync[data-pending="0"]').waitFor({ timeout: 30_000 });
    const timings = await greetTimings(page);
    if (timings.length !== GUESTS) throw new Error(`taps: ${timings.length} of ${GUESTS} guests greeted`);
    const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
    const stat = (xs: number[]) => ({ p50: round(percentile(sorted(xs), 50)), p95: round(percentile(sorted(xs), 95)) });
    // the app's part: handler start → DOM updated; then → next frame starts; then → that frame painted
    const work = timings.map((t) => t.dom - t.click);
    const toPainted = timings.map((t) => t.duration - t.click);
    const endToEnd = timings.map((t) => t.duration);
    const input = timings.map((t) => t.click);
    // a row whose update missed the next frame: the frame began more than one frame after the handler
    const missed = timings.filter((t) => t.frame - t.click > 17).length;
    const floor = await emptyPageTaps(browser, GUESTS);
    await ctx.close();

    // 2. The round inside the page: total minus scripted waits.
    ctx = await phoneContext(browser);
    page = await ctx.newPage();
    await openGreetMode(page, b.phoneLink, GUESTS);
    const share = await page.evaluate(
      async ({ n, wait }) => {
        // No named function values in here: tsx's keepNames would wrap them in a helper the page lacks.
        let waited = 0;
        let frames = 0;
        const start = performance.now();
        for (let i = 0; i < n; i++) {
          const b = document.querySelector<HTMLButtonElement>('#greet-todo > li.g-todo button');
          if (!b) throw new Error(`no row left at tap ${i + 1}`);
          b.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
          b.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
          b.click();
          // Until the frame showing the tap starts (the display's clock), then until it is painted (the app's layout and paint).
          const f0 = performance.now();
          await new Promise<void>((ok) =>
            requestAnimationFrame(() => {
              frames += performance.now() - f0;
              const ch = new MessageChannel();
              ch.port1.onmessage = () => ok();
              ch.port2.postMessage(0);
            }),
          );
          const w0 = performance.now();
          await new Promise((ok) => setTimeout(ok, wait));
          waited += performance.now() - w0;
        }
        const total = performance.now() - start;
        return { total, waited, frames, left: document.querySelectorAll('#greet-todo > li.g-todo').length };
      },
      { n: GUESTS, wait: WAIT_MS },
    );
    await page.locator('#greet-sync[data-pending="0"]').waitFor({ timeout: 30_000 });
    await ctx.close();
    if (share.left !== 0) throw new Error(`in-page round: ${share.left} of ${GUESTS} guests left not greeted`);

    const appMs = share.total - share.waited - share.frames;
    const w = stat(work);
    const rows: Row[] = [
      { metric: `tap → row shown greeted in the DOM p50 (${work.length} taps)`, value: w.p50, unit: 'ms' },
      {
        metric: 'tap → row shown greeted in the DOM p95',
        value: w.p95,
        unit: 'ms',
        budget: '≤ 16 ms',
        ok: w.p95 <= 16,
      },
      { metric: 'taps whose row missed the next frame', value: missed, unit: 'taps' },
      {
        metric: 'tap handler → frame painted p50 / p95 (app; empty page)',
        value: `${stat(toPainted).p50} / ${stat(toPainted).p95}; ${floor.toPainted.p50} / ${floor.toPainted.p95}`,
        unit: 'ms',
      },
      {
        metric: 'tap event time stamp → handler p50 / p95 (app; empty page)',
        value: `${stat(input).p50} / ${stat(input).p95}; ${floor.input.p50} / ${floor.input.p95}`,
        unit: 'ms',
      },
      {
        metric: 'tap event time stamp → frame painted p50 / p95 (app; empty page)',
        value: `${stat(endToEnd).p50} / ${stat(endToEnd).p95}; ${floor.endToEnd.p50} / ${floor.endToEnd.p95}`,
        unit: 'ms',
      },
      {
        metric: `92-guest round: app's own share (total ${Math.round(share.total)} ms − waits ${Math.round(share.waited)} ms − frame waits ${Math.round(share.frames)} ms)`,
        value: Math.round(appMs),
        unit: 'ms',
      },
      { metric: "92-guest round: app's share per guest", value: round(appMs / GUESTS), unit: 'ms' },
      {
        metric: '92-guest round: wait for the next frame (rAF) per tap',
        value: round(share.frames / GUESTS),
        unit: 'ms',
      },
    ];
    return {
      name: 'greet',
      rows,
      data: {
        work: w,
        missed,
        floor,
        toPainted: stat(toPainted),
        endToEnd: stat(endToEnd),
        round: { ...share, appMs, waitMs: WAIT_MS },
      },
    };
  } finally {
    await browser.close();
  }
}

/** The browser's own floor for the same measure: an empty page whose one button changes its text on a tap. */
async function emptyPageTaps(browser: Browser, n: number) {
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  await page.setContent(
    '<meta name="viewport" content="width=device-width,initial-scale=1"><button id="b" style="width:90%;height:80px">0</button>',
  );
  await page.evaluate(() => {
    const b = document.getElementById('b')!;
    const w = window as unknown as { taps: number[][] };
    w.taps = [];
    b.addEventListener('click', (e) => {
      const t1 = performance.now();
      b.textContent = String(w.taps.length + 1);
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => w.taps.push([e.timeStamp, t1, performance.now()]);
        ch.port2.postMessage(0);
      });
    });
  });
  for (let i = 0; i < n; i++) {
    await page.locator('#b').tap();
    await page.waitForTimeout(50);
  }
  const taps = await page.evaluate(() => (window as unknown as { taps: number[][] }).taps);
  await ctx.close();
  const stat = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return { p50: round(percentile(s, 50)), p95: round(percentile(s, 95)) };
  };
  return {
    input: stat(taps.map(([t0 = 0, t1 = 0]) => t1 - t0)),
    toPainted: stat(taps.map(([, t1 = 0, t3 = 0]) => t3 - t1)),
    endToEnd: stat(taps.map(([t0 = 0, , t3 = 0]) => t3 - t0)),
  };
}
