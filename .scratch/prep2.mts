import Database from 'libsql';
const db = new Database(process.argv[2]);
const time = (name: string, s: string) => {
  db.prepare(s);
  const t = performance.now();
  for (let i = 0; i < 500; i++) db.prepare(s);
  console.log(name.padEnd(30), ((performance.now() - t) / 500 * 1000).toFixed(1), 'µs');
};
time('bare', 'INSERT INTO bare2 (v) VALUES (?)');
time('plain scans insert', `INSERT INTO scans (event_id, device_id, client_nonce, ticket_id, kind, result, device_time, server_time) VALUES (?, ?, ?, NULL, 'entry', 'unknown', 1, 1)`);
time('select ticket by hash', `SELECT id, event_id, status FROM tickets WHERE qr_hash = ?`);
time('select 1', `SELECT 1`);
time('select from devices', `SELECT id, event_id AS eventId, name, token_hash AS tokenHash, role, created_at AS createdAt, last_seen_at AS lastSeenAt, revoked_at AS revokedAt FROM devices WHERE token_hash = ?`);
time('exists checkin', `SELECT EXISTS (SELECT 1 FROM scans e WHERE e.event_id = ?1 AND e.ticket_id = ?2 AND e.kind = 'entry' AND e.result IN ('ok','already_checked_in') AND NOT EXISTS (SELECT 1 FROM scans a WHERE a.event_id = ?1 AND a.ticket_id = ?2 AND a.kind = 'annul' AND a.result = 'ok' AND (a.device_time, a.id) > (e.device_time, e.id)))`);
time('insert select simple', `INSERT INTO scans (event_id, device_id, client_nonce, ticket_id, kind, result, device_time, server_time) SELECT ?1, ?2, ?3, t.id, 'entry', 'ok', 1, 1 FROM tickets t WHERE t.qr_hash = ?4`);
time('insert select returning', `INSERT INTO scans (event_id, device_id, client_nonce, ticket_id, kind, result, device_time, server_time) SELECT ?1, ?2, ?3, t.id, 'entry', 'ok', 1, 1 FROM tickets t WHERE t.qr_hash = ?4 RETURNING client_nonce`);
time('insert on conflict', `INSERT INTO scans (event_id, device_id, client_nonce, ticket_id, kind, result, device_time, server_time) SELECT ?1, ?2, ?3, t.id, 'entry', 'ok', 1, 1 FROM tickets t WHERE t.qr_hash = ?4 ON CONFLICT (client_nonce) DO NOTHING`);
time('update devices', `UPDATE devices SET last_seen_at = ? WHERE id = ?`);
time('BEGIN', 'BEGIN');
