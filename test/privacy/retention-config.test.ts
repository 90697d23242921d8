import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config';
import { createDb, type Db } from '../../src/db/client';
import { deletionLog, events, orders, tickets } from '../../src/db/schema';
import { silentLog } from '../../src/deps';
import { newId } from '../../src/lib/crypto';
import { DAY_MS, retentionDeadline, runRetention } from '../../src/privacy/retention';
import { startServer } from '../../src/server';
import worker from '../../src/worker';
import { login } from '../admin/session';
import { holdSeatVia, payVia } from '../flow';
import { ADMIN_TOKEN, createDinner, makeTestApp } from '../helpers';
import { createHranaHandler, createMigratedTempDb } from '../workers/hrana-server';
import { ENDS } from './setup';

const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

describe('a retention period other than the default, set through the settings', () => {
  it('erases at RETENTION_DAYS after the end: not a millisecond before, once at, nothing more after', async () => {
    const t = await makeTestApp({ RETENTION_DAYS: '30' });
    cleanup.push(() => t.close());
    expect(t.deps.config.retentionDays).toBe(30);
    const event = await createDinner(t);
    const held = await holdSeatVia(t, 1, event.slug, { name: 'Thirty Days' });
    await payVia(t, held.sessionId);
    const deadline = retentionDeadline(ENDS, 30);
    expect(deadline).toBe(ENDS + 30 * DAY_MS);
    const order = async () => (await t.deps.db.query.orders.findFirst({ where: eq(orders.id, held.order.id) }))!;

    t.clock.set(deadline - 1);
    expect(await runRetention(t.deps)).toEqual({ events: 0, rows: 0 });
    expect((await order()).name).toBe('Thirty Days');

    t.clock.set(deadline);
    expect((await runRetention(t.deps)).events).toBe(1);
    expect(await order()).toMatchObject({ name: '', email: '', anonymizedAt: deadline, status: 'paid' });

    t.clock.set(deadline + DAY_MS);
    expect(await runRetention(t.deps)).toEqual({ events: 0, rows: 0 });
    expect(await t.deps.db.select().from(deletionLog)).toHaveLength(1);

    const admin = await login(t);
    const page = await (await admin.get(`/admin/events/${event.id}/contacts?lang=en`)).text();
    expect(page).toContain('30 days after it ends');
  });

  it('is refused when it is not a whole number of days, at least one', () => {
    for (const bad of ['0', '-5', '1.5', 'ninety'])
      expect(() => parseSettings({ RETENTION_DAYS: bad }), bad).toThrow(/RETENTION_DAYS/);
    expect(parseSettings({}).RETENTION_DAYS).toBe(90);
    // Workers pass a [vars] number from wrangler.toml as a number, not text.
    expect(parseSettings({ RETENTION_DAYS: 30 }).RETENTION_DAYS).toBe(30);
  });
});

/** Two past dinners with one paid guest each, on the real clock: one ended 31 days ago, one 29. */
async function seedPast(db: Db) {
  const now = Date.now();
  const ids: string[] = [];
  for (const days of [31, 29]) {
    const eventId = newId();
    const orderId = newId();
    await db.insert(events).values({
      id: eventId,
      slug: `past-${eventId}`,
      title: `Past ${days}`,
      venue: 'Hotel',
      startsAt: now - days * DAY_MS - 4 * 3_600_000,
      endsAt: now - days * DAY_MS,
      timezone: 'Europe/Berlin',
      priceCents: 5000,
      currency: 'EUR',
      capacity: 10,
      createdAt: now,
      updatedAt: now,
    });
    const person = { name: `Guest ${days}`, email: `g${days}@example.com` };
    await db.insert(orders).values({
      id: orderId,
      eventId,
      status: 'paid',
      ...person,
      amountCents: 5000,
      currency: 'EUR',
      provider: 'demo',
      holdExpiresAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await db.insert(tickets).values({
      id: newId(),
      orderId,
      eventId,
      ...person,
      qrSecret: newId(),
      qrHash: newId(),
      token: newId(),
      tokenHash: newId(),
      createdAt: now,
      updatedAt: now,
    });
    ids.push(orderId);
  }
  return async () => {
    const rows = await db.select().from(orders);
    return ids.map((id) => rows.find((o) => o.id === id)?.anonymizedAt !== null);
  };
}

async function until(check: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('both runtimes read RETENTION_DAYS', () => {
  it('Node: the server’s interval erases a dinner 31 days after it ended, not one 29 days after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klick-retention-'));
    const server = await startServer({
      env: {
        ENVIRONMENT: 'test',
        DATABASE_URL: `file:${join(dir, 'klick.db')}`,
        ADMIN_TOKEN,
        RETENTION_DAYS: '30',
        PORT: '0',
      },
      log: silentLog,
      jobsEvery: 50,
      seed: false,
    });
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanup.push(() => server.close());
    expect(server.deps.config.retentionDays).toBe(30);
    const erased = await seedPast(server.deps.db);
    await until(async () => (await erased())[0] === true);
    expect(await erased()).toEqual([true, false]);
  });

  it('Workers: the cron trigger does the same with RETENTION_DAYS from the bindings', async () => {
    const dbPath = await createMigratedTempDb('klick-retention-worker-');
    const hrana = createHranaHandler(dbPath);
    const http = serve({ fetch: hrana, port: 0, hostname: '127.0.0.1' });
    await new Promise((ok) => http.once('listening', ok));
    cleanup.push(() => new Promise((ok) => http.close(ok)));
    cleanup.push(() => hrana.close());
    const client = createClient({ url: `file:${dbPath}` });
    cleanup.push(() => client.close());
    const erased = await seedPast(createDb(client));

    const env = {
      ENVIRONMENT: 'test',
      PUBLIC_URL: 'http://klick.test',
      DATABASE_URL: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
      ADMIN_TOKEN,
      RETENTION_DAYS: 30,
    };
    const work: Promise<unknown>[] = [];
    await worker.scheduled({}, env, { waitUntil: (p) => work.push(p), passThroughOnException: () => {} });
    await Promise.all(work);
    expect(await erased()).toEqual([true, false]);
  });
});
