import Database from 'libsql';
import { readFileSync } from 'node:fs';
const db = new Database(process.argv[2]);
db.exec('PRAGMA synchronous = OFF');
const src = readFileSync('.scratch/sqlcost.mts', 'utf8');
const fullSql = src.slice(src.indexOf('`WITH x AS') + 1, src.indexOf('`, args: [ev, h'));
const bareSql = 'INSERT INTO bare2 (v) VALUES (?)';
for (const [name, s] of [['bare', bareSql], ['full', fullSql]] as const) {
  let t = performance.now();
  for (let i = 0; i < 2000; i++) db.prepare(s);
  console.log(name, 'prepare µs', ((performance.now() - t) / 2000 * 1000).toFixed(1));
}
