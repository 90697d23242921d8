import type { ResultSet } from '@libsql/client';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client';
import { perClient } from './per-client';

type Item = BatchItem<'sqlite'>;
type Waiter = { items: Item[]; ok: (results: ResultSet[]) => void; fail: (err: unknown) => void };

/** A transaction of a few hundred statements still commits in well under a millisecond. */
const MAX_GROUP = 64;

const groups = perClient(() => ({
  enabled: false,
  queue: [] as Waiter[],
  scheduled: false,
  /** transactions committed for grouped batches, and the batches they carried (for tests and the bench) */
  commits: 0,
  batches: 0,
}));

/**
 * Group commit for the embedded database (src/build-deps.ts turns it on for a `file:` client only). On a local
 * SQLite file every transaction ends in an fsync, and libSQL's Node client runs it on the event loop: a sale
 * opening's holds, one transaction each, queue behind one another's fsyncs.
 */
export function enableGroupCommit(db: Db) {
  groups(db).enabled = true;
}

export const groupCommitStats = (db: Db) => ({ commits: groups(db).commits, batches: groups(db).batches });

/**
 * `db.batch(items)`, except that with group commit on, the batches handed in during one turn of the event loop run
 * one after the other inside ONE transaction, each with its own results. Every statement still sees the ones before
 * it, so a conditional INSERT … SELECT (a hold's capacity check, a code's uses) stays exact: the group is what the
 * same batches sent one by one would have done, in the same order. A statement that fails rolls the whole group
 * back; then each batch runs again on its own, so only its own caller sees the error.
 *
 * Off on Workers with Turso: there each request sends its own batch (one HTTP round trip), since a Worker must not
 * settle one request's promise from another request's I/O, and Turso's server orders the writes anyway.
 */
export function batchTogether<T extends [Item, ...Item[]]>(db: Db, items: T): Promise<{ [K in keyof T]: ResultSet }> {
  type Results = { [K in keyof T]: ResultSet };
  const group = groups(db);
  if (!group.enabled) return db.batch(items) as Promise<Results>;
  return new Promise<Results>((ok, fail) => {
    group.queue.push({ items, ok: (r) => ok(r as Results), fail });
    if (!group.scheduled) {
      group.scheduled = true;
      setImmediate(() => void flush(db));
    }
  });
}

async function flush(db: Db) {
  const group = groups(db);
  group.scheduled = false;
  while (group.queue.length) {
    const waiters = group.queue.splice(0, MAX_GROUP);
    const items = waiters.flatMap((w) => w.items) as [Item, ...Item[]];
    group.commits++;
    group.batches += waiters.length;
    let results: ResultSet[];
    try {
      results = (await db.batch(items)) as ResultSet[];
    } catch (err) {
      if (waiters.length === 1) waiters[0]!.fail(err);
      else
        for (const w of waiters)
          await (db.batch(w.items as [Item, ...Item[]]) as Promise<ResultSet[]>).then(w.ok, w.fail);
      continue;
    }
    let at = 0;
    for (const w of waiters) {
      w.ok(results.slice(at, at + w.items.length));
      at += w.items.length;
    }
  }
}
