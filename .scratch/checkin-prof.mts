// Scratch: profile the check-in write alone. 500 tickets inserted directly, a paired phone, then N scans over HTTP
// from a worker thread and N through recordScans, and N bare INSERTs, each timed.
import { Worker } from 'node:worker_threads';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { startServer } from '../src/server';
import { recordScans } from '../src/checkin/scans';
import { authenticateDevice } from '../src/devices/service';
import { sha256Hex, newQrSecret, newId } from '../src/lib/crypto';

const N = Number(process.env.N ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'klick-prof-'));
const ADMIN = 'bench-admin-token-0123456789abcdef';
const server = await startServer({ env: { DATABASE_URL: `file:${join(dir, 'k.db')}`, PORT: '0', ENVIRONMENT: 'test', ADMIN_TOKEN: ADMIN }, jobsEvery: 0, seed: false, log: { info() {}, error: console.error } });
const H = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
const t0 = Date.now() + 30 * 86400000;
const ev = await (await fetch(`${server.url}/api/admin/events`, { method: 'POST', headers: H, body: JSON.stringify({ slug: 'p', title: 'P', venue: 'V', hostName: 'H', startsAt: new Date(t0).toISOString(), endsAt: new Date(t0 + 3600000).toISOString(), timezone: 'Europe/Berlin', priceCents: 5000, currency: 'EUR', capacity: 3000 }) })).json() as { id: string };
const db = server.deps.db;
const secrets: string[] = [];
for (let i = 0; i < 3 * N; i++) {
  const oid = newId(), tid = newId(), s = newQrSecret();
  secrets.push(s);
  await db.run(sql`INSERT INTO orders (id, event_id, status, name, email, company, role, amount_cents, currency, provider, hold_expires_at, created_at, updated_at) VALUES (${oid}, ${ev.id}, 'paid', ${'G' + i}, ${'g' + i + '@x.de'}, 'C', 'R', 5000, 'EUR', 'demo', 1, 1, 1)`);
  await db.run(sql`INSERT INTO tickets (id, order_id, event_id, name, email, qr_secret, qr_hash, token, token_hash, created_at, updated_at) VALUES (${tid}, ${oid}, ${ev.id}, ${'G' + i}, ${'g' + i + '@x.de'}, ${s}, ${await sha256Hex(s)}, ${newId()}, ${await sha256Hex(newId())}, 1, 1)`);
}
const { code } = await (await fetch(`${server.url}/api/admin/events/${ev.id}/pairings`, { method: 'POST', headers: H, body: JSON.stringify({ deviceName: 'D' }) })).json() as { code: string };
const { token } = await (await fetch(`${server.url}/api/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })).json() as { token: string };
const device = await authenticateDevice(server.deps, token);
const w = new Worker(`const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, init }) => { const t = performance.now(); const r = await fetch(url, init); const x = await r.text(); parentPort.postMessage({ ms: performance.now() - t, status: r.status, x }); });`, { eval: true });
const call = (url: string, init: RequestInit) => new Promise<{ ms: number; status: number; x: string }>((ok) => { w.once('message', ok); w.postMessage({ url, init }); });
await db.run(sql`CREATE TABLE IF NOT EXISTS bare (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`);
const mode = process.env.MODE ?? 'all';
const tm = { http: [] as number[], svc: [] as number[], bare: [] as number[] };
const { Session } = await import('node:inspector/promises');
const session = new Session(); session.connect();
await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
for (let i = 0; i < N; i++) {
  let s = performance.now();
  if (mode !== 'http') { await db.run(sql`INSERT INTO bare (v) VALUES (${'row ' + i})`); tm.bare.push(performance.now() - s); }
  s = performance.now();
  if (mode !== 'http') { await recordScans(server.deps, device, { scans: [{ nonce: `nnnnnnnnnnnnnnn-${i}-${crypto.randomUUID()}`, kind: 'entry', qr: secrets[3 * i]!, deviceTime: Date.now() }] }); tm.svc.push(performance.now() - s); }
  if (mode !== 'svc') {
    const r = await call(`${server.url}/api/devices/scans`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ scans: [{ nonce: `hhhhhhhhhhhhhhhh-${i}-${crypto.randomUUID()}`, kind: 'entry', qr: secrets[3 * i + 1], deviceTime: Date.now() }], sentAt: Date.now() }) });
    if (r.status !== 200) throw new Error(r.x);
    tm.http.push(r.ms);
  }
}
const { profile } = await session.post('Profiler.stop');
(await import('node:fs')).writeFileSync('/tmp/perf-prof/checkin.cpuprofile', JSON.stringify(profile));
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]?.toFixed(3); };
console.log({ bare: med(tm.bare), svc: med(tm.svc), http: med(tm.http) });
await w.terminate(); await server.close();
