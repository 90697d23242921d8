import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';

/** The real migration files, applied in order to a file database, with rows written before the name split. */
const dir = mkdtempSync(join(tmpdir(), 'klick-names-'));
const client = createClient({ url: `file:${join(dir, 'm.db')}` });
afterAll(() => {
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

const files = readdirSync('drizzle')
  .filter((f) => f.endsWith('.sql'))
  .sort();
const apply = async (file: string) => {
  for (const stmt of readFileSync(join('drizzle', file), 'utf8').split('--> statement-breakpoint'))
    if (stmt.replace(/--.*$/gm, '').trim()) await client.execute(stmt);
};

/** One row with the given values; every other required column gets an empty value. */
async function insert(table: string, values: Record<string, string | number>) {
  const cols = (await client.execute(`PRAGMA table_info(${table})`)).rows;
  const row: Record<string, string | number> = {};
  for (const c of cols)
    if (Number(c.notnull) === 1 && c.dflt_value === null) row[String(c.name)] = c.type === 'integer' ? 0 : '';
  Object.assign(row, values);
  const keys = Object.keys(row);
  await client.execute({
    sql: `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
    args: keys.map((k) => row[k]!),
  });
}

describe('migration names_and_badges: existing names split into given and family name', () => {
  it('splits by the documented rule in orders, tickets and waitlist entries', async () => {
    const split = files.findIndex((f) => f.includes('names_and_badges'));
    expect(split).toBeGreaterThan(0);
    for (const f of files.slice(0, split)) await apply(f);
    const names = [
      'Anna Schmidt',
      'Anna Maria Schmidt',
      'Heinicke, Jörg',
      '山田 太郎',
      '山田太郎',
      'Anna Schmidt 🚀',
      'Madonna',
      '  Jörg  Heinicke ',
      'Ὀδυσσεύς Λαέρτιος',
      '',
    ];
    await insert('events', { id: 'e1', slug: 'e1' });
    for (const [i, name] of names.entries()) {
      await insert('orders', { id: `o${i}`, event_id: 'e1', name });
      await insert('tickets', {
        id: `t${i}`,
        order_id: `o${i}`,
        event_id: 'e1',
        name,
        qr_hash: `q${i}`,
        token_hash: `h${i}`,
      });
      await insert('waitlist_entries', { id: `w${i}`, event_id: 'e1', name, token_hash: `w${i}` });
    }
    for (const f of files.slice(split)) await apply(f);
    const expected = [
      ['Anna', 'Schmidt'],
      ['Anna Maria', 'Schmidt'],
      ['Jörg', 'Heinicke'],
      ['太郎', '山田'],
      ['山田太郎', ''],
      ['Anna', 'Schmidt 🚀'],
      ['Madonna', ''],
      ['Jörg', 'Heinicke'],
      ['Ὀδυσσεύς', 'Λαέρτιος'],
      ['', ''],
    ];
    for (const table of ['orders', 'tickets', 'waitlist_entries']) {
      const rows = (await client.execute(`SELECT given_name, family_name, name FROM ${table} ORDER BY rowid`)).rows;
      expect(rows.map((r) => [r.given_name, r.family_name])).toEqual(expected);
      // the name as shown stays as it was
      expect(rows.map((r) => r.name)).toEqual(names);
    }
    const badge = (await client.execute(`SELECT DISTINCT badge FROM tickets`)).rows.map((r) => r.badge);
    expect(badge).toEqual(['name']);
  });
});
