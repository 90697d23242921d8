/**
 * Event page transfer size: the HTML of GET /e/<slug> (CSS is inline, so this is HTML+CSS),
 * gzipped at level 6 as a CDN would. Budget: ≤ 20 KB gzip (20,000 bytes), no JavaScript.
 */
import { gzipSync } from 'node:zlib';
import type { BenchResult, BenchServer } from './run';

const BUDGET_BYTES = 20_000;

export async function benchEventPage(server: BenchServer): Promise<BenchResult> {
  const event = await server.createEvent();
  const res = await fetch(`${server.url}/e/${event.slug}`, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
  if (res.status !== 200) throw new Error(`GET /e/${event.slug} answered ${res.status}`);
  const html = Buffer.from(await res.arrayBuffer());
  const gzip = gzipSync(html, { level: 6 }).length;
  const text = html.toString('utf8');
  const scripts = (text.match(/<script\b/gi) ?? []).length;
  const externalCss = (text.match(/<link\b[^>]*rel=["']?stylesheet/gi) ?? []).length;
  const data = {
    path: `/e/${event.slug}`,
    rawBytes: html.length,
    gzipBytes: gzip,
    budgetGzipBytes: BUDGET_BYTES,
    scriptTags: scripts,
    externalStylesheets: externalCss,
  };
  return {
    name: 'event-page',
    data,
    rows: [
      { metric: 'event page HTML+CSS raw', value: html.length, unit: 'B' },
      {
        metric: 'event page HTML+CSS gzip -6',
        value: gzip,
        unit: 'B',
        budget: `≤ ${BUDGET_BYTES} B (20 KB)`,
        ok: gzip <= BUDGET_BYTES,
      },
      { metric: 'event page <script> tags', value: scripts, unit: '', budget: '= 0', ok: scripts === 0 },
      { metric: 'event page external stylesheets', value: externalCss, unit: '' },
    ],
  };
}
