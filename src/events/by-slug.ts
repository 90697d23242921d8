import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { perClient } from '../db/per-client';
import { events } from '../db/schema';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import type { Event } from './service';

/**
 * The public pages' event lookup. A sale opening reads one event a thousand times a second, and libSQL's client
 * prepares every statement anew (≈ 0.15 ms for this 40-column row on the bench machine, a sixth of a purchase
 * attempt), so each instance keeps a row it read for at most EVENT_ROW_MS.
 *
 * A row kept here can only be late, and only for what a page shows: every hold re-checks the row it relies on
 * (status, sales window, end, price, capacity) inside its own atomic INSERT (src/orders/service.ts), so a late row
 * never sells a seat the database would refuse. An edit through klick forgets every kept row of its client at once
 * (`forgetEventRows`, in updateEvent); another instance (a Worker isolate, a second Node process) reads again
 * within EVENT_ROW_MS.
 */
export const EVENT_ROW_MS = 1000;

const eventBySlug = perClient((db) =>
  db
    .select()
    .from(events)
    .where(eq(events.slug, sql.placeholder('slug')))
    .limit(1)
    .prepare(),
);
// `generation` counts edits: a read that began before an edit must not keep the row it read after the edit forgot it
const rowsOf = perClient(() => ({ generation: 0, rows: new Map<string, { row: Event; until: number }>() }));

export async function getEventBySlug(deps: Deps, slug: string): Promise<Event> {
  const key = slug.toLowerCase();
  const now = deps.clock.now();
  const memo = rowsOf(deps.db);
  const kept = memo.rows.get(key);
  // a clock set back (tests do) must not keep a row longer than EVENT_ROW_MS
  if (kept && now < kept.until && kept.until - now <= EVENT_ROW_MS) return kept.row;
  const generation = memo.generation;
  const row = await eventBySlug(deps.db).get({ slug: key });
  if (!row || row.status === 'draft') {
    memo.rows.delete(key);
    throw new AppError('not_found', 'No such event.');
  }
  // unknown slugs are not kept: the map only ever holds events that exist
  if (generation === memo.generation) memo.rows.set(key, { row, until: now + EVENT_ROW_MS });
  return row;
}

/** An event was edited (its slug, status, times, capacity…): every row kept for this client is read again. */
export function forgetEventRows(db: Db) {
  const memo = rowsOf(db);
  memo.generation++;
  memo.rows.clear();
}
