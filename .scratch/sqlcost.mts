import { createClient } from '@libsql/client';
const path = process.argv[2];
const c = createClient({ url: `file:${path}` });
const ev = (await c.execute('SELECT id FROM events LIMIT 1')).rows[0]!.id as string;
const dev = (await c.execute('SELECT id FROM devices LIMIT 1')).rows[0]!.id as string;
const hashes = (await c.execute(`SELECT t.qr_hash FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM scans s WHERE s.ticket_id = t.id)`)).rows.map((r) => r.qr_hash as string);
await c.execute('CREATE TABLE IF NOT EXISTS bare2 (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
let k = 0;
const full = (h: string) => ({ sql: `WITH x AS (
      SELECT t.id AS tid, t.event_id AS teid, t.status AS tstatus,
        (SELECT max(f.device_time) FROM scans f WHERE f.event_id = ?1 AND f.ticket_id = t.id AND f.kind = 'annul' AND f.result = 'ok') AS floor_time
      FROM (SELECT 1) AS one LEFT JOIN tickets t ON t.qr_hash = ?2
    ), y AS (SELECT tid, teid, tstatus, max(?3, coalesce(floor_time, 0)) AS pos_time FROM x)
    INSERT INTO scans (event_id, device_id, client_nonce, ticket_id, kind, result, device_time, server_time)
    SELECT ?1, ?4, ?5, CASE WHEN teid = ?1 THEN tid END, 'entry', CASE WHEN tid IS NULL THEN 'unknown' WHEN teid <> ?1 THEN 'wrong_event'
          WHEN tstatus IN ('transferred', 'cancelled') THEN tstatus WHEN tstatus <> 'valid' THEN 'void'
          WHEN EXISTS (SELECT 1 FROM scans e WHERE e.event_id = ?1 AND e.ticket_id = tid AND e.kind = 'entry' AND e.result IN ('ok','already_checked_in') AND e.device_time <= pos_time AND NOT EXISTS (SELECT 1 FROM scans a WHERE a.event_id = ?1 AND a.ticket_id = tid AND a.kind = 'annul' AND a.result = 'ok' AND (a.device_time, a.id) > (e.device_time, e.id) AND a.device_time <= pos_time)) THEN 'already_checked_in' ELSE 'ok' END,
      pos_time, ?3
    FROM y WHERE true ON CONFLICT (client_nonce) DO NOTHING RETURNING client_nonce, (SELECT t.name FROM tickets t WHERE t.id = scans.ticket_id) AS name`, args: [ev, h, Date.now(), dev, `nonce-${k++}-${Math.random()}`] });
const plain = () => ({ sql: `INSERT INTO scans (event_id, device_id, client_nonce, ticket_id, kind, result, device_time, server_time) VALUES (?, ?, ?, NULL, 'entry', 'unknown', 1, 1)`, args: [ev, dev, `plain-${k++}-${Math.random()}`] });
const bare = () => ({ sql: 'INSERT INTO bare2 (v) VALUES (?)', args: [`row ${k++}`] });
const N = 150;
for (const sync of ['FULL', 'OFF', 'FULL']) {
  await c.execute(`PRAGMA synchronous = ${sync}`);
  const out: Record<string, number> = {};
  for (const [name, mk] of [['bare', bare], ['plainScan', plain], ['fullScan', () => full(hashes.pop()!)]] as const) {
    const ts: number[] = [];
    for (let i = 0; i < N; i++) { const t = performance.now(); await c.execute(mk() as never); ts.push(performance.now() - t); }
    ts.sort((a, b) => a - b); out[name] = Number(ts[N >> 1]!.toFixed(3));
  }
  console.log(sync, out);
}
