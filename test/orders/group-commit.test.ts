import { count, eq, isNotNull, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchTogether, groupCommitStats } from '../../src/db/group-commit';
import { orders } from '../../src/db/schema';
import { buyerForm, createDinner, makeTestApp, type TestApp } from '../helpers';
import { join } from '../waitlist/setup';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const buy = (i: number, extra: Record<string, string> = {}) => t.postForm('/e/dinner/checkout', buyerForm(i, extra));
const held = async (where = sql`1`) =>
  (await t.deps.db.select({ n: count() }).from(orders).where(sql`${orders.status} = 'held' AND ${where}`))[0]!.n;

describe('group commit of concurrent holds (embedded database)', () => {
  const burst = async (n: number) => {
    const before = groupCommitStats(t.deps.db);
    // mixed: every other attempt with the code, all at once
    const statuses = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        Promise.resolve(buy(i, i % 2 ? { code: 'THREE' } : {})).then((r) => r.status),
      ),
    );
    const after = groupCommitStats(t.deps.db);
    // fewer transactions than batches: holds really shared them
    expect(after.batches - before.batches).toBeGreaterThan(after.commits - before.commits);
    // every refusal is a clear answer (sold out, code used up), never an error
    expect(statuses.every((s) => s === 303 || s === 409)).toBe(true);
    return statuses.filter((s) => s === 303).length;
  };
  const codeWithThreeUses = async (eventId: string) => {
    const res = await t.adminJson(`/events/${eventId}/codes`, 'POST', {
      code: 'THREE',
      kind: 'percent',
      value: 10,
      maxUses: 3,
    });
    expect(res.status).toBe(201);
  };

  it('a code with 3 uses in a grouped burst of 60: exactly 3 holds with it', async () => {
    const event = await createDinner(t, { capacity: 100 });
    await codeWithThreeUses(event.id);
    expect(await burst(60)).toBe(33);
    expect(await held(isNotNull(orders.codeId))).toBe(3);
  });

  it('7 seats in a grouped burst of 60, with and without a code: exactly 7 holds', async () => {
    const event = await createDinner(t, { capacity: 7 });
    await codeWithThreeUses(event.id);
    expect(await burst(60)).toBe(7);
    expect(await held()).toBe(7);
    expect(await held(isNotNull(orders.codeId))).toBeLessThanOrEqual(3);
  });

  it('the line keeps its seats in a grouped burst', async () => {
    const event = await createDinner(t, { capacity: 3 });
    expect((await buy(100)).status).toBe(303);
    expect((await buy(101)).status).toBe(303);
    expect((await buy(102)).status).toBe(303);
    await join(t, 1);
    await join(t, 2);
    // two seats come free at once; the line waits for both, so a burst of the public gets none
    await t.deps.db.run(
      sql`UPDATE orders SET status = 'cancelled' WHERE email IN ('guest100@example.com', 'guest101@example.com')`,
    );
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => Promise.resolve(buy(i)).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 303)).toHaveLength(0);
    expect(await held(eq(orders.eventId, event.id))).toBe(1);
  });

  it('a failing batch in a group fails alone; the others commit', async () => {
    await createDinner(t);
    await t.deps.db.run(sql`CREATE TABLE gc_probe (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`);
    const good = (v: string) => batchTogether(t.deps.db, [t.deps.db.run(sql`INSERT INTO gc_probe (v) VALUES (${v})`)]);
    const bad = batchTogether(t.deps.db, [
      t.deps.db.run(sql`INSERT INTO gc_probe (v) VALUES ('partial')`),
      t.deps.db.run(sql`INSERT INTO gc_probe (v) VALUES (NULL)`),
    ]);
    const results = await Promise.allSettled([good('a'), bad, good('b')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await t.deps.db.all<{ v: string }>(sql`SELECT v FROM gc_probe ORDER BY id`);
    expect(rows.map((r) => r.v)).toEqual(['a', 'b']);
  });
});
