/**
 * Check-in on the server side, through the real HTTP routes of a 500-guest event:
 * - a check-in write (POST /api/devices/scans, one scan, as a phone sends it right after scanning)
 *   against a bare single-row INSERT into the same database, interleaved in the same run;
 *   budget: p50 ratio ≤ 2;
 * - the roster a phone downloads (full, and a delta after one check-in): bytes and time.
 */
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import { recordScans } from '../src/checkin/scans';
import { tickets } from '../src/db/schema';
import { authenticateDevice } from '../src/devices/service';
import { percentile } from './purchase';
import type { BenchResult, BenchServer, Row } from './run';

const GUESTS = 500;
const WRITES = 220;
const ROSTER_RUNS = 20;
const ms = (x: number) => Math.round(x * 100) / 100;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: ms(percentile(s, 50)), p90: ms(percentile(s, 90)), p99: ms(percentile(s, 99)) };
};

/** Seats bought as guests buy them: the purchase form, then the demo provider's pay button. */
async function sell(server: BenchServer, slug: string, n: number) {
  const post = (path: string, body?: URLSearchParams) =>
    fetch(new URL(path, server.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  const buy = async (i: number) => {
    const form = { name: `Gast ${i}`, email: `gast${i}@example.com`, company: `Firma ${i}`, role: 'CEO', terms: 'on' };
    const hold = await post(`/e/${slug}/checkout`, new URLSearchParams({ ...form, askMeAbout: 'Segeln' }));
    const pay = await post(`${hold.headers.get('location')}/pay`);
    if (pay.status !== 303) throw new Error(`demo pay answered ${pay.status}`);
  };
  let next = 0;
  const worker = async () => {
    while (next < n) await buy(next++);
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** A one-time pairing link, as the organizer page makes it (POST /api/admin/events/:id/pairings). */
export async function pairingLinkOf(server: BenchServer, eventId: string, name: string) {
  const res = await fetch(`${server.url}/api/admin/events/${eventId}/pairings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ deviceName: name }),
  });
  if (res.status !== 201) throw new Error(`pairing link: ${res.status}`);
  return (await res.json()) as { code: string; url: string };
}

/** A phone paired through the device API; returns its bearer header. */
async function pairBenchPhone(server: BenchServer, eventId: string, name: string) {
  const { code } = await pairingLinkOf(server, eventId, name);
  const paired = await fetch(`${server.url}/api/devices/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const { token } = (await paired.json()) as { token: string };
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/**
 * The HTTP client runs in a worker thread: a phone is another machine, and a client sharing the
 * server's event loop would add its own CPU time to every measured request.
 */
const CLIENT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, init }) => {
  const t = performance.now();
  const res = await fetch(url, init);
  const text = await res.text();
  parentPort.postMessage({ ms: performance.now() - t, status: res.status, text });
});`;

function httpClient() {
  const worker = new Worker(CLIENT, { eval: true });
  let queue = Promise.resolve();
  const call = (url: string, init: RequestInit = {}) => {
    const p = queue.then(
      () =>
        new Promise<{ ms: number; status: number; text: string }>((ok) => {
          worker.once('message', ok);
          worker.postMessage({ url, init });
        }),
    );
    queue = p.then(() => {});
    return p;
  };
  return { call, close: () => worker.terminate() };
}

export async function benchCheckin(server: BenchServer): Promise<BenchResult> {
  const event = await server.createEvent({ capacity: GUESTS + 10 });
  const t0 = performance.now();
  await sell(server, event.slug, GUESTS);
  const sellMs = performance.now() - t0;
  const db = server.deps.db;
  // As if sold more than a minute ago: the roster cursor re-sends tickets changed in the last minute
  // (CURSOR_LAG_MS in src/checkin/roster.ts), which would make every delta here the whole roster.
  await db.run(sql`UPDATE tickets SET updated_at = updated_at - 120000 WHERE event_id = ${event.id}`);
  const secrets = (await db.select({ s: tickets.qrSecret }).from(tickets).where(eq(tickets.eventId, event.id))).map(
    (r) => r.s,
  );
  if (secrets.length !== GUESTS) throw new Error(`expected ${GUESTS} tickets, found ${secrets.length}`);
  const auth = await pairBenchPhone(server, event.id, 'Bench door');
  const device = await authenticateDevice(server.deps, auth.authorization.slice(7));
  const client = httpClient();
  try {
    // Roster: what a phone downloads when it pairs.
    const rosterUrl = `${server.url}/api/devices/roster`;
    const fullTimes: number[] = [];
    let full = { bytes: 0, gzip: 0, cursor: '' };
    for (let i = 0; i < ROSTER_RUNS; i++) {
      const r = await client.call(rosterUrl, { headers: auth });
      fullTimes.push(r.ms);
      const body = Buffer.from(r.text);
      full = { bytes: body.length, gzip: gzipSync(body).length, cursor: JSON.parse(r.text).cursor };
    }

    // Writes. Each round times, one after the other so all see the same disk, cache and load: a bare
    // INSERT through the app's own client, a check-in through the service function (no HTTP), a
    // check-in through HTTP, and GET /api/health (the HTTP floor: one request, one trivial query).
    await db.run(sql`CREATE TABLE IF NOT EXISTS bench_bare_insert (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`);
    const nonce = (i: number) => `bench-${i}-${crypto.randomUUID()}`;
    const scanBody = (i: number) =>
      JSON.stringify({ scans: [{ nonce: nonce(i), kind: 'entry', qr: secrets[i], deviceTime: Date.now() }] });
    const t = { bare: [] as number[], service: [] as number[], http: [] as number[], floor: [] as number[] };
    const results: Record<string, number> = {};
    for (let i = 0; i < WRITES + 20; i++) {
      let start = performance.now();
      await db.run(sql`INSERT INTO bench_bare_insert (v) VALUES (${`row ${i}`})`);
      const bare = performance.now() - start;
      start = performance.now();
      const qr = secrets[2 * i]!;
      await recordScans(server.deps, device, {
        scans: [{ nonce: nonce(i), kind: 'entry', qr, deviceTime: Date.now() }],
      });
      const service = performance.now() - start;
      const http = await client.call(`${server.url}/api/devices/scans`, {
        method: 'POST',
        headers: auth,
        body: scanBody(2 * i + 1),
      });
      if (http.status !== 200) throw new Error(`scan answered ${http.status}`);
      const r = (JSON.parse(http.text) as { results: { result: string }[] }).results[0]?.result ?? 'none';
      results[r] = (results[r] ?? 0) + 1;
      const floor = await client.call(`${server.url}/api/health`);
      if (i < 20) continue;
      t.bare.push(bare);
      t.service.push(service);
      t.http.push(http.ms);
      t.floor.push(floor.ms);
    }
    await db.run(sql`DROP TABLE bench_bare_insert`);

    // The delta a phone polls for: catch up once, then one more check-in elsewhere.
    const caughtUp = JSON.parse(
      (await client.call(`${rosterUrl}?since=${encodeURIComponent(full.cursor)}`, { headers: auth })).text,
    ).cursor as string;
    await client.call(`${server.url}/api/devices/scans`, { method: 'POST', headers: auth, body: scanBody(GUESTS - 1) });
    const delta = await client.call(`${rosterUrl}?since=${encodeURIComponent(caughtUp)}`, { headers: auth });

    const write = {
      http: stats(t.http),
      service: stats(t.service),
      bareInsert: stats(t.bare),
      httpFloor: stats(t.floor),
    };
    const ratio = Math.round((write.http.p50 / write.bareInsert.p50) * 100) / 100;
    const serviceRatio = Math.round((write.service.p50 / write.bareInsert.p50) * 100) / 100;
    const roster = {
      guests: GUESTS,
      fullBytes: full.bytes,
      fullGzipBytes: full.gzip,
      fullMs: stats(fullTimes),
      deltaBytes: Buffer.byteLength(delta.text),
      deltaTickets: (JSON.parse(delta.text) as { tickets: unknown[] }).tickets.length,
      deltaMs: ms(delta.ms),
    };
    const pair = (x: { p50: number; p99: number }) => `${x.p50} / ${x.p99}`;
    const rows: Row[] = [
      { metric: `check-in write via HTTP p50 / p99 (${WRITES})`, value: pair(write.http), unit: 'ms' },
      { metric: 'bare single-row INSERT p50 / p99', value: pair(write.bareInsert), unit: 'ms' },
      { metric: 'check-in write via HTTP / bare INSERT (p50)', value: ratio, unit: '×', budget: '≤ 2', ok: ratio <= 2 },
      { metric: 'check-in write in-process (service) p50 / p99', value: pair(write.service), unit: 'ms' },
      { metric: 'check-in write in-process / bare INSERT (p50)', value: serviceRatio, unit: '×' },
      { metric: 'HTTP floor: GET /api/health p50 / p99', value: pair(write.httpFloor), unit: 'ms' },
      {
        metric: `roster full (${GUESTS} guests) raw / gzip`,
        value: `${roster.fullBytes} / ${roster.fullGzipBytes}`,
        unit: 'B',
      },
      { metric: 'roster full p50 / p90', value: `${roster.fullMs.p50} / ${roster.fullMs.p90}`, unit: 'ms' },
      {
        metric: `roster delta (${roster.deltaTickets} ticket) bytes / time`,
        value: `${roster.deltaBytes} B / ${roster.deltaMs}`,
        unit: 'ms',
      },
    ];
    return { name: 'checkin', rows, data: { write, ratio, serviceRatio, results, roster, sellMs: Math.round(sellMs) } };
  } finally {
    await client.close();
  }
}
