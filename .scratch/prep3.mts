import Database from 'libsql';
import { readFileSync } from 'node:fs';
const db = new Database(process.argv[2]);
const src = readFileSync('.scratch/sqlcost.mts', 'utf8');
const full = src.slice(src.indexOf('`WITH x AS') + 1, src.indexOf('`, args: [ev, h'));
const noReturning = full.replace(/ RETURNING[^]*$/, '');
const noExists = full.replace(/WHEN EXISTS \(SELECT 1 FROM scans e[^]*?pos_time\)\) THEN 'already_checked_in' ELSE 'ok' END/, "ELSE 'ok' END");
const noFloor = full.replace(/\(SELECT max\(f.device_time\)[^]*?'ok'\) AS floor_time/, 'NULL AS floor_time');
const variants = { full, noReturning, noExists, noFloor };
for (const [k, s] of Object.entries(variants)) db.prepare(s);
for (let r = 0; r < 3; r++)
  for (const [k, s] of Object.entries(variants)) {
    const t = performance.now();
    for (let i = 0; i < 300; i++) db.prepare(s);
    console.log(r, k.padEnd(14), ((performance.now() - t) / 300 * 1000).toFixed(1), 'µs');
  }
