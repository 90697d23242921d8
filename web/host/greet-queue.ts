/**
 * Greetings on their way to the server, like the door's scans (store.ts, sync.ts): durable in
 * IndexedDB before the network is tried, dequeued only once the server answered the nonce (or
 * refused it for good, which the host is shown), so a reload or a dead network loses nothing and
 * a resend doubles nothing.
 */
import type { Confirmed, Greetings, QueuedGreeting } from './greet-model';
import type { Roster } from './model';
import { done, result, type Session } from './store';
import { ApiError, api, NotKlick } from './sync';

const DB_NAME = 'klick-host-greet';
const BATCH = 100;

/** The greetings' queue: the same shape as the scans' queue in store.ts, in its own database. */
export class GreetQueue {
  private constructor(private db: IDBDatabase) {}

  static open(): Promise<GreetQueue> {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('queue', { keyPath: 'nonce' });
      req.result.createObjectStore('confirmed', { keyPath: 'id' });
    };
    return new Promise((ok, fail) => {
      req.onsuccess = () => ok(new GreetQueue(req.result));
      req.onerror = () => fail(req.error);
    });
  }

  async all(): Promise<QueuedGreeting[]> {
    const list = (await result(this.db.transaction('queue').objectStore('queue').getAll())) as QueuedGreeting[];
    return list.sort((a, b) => a.deviceTime - b.deviceTime || (a.seq ?? 0) - (b.seq ?? 0));
  }

  /** Queues greetings, or rewrites queued ones as they are now. */
  put(list: QueuedGreeting[]): Promise<void> {
    const tx = this.db.transaction('queue', 'readwrite');
    for (const g of list) tx.objectStore('queue').put(g);
    return done(tx);
  }

  async confirmed(): Promise<Confirmed[]> {
    return (await result(this.db.transaction('confirmed').objectStore('confirmed').getAll())) as Confirmed[];
  }

  /** The server answered: the greetings leave the queue and their answers are kept, in one transaction. */
  acknowledge(nonces: string[], answers: Confirmed[], forget: string[]): Promise<void> {
    const tx = this.db.transaction(['queue', 'confirmed'], 'readwrite');
    const q = tx.objectStore('queue');
    for (const n of nonces) q.delete(n);
    const c = tx.objectStore('confirmed');
    for (const id of forget) c.delete(id);
    for (const a of answers) c.put(a);
    return done(tx);
  }
}

/** One answer of POST /api/devices/greetings. */
interface GreetOutcome {
  nonce: string;
  result: string;
  ticketId?: string;
  greetedAt?: number;
  greetedBy?: string;
}

/** Results for which nothing was written (src/greetings/record.ts). */
const NOT_WRITTEN = new Set(['unknown', 'wrong_event', 'void']);

export interface SenderDeps {
  queue: GreetQueue;
  greetings: Greetings;
  roster: Roster;
  session: Session;
  /** greetings that will never count: shown to the host (greet.ts keeps the list) */
  refused(list: QueuedGreeting[]): void;
}

/**
 * Sends the queue in batches of one token. Only what the server answered leaves the queue (or the one
 * greeting it refused for good). Network or server trouble (5xx, 408, 425, 429), or a 2xx that is not
 * klick's answer, keeps everything for the next run; the current token refused means the phone was
 * revoked: everything is kept too.
 */
export async function flushGreetings(d: SenderDeps, onBatch: () => void) {
  const { queue, greetings, session } = d;
  /** after a refused batch, its greetings go one by one, so only the refused one is dropped */
  let singles = 0;
  while (greetings.queue.length > 0 && navigator.onLine) {
    const token = greetings.queue[0]!.token;
    const batch = greetings.queue.filter((g) => g.token === token).slice(0, singles > 0 ? 1 : BATCH);
    let results: GreetOutcome[] = [];
    /** what leaves the queue: the nonces the server answered, or the one it refused for good */
    let settled: QueuedGreeting[] = [];
    try {
      const wire = batch.map((g) => ({ nonce: g.nonce, kind: g.kind, ticketId: g.ticketId, deviceTime: g.deviceTime }));
      // sentAt: the server dates each greeting by its age, whatever this phone's clock says (as for scans)
      const body = { greetings: wire, sentAt: Date.now() };
      const answer = await api<{ results: GreetOutcome[] }>('/api/devices/greetings', token, body);
      if (!Array.isArray(answer.results)) throw new NotKlick('an answer without results');
      results = answer.results;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 401 || err.status === 403) {
        if (token === session.token) throw err;
        await adopt(d, token);
        continue;
      }
      // 5xx, 408, 425, 429 and anything else not a clear refusal: kept for the next run
      if (!err.refused) throw err;
      if (batch.length > 1) {
        singles = batch.length;
        continue;
      }
      // One greeting the server will never take (say, a shape an older app version queued): only it goes.
      d.refused(batch);
      settled = batch;
    }
    if (singles > 0) singles--;
    // The answer carries the greeting that counts now: it replaces the pending overlay without a flicker.
    const ackAt = Date.now();
    const answers: Confirmed[] = [];
    const lost: QueuedGreeting[] = [];
    const sent = new Map(batch.map((g) => [g.nonce, g]));
    for (const o of results) {
      const g = o && sent.get(o.nonce);
      if (!g) continue;
      settled.push(g);
      // A nonce the server holds from an earlier pairing of this phone reads "unknown": it was written.
      if (NOT_WRITTEN.has(o.result)) {
        if (!(o.result === 'unknown' && g.from)) lost.push(g);
        continue;
      }
      if (!o.ticketId) continue;
      const c = { id: o.ticketId, at: o.greetedAt ?? null, by: o.greetedBy ?? null, ackAt };
      greetings.confirm(c);
      answers.push(c);
    }
    if (lost.length) d.refused(lost);
    const nonces = settled.map((g) => g.nonce);
    greetings.acknowledge(nonces);
    await queue.acknowledge(nonces, answers, greetings.forgotten.splice(0));
    // An answer that confirms none of what was sent would make this loop send it forever (as in sync.ts).
    if (nonces.length === 0) throw new NotKlick('no greeting answered');
    onBatch();
  }
}

/**
 * An earlier pairing's token is refused (revoked, or replaced by a new pairing): its greetings were
 * made on this phone by this host. Those of this dinner go out under the current pairing, nonces
 * unchanged, so nothing is doubled; those of another dinner can no longer be delivered, and are shown.
 */
async function adopt(d: SenderDeps, old: string) {
  // Not before the roster is there (a phone paired to another dinner starts empty): decide then.
  if (d.roster.size === 0) throw new Error('roster not loaded');
  const mine = d.greetings.queue.filter((g) => g.token === old);
  const here = mine.filter((g) => d.roster.get(g.ticketId));
  const lost = mine.filter((g) => !d.roster.get(g.ticketId));
  for (const g of here) {
    g.from = old;
    g.token = d.session.token;
  }
  await d.queue.put(here);
  if (lost.length === 0) return;
  d.refused(lost);
  const nonces = lost.map((g) => g.nonce);
  d.greetings.acknowledge(nonces);
  await d.queue.acknowledge(nonces, [], []);
}
