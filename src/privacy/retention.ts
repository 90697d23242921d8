import { sql } from 'drizzle-orm';
import { deletionLog } from '../db/schema';
import { scrubErasedData, scrubPending } from '../db/scrub';
import type { Deps } from '../deps';
import { eraseStatements, runBatch } from './erase';

export const DAY_MS = 86_400_000;

/** When an event's personal data goes: retentionDays after it ends, to the millisecond. */
export const retentionDeadline = (endsAt: number, retentionDays: number) => endsAt + retentionDays * DAY_MS;

/**
 * Erases the personal data of every event whose deadline has come (at the deadline, not a day
 * later: "N days after the dinner" means that moment). Only events that still hold something to
 * erase are picked, so old events cost nothing on later runs; each event is one batch and gets one
 * deletion record when that batch changed anything. Running it twice changes nothing the second time.
 */
export async function runRetention(deps: Deps, limit = 20): Promise<{ events: number; rows: number }> {
  const now = deps.clock.now();
  const cutoff = now - deps.config.retentionDays * DAY_MS;
  const due = await deps.db.all<{ id: string }>(sql`
    SELECT e.id FROM events e WHERE e.ends_at <= ${cutoff} AND (
      EXISTS (SELECT 1 FROM orders o WHERE o.event_id = e.id AND o.anonymized_at IS NULL)
      OR EXISTS (SELECT 1 FROM tickets t WHERE t.event_id = e.id AND t.anonymized_at IS NULL)
      OR EXISTS (SELECT 1 FROM klicks k WHERE k.event_id = e.id)
      OR EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.event_id = e.id AND w.anonymized_at IS NULL)
      OR EXISTS (SELECT 1 FROM greetings g WHERE g.event_id = e.id AND g.note IS NOT NULL))
    ORDER BY e.ends_at LIMIT ${limit}`);
  let rows = 0;
  let changedEvents = 0;
  for (const { id } of due) {
    const counts = await runBatch(deps, eraseStatements({ kind: 'event', eventId: id }, now));
    const changed = counts.reduce((a, b) => a + b, 0);
    if (changed === 0) continue;
    await deps.db
      .insert(deletionLog)
      .values({ eventId: id, orderId: null, reason: 'retention', rows: changed, createdAt: now });
    deps.log.info('retention erased event data', { eventId: id, rows: changed });
    rows += changed;
    changedEvents++;
  }
  // One scrub of the file for the whole run, or again for an earlier erase whose scrub was blocked.
  if (changedEvents > 0 || scrubPending(deps.db)) {
    const scrub = await scrubErasedData(deps.db);
    if (scrub === 'busy') deps.log.error('erased data not yet scrubbed from the database file', { scrub });
  }
  return { events: changedEvents, rows };
}
