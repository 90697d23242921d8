/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * Runs inside workerd. Proves the path worker → fetch(http://db.test) → outboundService → Hrana handler →
 * native libSQL file, with @libsql/client/http and drizzle exactly as the Worker build uses them.
 */

import { env, SELF } from 'cloudflare:test';
import { type Client, createClient, LibsqlBatchError } from '@libsql/client/http';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema';

const testEnv = env as unknown as Record<string, string>;
const uid = () => crypto.randomUUID().slice(0, 8);

function eventRow(id: string) {
  const now = Date.now();
  return {
    id,
    slug: `smoke-${id}`,
    title: 'Smoke',
    venue: 'Lab',
    startsAt: now,
    endsAt: now + 3_600_000,
    timezone: 'Europe/Berlin',
    priceCents: 1500,
    currency: 'eur',
    capacity: 10,
    createdAt: now,
    updatedAt: now,
  };
}

describe('workerd → Hrana test server → native libSQL', () => {
  let client: Client;
  beforeAll(() => {
    client = createClient({ url: testEnv.DATABASE_URL! });
  });
  afterAll(() => client.close());

  it('gets the bindings from the config', () => {
    expect(testEnv.ENVIRONMENT).toBe('test');
    expect(testEnv.DATABASE_URL).toBe('http://db.test');
    expect(testEnv.PUBLIC_URL).toBe('http://klick.test');
    expect(testEnv.ADMIN_TOKEN!.length).toBeGreaterThanOrEqual(16);
  });

  it('sees the migrated schema', async () => {
    const r = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'events'");
    expect(r.rows.map((row) => row.name)).toEqual(['events']);
  });

  it('inserts and selects with typed values', async () => {
    const id = uid();
    const ins = await client.execute({
      sql: `INSERT INTO events (id, slug, title, venue, starts_at, ends_at, timezone, price_cents, currency, capacity, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [id, `s-${id}`, 'Grüße ✓', 'V', 1_800_000_000_000, 1_800_000_360_000, 'UTC', 990, 'eur', 3, 1, 1],
    });
    expect(ins.rowsAffected).toBe(1);
    const r = await client.execute({
      sql: "SELECT title, starts_at, price_cents, 1.5 AS f, NULL AS n, x'0102ff' AS b FROM events WHERE id = ?",
      args: [id],
    });
    expect(r.columns).toEqual(['title', 'starts_at', 'price_cents', 'f', 'n', 'b']);
    expect(r.columnTypes.slice(0, 3)).toEqual(['TEXT', 'INTEGER', 'INTEGER']);
    const row = r.rows[0]!;
    expect(row.title).toBe('Grüße ✓');
    expect(row.starts_at).toBe(1_800_000_000_000);
    expect(row.f).toBe(1.5);
    expect(row.n).toBeNull();
    expect([...new Uint8Array(row.b as ArrayBuffer)]).toEqual([1, 2, 255]);

    const named = await client.execute({ sql: 'SELECT :a + $b AS s', args: { a: 2, b: 3n } });
    expect(named.rows[0]!.s).toBe(5);
  });

  it('runs a batch atomically, and a failing statement rolls the whole batch back', async () => {
    const a = uid();
    const b = uid();
    const res = await client.batch(
      [
        { sql: "INSERT INTO admin_sessions VALUES (?, 'c', 1, 2)", args: [a] },
        { sql: "INSERT INTO admin_sessions VALUES (?, 'c', 1, 2)", args: [b] },
        { sql: 'SELECT count(*) AS n FROM admin_sessions WHERE token_hash IN (?, ?)', args: [a, b] },
      ],
      'write',
    );
    expect(res[2]!.rows[0]!.n).toBe(2);

    const c = uid();
    const err = await client
      .batch(
        [
          { sql: "INSERT INTO admin_sessions VALUES (?, 'c', 1, 2)", args: [c] },
          { sql: "INSERT INTO admin_sessions VALUES (?, 'dup', 1, 2)", args: [a] }, // primary key taken
        ],
        'write',
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibsqlBatchError);
    expect((err as LibsqlBatchError).statementIndex).toBe(1);
    expect((err as LibsqlBatchError).code).toBe('SQLITE_CONSTRAINT');
    expect((err as Error).message).toContain('UNIQUE constraint failed');
    const left = await client.execute({
      sql: 'SELECT count(*) AS n FROM admin_sessions WHERE token_hash = ?',
      args: [c],
    });
    expect(left.rows[0]!.n).toBe(0);
  });

  it('keeps an interactive transaction on one connection (baton) and rolls it back', async () => {
    const id = uid();
    const tx = await client.transaction('write');
    await tx.execute({ sql: "INSERT INTO admin_sessions VALUES (?, 'c', 1, 2)", args: [id] });
    const inside = await tx.execute({
      sql: 'SELECT count(*) AS n FROM admin_sessions WHERE token_hash = ?',
      args: [id],
    });
    expect(inside.rows[0]!.n).toBe(1);
    await tx.rollback();
    const after = await client.execute({
      sql: 'SELECT count(*) AS n FROM admin_sessions WHERE token_hash = ?',
      args: [id],
    });
    expect(after.rows[0]!.n).toBe(0);
  });

  it('works through drizzle (insert, returning, batch, transaction)', async () => {
    const db = drizzle(client, { schema });
    const id = uid();
    const [row] = await db.insert(schema.events).values(eventRow(id)).returning({ id: schema.events.id });
    expect(row).toEqual({ id });
    const [, count] = await db.batch([
      db.update(schema.events).set({ capacity: 20 }).where(eq(schema.events.id, id)),
      db.select({ n: sql<number>`count(*)` }).from(schema.events).where(eq(schema.events.capacity, 20)),
    ]);
    expect(count[0]!.n).toBeGreaterThanOrEqual(1);
    await expect(
      db.transaction(async (tx) => {
        await tx.update(schema.events).set({ capacity: 99 }).where(eq(schema.events.id, id));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const ev = await db.query.events.findFirst({ where: eq(schema.events.id, id) });
    expect(ev?.capacity).toBe(20);
  });

  it('gives a namespaced host its own freshly migrated database', async () => {
    const other = createClient({ url: `http://smoke-${uid()}.db.test` });
    try {
      const r = await other.execute('SELECT count(*) AS n FROM admin_sessions');
      expect(r.rows[0]!.n).toBe(0);
    } finally {
      other.close();
    }
  });

  it('answers 502 for any other outbound host', async () => {
    const r = await fetch('https://api.stripe.com/v1/charges');
    expect(r.status).toBe(502);
  });
});

describe('the main worker (SELF)', () => {
  it('reaches the database through its DATABASE_URL binding', async () => {
    const res = await SELF.fetch('http://klick.test/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, db: 'ok', payments: 'stripe' });
  });

  it('has the ASSETS binding over ./public', async () => {
    const assets = (env as unknown as { ASSETS: { fetch(url: string): Promise<Response> } }).ASSETS;
    const res = await assets.fetch('http://klick.test/robots.txt');
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });
});
