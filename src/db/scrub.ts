import { sql } from 'drizzle-orm';
import type { Db } from './client';

/**
 * After personal data is erased, no byte of it may stay readable in the database file.
 *
 * A local libSQL file (Node, WAL mode) keeps erased values in four places: the free space of a page (an UPDATE
 * that shrinks a row leaves the old bytes), freed pages, the leftovers of earlier updates (a hold that became
 * paid was rewritten, and its first copy stays in the page's free space), and the WAL's frames until the WAL
 * starts over. `PRAGMA secure_delete` zeroes only what is deleted while it is on, and it is a per-connection
 * setting that libSQL's pool does not carry to new connections; measured here, it leaves the earlier copies.
 * So, after the erase: `VACUUM` rebuilds every page from the live rows (through the WAL), and
 * `wal_checkpoint(TRUNCATE)` writes them into the file and cuts the WAL to zero bytes. The -shm index holds page
 * numbers, no row data. Cost: about 50 ms per 10 MB of database on this machine, once per erase request and
 * once per retention run. Proof: test/privacy/erase-bytes.test.ts searches the raw bytes.
 *
 * Over HTTP (Turso, the Worker) there is nothing to do from here: sqld refuses VACUUM, wal_checkpoint and setting
 * secure_delete, and the provider keeps its own page history for point-in-time restore. See the README.
 */
export type ScrubResult = 'scrubbed' | 'busy' | 'remote';

/** Databases whose last scrub could not finish (another process held the file): runRetention tries again. */
const pending = new WeakSet<Db>();

export async function scrubErasedData(db: Db): Promise<ScrubResult> {
  if (db.$client.protocol !== 'file') return 'remote';
  try {
    await db.run(sql`VACUUM`);
    const [row] = await db.all<{ busy: number }>(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
    if (Number(row?.busy ?? 0) !== 0) throw new Error('checkpoint busy');
  } catch {
    // Only another process on the same file (a sqlite3 shell, a second klick) can block it.
    pending.add(db);
    return 'busy';
  }
  pending.delete(db);
  return 'scrubbed';
}

export const scrubPending = (db: Db) => pending.has(db);
