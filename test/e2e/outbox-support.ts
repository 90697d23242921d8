/**
 * The phone's IndexedDB as tests need to reach it: a record put straight into the one outbox (as a
 * record of a shape the server refuses would sit there), the queues an older app version left behind,
 * and what the server stored, read from its database file.
 */
import { createClient } from '@libsql/client';
import type { Page } from '@playwright/test';
import { e2eServer } from './host-support';

/**
 * Puts a record into the running app's outbox (IndexedDB `klick-host`, store `outbox`) under the
 * phone's current pairing; the app reads it on its next start (a reload).
 */
export const putRecord = (page: Page, lane: 'scans' | 'greetings', item: Record<string, unknown>) =>
  page.evaluate(
    async ({ lane, item }) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open('klick-host');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      const session = await new Promise<{ token: string; event: { id: string } }>((ok) => {
        const r = db.transaction('kv').objectStore('kv').get('session');
        r.onsuccess = () => ok(r.result);
      });
      await new Promise<void>((ok, fail) => {
        const tx = db.transaction('outbox', 'readwrite');
        const e = { nonce: item.nonce, lane, item, token: session.token, event: session.event.id, seq: 0 };
        tx.objectStore('outbox').put(e);
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      });
      db.close();
    },
    { lane, item },
  );

/** The roster the phone holds (IndexedDB): ticket ids by guest name. */
export const phoneRoster = async (page: Page) =>
  new Map(
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open('klick-host');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      const all = await new Promise<{ id: string; name: string }[]>((ok) => {
        const r = db.transaction('tickets').objectStore('tickets').getAll();
        r.onsuccess = () => ok(r.result);
      });
      db.close();
      return all.map((t) => [t.name, t.id] as [string, string]);
    }),
  );

export interface OldQueues {
  session: {
    token: string;
    device: { id: string; name: string };
    event: { id: string; title: string; timezone: string };
  };
  /** records as the app before the one outbox queued them: the wire item with token and seq beside it */
  scans: Record<string, unknown>[];
  greetings: Record<string, unknown>[];
}

/**
 * The databases an older app version leaves on a phone: `klick-host` version 1 (session, roster,
 * and the scans' queue) and `klick-host-greet` (the greetings' queue and the server's answers).
 * Written from a page of the same origin that is not the app, before the app is opened.
 */
export const seedOldQueues = (page: Page, old: OldQueues) =>
  page.evaluate(async (old) => {
    const open = (name: string, stores: [string, string | null][]) =>
      new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open(name, 1);
        r.onupgradeneeded = () => {
          for (const [s, key] of stores) r.result.createObjectStore(s, key ? { keyPath: key } : undefined);
        };
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
    const write = (db: IDBDatabase, store: string, values: unknown[], key?: string) =>
      new Promise<void>((ok, fail) => {
        const tx = db.transaction(store, 'readwrite');
        for (const v of values) tx.objectStore(store).put(v, key);
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      });
    const host = await open('klick-host', [
      ['kv', null],
      ['tickets', 'id'],
      ['queue', 'nonce'],
    ]);
    await write(host, 'kv', [old.session], 'session');
    await write(host, 'queue', old.scans);
    host.close();
    const greet = await open('klick-host-greet', [
      ['queue', 'nonce'],
      ['confirmed', 'id'],
    ]);
    await write(greet, 'queue', old.greetings);
    greet.close();
  }, old);

/** The names of the IndexedDB databases the page's origin holds. */
export const databases = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());

/** What the server stored for an event: its scans and greetings, with the phone that sent each. */
export async function storedRecords(eventId: string) {
  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const rows = async (table: 'scans' | 'greetings') =>
      (
        await db.execute({
          sql: `SELECT r.client_nonce AS nonce, r.kind, d.name AS device, t.name AS guest${table === 'scans' ? ', r.result' : ''}
            FROM ${table} r JOIN devices d ON d.id = r.device_id LEFT JOIN tickets t ON t.id = r.ticket_id
            WHERE r.event_id = ? ORDER BY r.id`,
          args: [eventId],
        })
      ).rows.map((r) => ({ ...r }) as Record<string, unknown>);
    return { scans: await rows('scans'), greetings: await rows('greetings') };
  } finally {
    db.close();
  }
}
