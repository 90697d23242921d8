/**
 * IndexedDB: the phone's durable state, in one database. The roster lets verdicts work without network;
 * the outbox holds every record the phone writes (outbox.ts) until the server has answered its nonce, so
 * a reload, a crash or a dead battery loses nothing. Each write resolves when its transaction has committed.
 *
 * Version 2 brought the one outbox. Older app versions kept scans in this database's `queue` store and
 * greetings in a database of their own, `klick-host-greet`: both are moved into the outbox when a phone
 * first opens version 2, before anything is sent, so an update in the middle of a dinner loses nothing.
 */
import type { PairAnswer } from '../../src/shared/wire';
import type { LogEntry } from './log';
import type { Ticket } from './model';
import { type Entry, fromOldRecord, inOrder } from './outbox';

const DB_NAME = 'klick-host';
const VERSION = 2;
const OLD_GREETINGS_DB = 'klick-host-greet';

/** What the pairing answered; the token is the phone's credential for /api/devices. */
export interface Session {
  token: string;
  device: PairAnswer['device'];
  event: Pick<PairAnswer['event'], 'id' | 'title' | 'timezone'>;
}

type Key = 'session' | 'cursor' | 'lang' | 'log';

export const done = (tx: IDBTransaction) =>
  new Promise<void>((ok, fail) => {
    tx.oncomplete = () => ok();
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error ?? new Error('transaction aborted'));
  });

export const result = <T>(req: IDBRequest<T>) =>
  new Promise<T>((ok, fail) => {
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });

export class Store {
  private constructor(private db: IDBDatabase) {
    // A newer version opened in another tab: let it upgrade, this tab reloads into it.
    db.onversionchange = () => {
      db.close();
      location.reload();
    };
  }

  static async open(): Promise<Store> {
    const req = indexedDB.open(DB_NAME, VERSION);
    req.onupgradeneeded = (ev) => upgrade(req.result, req.transaction!, ev.oldVersion);
    const store = new Store(await result(req));
    await store.adoptOldGreetings();
    return store;
  }

  async get<T>(key: Key): Promise<T | undefined> {
    const tx = this.db.transaction('kv');
    return (await result(tx.objectStore('kv').get(key))) as T | undefined;
  }

  set(key: Key, value: unknown): Promise<void> {
    const tx = this.db.transaction('kv', 'readwrite');
    tx.objectStore('kv').put(value, key);
    return done(tx);
  }

  session = () => this.get<Session>('session');
  log = async () => (await this.get<LogEntry[]>('log')) ?? [];

  async tickets(): Promise<Ticket[]> {
    return result(this.db.transaction('tickets').objectStore('tickets').getAll());
  }

  /** Roster changes and the new cursor in one transaction: a crash cannot keep one without the other. */
  saveRoster(list: Ticket[], full: boolean, cursor: string): Promise<void> {
    const tx = this.db.transaction(['tickets', 'kv'], 'readwrite');
    const tickets = tx.objectStore('tickets');
    if (full) tickets.clear();
    for (const t of list) tickets.put(t);
    tx.objectStore('kv').put(cursor, 'cursor');
    return done(tx);
  }

  /** A phone paired to another event starts with an empty roster; its unsent records stay queued. */
  resetRoster(session: Session): Promise<void> {
    const tx = this.db.transaction(['tickets', 'kv'], 'readwrite');
    tx.objectStore('tickets').clear();
    const kv = tx.objectStore('kv');
    kv.delete('cursor');
    kv.delete('log');
    kv.put(session, 'session');
    return done(tx);
  }

  /** Every queued record, in the order they go out. */
  async outbox(): Promise<Entry[]> {
    const all = (await result(this.db.transaction('outbox').objectStore('outbox').getAll())) as Entry[];
    return all.sort(inOrder);
  }

  /** Queues records, or rewrites queued ones as they are now (a re-pair gives them the new token). */
  put(entries: Entry[]): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const e of entries) tx.objectStore('outbox').put(e);
    return done(tx);
  }

  remove(nonces: string[]): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const n of nonces) tx.objectStore('outbox').delete(n);
    return done(tx);
  }

  /**
   * Greetings an older app version queued in its own database: copied into the outbox, then that
   * database is deleted. A crash in between copies them again next time, which changes nothing (the
   * nonce is the key, and the server answers a resent nonce from its first row).
   */
  private async adoptOldGreetings() {
    const old = await openIfExists(OLD_GREETINGS_DB);
    if (!old) return;
    const session = await this.session();
    const list = old.objectStoreNames.contains('queue')
      ? ((await result(old.transaction('queue').objectStore('queue').getAll())) as Record<string, unknown>[])
      : [];
    old.close();
    const entries = list.flatMap((g) => fromOldRecord('greetings', g, session) ?? []);
    if (entries.length) await this.put(entries);
    await new Promise<void>((ok) => {
      const del = indexedDB.deleteDatabase(OLD_GREETINGS_DB);
      // Blocked: an old tab still has it open; it goes once that tab closes. Nothing waits for that.
      del.onsuccess = del.onerror = del.onblocked = () => ok();
    });
  }
}

/** Creates the stores of a fresh database, or moves an older version's data into this one's. */
function upgrade(db: IDBDatabase, tx: IDBTransaction, from: number) {
  if (from < 1) {
    db.createObjectStore('kv');
    db.createObjectStore('tickets', { keyPath: 'id' });
  }
  const outbox = db.createObjectStore('outbox', { keyPath: 'nonce' });
  if (from < 1 || !db.objectStoreNames.contains('queue')) return;
  // Version 1 queued scans in `queue`: each becomes a record of the scans lane, then the store goes.
  const session = tx.objectStore('kv').get('session');
  const scans = tx.objectStore('queue').getAll();
  scans.onsuccess = () => {
    for (const s of scans.result as Record<string, unknown>[]) {
      const e = fromOldRecord('scans', s, session.result as Session | undefined);
      if (e) outbox.put(e);
    }
    db.deleteObjectStore('queue');
  };
}

/** Opens a database only if it exists: opening one that does not would create it. */
function openIfExists(name: string): Promise<IDBDatabase | undefined> {
  return new Promise((ok) => {
    const req = indexedDB.open(name);
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => ok(req.result);
    req.onerror = (ev) => {
      ev.preventDefault();
      ok(undefined);
    };
  });
}
