/**
 * 1,000 concurrent purchase attempts for one 92-seat event, through the real HTTP route
 * (POST /e/<slug>/checkout, as the event page's form sends it). Budget: exactly 92 holds, 0 oversold.
 */
import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { BenchResult, BenchServer } from './run';

const ATTEMPTS = 1000;

export const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) : 0;
const ms = (x: number) => Math.round(x * 10) / 10;

/** Open TCP connections to the server's port (Linux /proc), to see whether the burst really ran in parallel. */
function openConnections(port: number): number {
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 01 = ESTABLISHED; count the server's side only
      if (cols[3] === '01' && Number.parseInt(cols[1]?.split(':')[1] ?? '', 16) === port) n++;
    }
  }
  return n;
}

export async function benchPurchase(server: BenchServer): Promise<BenchResult> {
  const event = await server.createEvent({ capacity: 92 });
  const capacity = event.capacity;
  const port = Number(new URL(server.url).port);
  const url = `${server.url}/e/${event.slug}/checkout`;

  let peakConnections = 0;
  const sampler = setInterval(() => {
    peakConnections = Math.max(peakConnections, openConnections(port));
  }, 50);

  const attempt = async (i: number) => {
    const body = new URLSearchParams({
      lang: 'de',
      name: `Bench Buyer ${i}`,
      email: `buyer${i}@example.com`,
      company: `Company ${i}`,
      role: 'CEO',
      askMeAbout: 'latency',
      ...(i % 2 ? { consentHost: 'on' } : {}),
      terms: 'on',
    });
    const t0 = performance.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - t0 };
    } catch (err) {
      return { status: 0, ms: performance.now() - t0, error: String((err as Error).cause ?? err) };
    }
  };

  const start = performance.now();
  const outcomes = await Promise.all(Array.from({ length: ATTEMPTS }, (_, i) => attempt(i)));
  const wallMs = performance.now() - start;
  clearInterval(sampler);

  const holds303 = outcomes.filter((o) => o.status === 303).length;
  const soldOut409 = outcomes.filter((o) => o.status === 409).length;
  const other = outcomes.filter((o) => o.status !== 303 && o.status !== 409);
  const otherByStatus: Record<string, number> = {};
  for (const o of other) otherByStatus[String(o.status)] = (otherByStatus[String(o.status)] ?? 0) + 1;
  const firstError = other.find((o) => 'error' in o)?.error;

  const byStatus = await server.deps.db.all<{ status: string; n: number }>(
    sql`SELECT status, count(*) AS n FROM orders WHERE event_id = ${event.id} GROUP BY status`,
  );
  const ordersByStatus = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
  const heldInDb = ordersByStatus.held ?? 0;
  const oversold = Math.max(0, heldInDb - capacity);

  const lat = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const lat303 = outcomes
    .filter((o) => o.status === 303)
    .map((o) => o.ms)
    .sort((a, b) => a - b);
  const lat409 = outcomes
    .filter((o) => o.status === 409)
    .map((o) => o.ms)
    .sort((a, b) => a - b);
  const perSecond = ATTEMPTS / (wallMs / 1000);

  const data = {
    attempts: ATTEMPTS,
    capacity,
    responses: { '303': holds303, '409': soldOut409, other: other.length, otherByStatus, firstError },
    ordersByStatus,
    heldInDb,
    oversold,
    latencyMs: {
      p50: ms(percentile(lat, 50)),
      p99: ms(percentile(lat, 99)),
      max: ms(lat.at(-1) ?? 0),
      hold303: { p50: ms(percentile(lat303, 50)), p99: ms(percentile(lat303, 99)) },
      soldOut409: { p50: ms(percentile(lat409, 50)), p99: ms(percentile(lat409, 99)) },
    },
    wallMs: ms(wallMs),
    attemptsPerSecond: Math.round(perSecond),
    peakOpenConnections: peakConnections,
  };
  return {
    name: 'purchase',
    data,
    rows: [
      { metric: 'attempts (concurrent)', value: ATTEMPTS, unit: 'req' },
      { metric: '303 holds created', value: holds303, unit: 'req', budget: `= ${capacity}`, ok: holds303 === capacity },
      { metric: '409 sold out', value: soldOut409, unit: 'req', budget: `= ${ATTEMPTS - capacity}` },
      { metric: 'other responses / errors', value: other.length, unit: 'req', budget: '= 0', ok: other.length === 0 },
      {
        metric: 'held orders in DB',
        value: heldInDb,
        unit: 'orders',
        budget: `= ${capacity}`,
        ok: heldInDb === capacity,
      },
      { metric: 'oversold', value: oversold, unit: 'seats', budget: '= 0', ok: oversold === 0 },
      { metric: 'latency p50 (all)', value: data.latencyMs.p50, unit: 'ms' },
      { metric: 'latency p99 (all)', value: data.latencyMs.p99, unit: 'ms' },
      {
        metric: 'latency p50 / p99 (303 hold)',
        value: `${data.latencyMs.hold303.p50} / ${data.latencyMs.hold303.p99}`,
        unit: 'ms',
      },
      {
        metric: 'latency p50 / p99 (409 sold out)',
        value: `${data.latencyMs.soldOut409.p50} / ${data.latencyMs.soldOut409.p99}`,
        unit: 'ms',
      },
      { metric: 'burst wall time', value: data.wallMs, unit: 'ms' },
      { metric: 'throughput', value: data.attemptsPerSecond, unit: 'attempts/s' },
      { metric: 'peak open connections (sampled)', value: peakConnections, unit: 'sockets' },
    ],
  };
}
