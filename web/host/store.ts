/**
 * IndexedDB: the phone's durable state. The roster lets verdicts work without network; the queue
 * holds every scan until the server has acknowledged its nonce, so a reload, a crash or a dead
 * battery loses nothing. Each write resolves when its transaction has committed.
 */
import type { LogEntry } from './log';
import type { QueuedScan, Ticket } from './model';

const DB_NAME = 'klick-host';

/** What the pairing answered; the token is the phone's credential for /api/devices. */
export interface Session {
  token: string;
  device: { id: string; name: string };
  event: { id: string; title: string; timezone: string };
}

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
  private constructor(private db: IDBDatabase) {}

  static open(): Promise<Store> {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore('kv');
      db.createObjectStore('tickets', { keyPath: 'id' });
      db.createObjectStore('queue', { keyPath: 'nonce' });
    };
    return result(req).then((db) => new Store(db));
  }

  async get<T>(key: 'session' | 'cursor' | 'lang' | 'log'): Promise<T | undefined> {
    const tx = this.db.transaction('kv');
    return (await result(tx.objectStore('kv').get(key))) as T | undefined;
  }

  set(key: 'session' | 'cursor' | 'lang' | 'log', value: unknown): Promise<void> {
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

  /** Scans in the order they were made (device time, then the order they were queued). */
  async queue(): Promise<QueuedScan[]> {
    const all = (await result(this.db.transaction('queue').objectStore('queue').getAll())) as (QueuedScan & {
      seq?: number;
    })[];
    return all.sort((a, b) => a.deviceTime - b.deviceTime || (a.seq ?? 0) - (b.seq ?? 0));
  }

  enqueue(scan: QueuedScan, seq: number): Promise<void> {
    const tx = this.db.transaction('queue', 'readwrite');
    tx.objectStore('queue').put({ ...scan, seq });
    return done(tx);
  }

  dequeue(nonces: string[]): Promise<void> {
    const tx = this.db.transaction('queue', 'readwrite');
    const queue = tx.objectStore('queue');
    for (const n of nonces) queue.delete(n);
    return done(tx);
  }

  /** A phone paired to another event starts with an empty roster; its unsent scans stay queued. */
  resetRoster(session: Session): Promise<void> {
    const tx = this.db.transaction(['tickets', 'kv'], 'readwrite');
    tx.objectStore('tickets').clear();
    const kv = tx.objectStore('kv');
    kv.delete('cursor');
    kv.delete('log');
    kv.put(session, 'session');
    return done(tx);
  }
}
