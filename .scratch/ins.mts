import { createClient } from '@libsql/client';
const c = createClient({ url: 'file:/tmp/perf-tools/t.db' });
await c.execute('PRAGMA journal_mode = WAL');
console.log((await c.execute('PRAGMA synchronous')).rows);
await c.execute('CREATE TABLE IF NOT EXISTS x (id INTEGER PRIMARY KEY, v TEXT)');
for (const mode of ['FULL', 'NORMAL']) {
  await c.execute(`PRAGMA synchronous = ${mode}`);
  let t = performance.now();
  for (let i = 0; i < 500; i++) await c.execute({ sql: 'INSERT INTO x (v) VALUES (?)', args: [`r${i}`] });
  const single = (performance.now() - t) / 500;
  t = performance.now();
  for (let i = 0; i < 100; i++) await c.batch([{ sql: 'INSERT INTO x (v) VALUES (?)', args: [`r${i}`] }, { sql: 'INSERT INTO x (v) VALUES (?)', args: [`r${i}`] }]);
  const batch2 = (performance.now() - t) / 100;
  t = performance.now();
  for (let i = 0; i < 500; i++) await c.execute({ sql: 'SELECT count(*) FROM x WHERE id = ?', args: [i] });
  const read = (performance.now() - t) / 500;
  console.log(mode, { single, batch2, read });
}
