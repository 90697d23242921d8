import type { Db } from '../db/client';
import { perClient } from '../db/per-client';

/**
 * A sold-out dinner's answer without a write. Once a hold is refused for want of a seat (or a count finds none
 * left), this instance remembers it for at most SOLD_OUT_MEMO_MS, and a sale opening's hundreds of late buyers
 * are told "sold out" from memory instead of each taking the write lock for an INSERT that inserts nothing.
 *
 * It only ever answers "no seat": a seat it hides is offered late, never twice, because every hold that goes
 * through still runs the atomic INSERT … SELECT (src/orders/service.ts). Freed seats forget it at once where they
 * are freed: every path that frees a seat runs the waitlist's offer step (fillSeats), which calls `seatsFreed`
 * first, and the line gets its offers before the public can see the seat (its count keeps the line's seats out).
 * Elsewhere (another Worker isolate, another Node process on the same Turso database, a hold that simply
 * lapsed) the memo ends by itself within SOLD_OUT_MEMO_MS.
 *
 * Kept per database client, so each Worker isolate and each test app has its own; a generation number per event
 * keeps a count read before a release from marking the dinner full again after the release forgot it.
 */
export const SOLD_OUT_MEMO_MS = 1000;

/** `pages`: the sold-out page around its waitlist form, per language (see `soldOutFrame`); gone with the memo. */
type Memo = { until: number; generation: number; pages?: Map<string, readonly [string, string]> };
const memoOf = perClient(() => new Map<string, Memo>());

/** True while this instance knows the dinner has no public seat left. */
export function knownSoldOut(db: Db, eventId: string, now: number): boolean {
  const memo = memoOf(db).get(eventId);
  return memo !== undefined && now < memo.until;
}

/** Read before a count whose answer may mark the dinner sold out (see `markSoldOut`). */
export const soldOutGeneration = (db: Db, eventId: string): number => memoOf(db).get(eventId)?.generation ?? 0;

/** A count read at `generation` found no public seat: remember it, unless a seat was freed since the read. */
export function markSoldOut(db: Db, eventId: string, now: number, generation: number) {
  const m = memoOf(db);
  const memo = m.get(eventId);
  if ((memo?.generation ?? 0) !== generation) return;
  m.set(eventId, { until: now + SOLD_OUT_MEMO_MS, generation });
}

/** A seat may have been freed (a release, refund, cancellation, more capacity): forget "sold out" at once. */
export function seatsFreed(db: Db, eventId: string) {
  const m = memoOf(db);
  m.set(eventId, { until: 0, generation: (m.get(eventId)?.generation ?? 0) + 1 });
}

/**
 * The sold-out answer's page without its form, kept as long as the memo that says "sold out": a sale opening's late
 * buyers each get the same page, only their own entries in the waitlist form differ. Made once per memo and
 * language; a freed seat or an edit of the event (which frees seats too, see updateEvent) drops it with the memo.
 */
export async function soldOutFrame(
  db: Db,
  eventId: string,
  now: number,
  key: string,
  make: () => Promise<readonly [string, string]>,
): Promise<readonly [string, string]> {
  const memo = memoOf(db).get(eventId);
  if (memo === undefined || now >= memo.until) return make();
  const kept = memo.pages?.get(key);
  if (kept) return kept;
  const frame = await make();
  // kept only if the memo it belongs to is still the one in place
  if (memoOf(db).get(eventId) === memo) {
    memo.pages ??= new Map();
    memo.pages.set(key, frame);
  }
  return frame;
}
