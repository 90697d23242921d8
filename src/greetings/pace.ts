/**
 * The pace of a greeting round, for the host's phone and the organizer's log. Pure: no DOM, no
 * server imports, so the host app bundles it as it is. Times are epoch milliseconds.
 */
export interface Pace {
  /** guests greeted (n) */
  greeted: number;
  /** guests present (N): checked in, and never fewer than those greeted */
  total: number;
  remaining: number;
  firstAt: number | null;
  lastAt: number | null;
  /** seconds from the first greeting to now (0 before the first) */
  elapsedSeconds: number;
  /** seconds from the first greeting to the last (null before the first) */
  durationSeconds: number | null;
  /** seconds per guest, one decimal; null until two greetings give an interval */
  secondsPerGuest: number | null;
  /** when the remaining guests will be greeted at this pace; null when unknown or done */
  projectedFinishAt: number | null;
  /** everyone present is greeted (and someone is present) */
  done: boolean;
}

/**
 * n greetings span n − 1 intervals: each tap ends a handshake, so the first tap starts the clock.
 * The projection runs from now (or the last tap, if the phone clock lags), so a pause shows.
 * A guest greeted before their check-in reached this phone is present too: N is at least n.
 */
export function pace(input: { greetedAt: readonly number[]; checkedIn: number; now: number }): Pace {
  const greeted = input.greetedAt.length;
  const total = Math.max(input.checkedIn, greeted);
  const remaining = total - greeted;
  const firstAt = greeted ? Math.min(...input.greetedAt) : null;
  const lastAt = greeted ? Math.max(...input.greetedAt) : null;
  const span = firstAt !== null && lastAt !== null ? lastAt - firstAt : null;
  const msPerGuest = span !== null && greeted >= 2 ? span / (greeted - 1) : null;
  return {
    greeted,
    total,
    remaining,
    firstAt,
    lastAt,
    elapsedSeconds: firstAt === null ? 0 : Math.max(0, Math.floor((input.now - firstAt) / 1000)),
    durationSeconds: span === null ? null : Math.round(span / 1000),
    secondsPerGuest: msPerGuest === null ? null : Math.round(msPerGuest / 100) / 10,
    projectedFinishAt:
      remaining > 0 && msPerGuest !== null && lastAt !== null
        ? Math.round(Math.max(input.now, lastAt) + remaining * msPerGuest)
        : null,
    done: total > 0 && remaining === 0,
  };
}

/** What the phone's roster holds per ticket (checkin/roster.ts); extra fields are kept in `missing`. */
export interface PaceTicket {
  status: string;
  checkedInAt: number | null;
  greetedAt: number | null;
}

/**
 * Pace straight from the roster, with the list of who is still missing: valid tickets checked in
 * and not greeted, in order of arrival (the order the host walks the room in greet mode).
 */
export function rosterPace<T extends PaceTicket>(tickets: readonly T[], now: number): Pace & { missing: T[] } {
  const valid = tickets.filter((t) => t.status === 'valid');
  const greetedAt = valid.flatMap((t) => (t.greetedAt === null ? [] : [t.greetedAt]));
  const present = valid.filter((t) => t.checkedInAt !== null || t.greetedAt !== null).length;
  const missing = valid
    .filter((t) => t.checkedInAt !== null && t.greetedAt === null)
    .sort((a, b) => (a.checkedInAt ?? 0) - (b.checkedInAt ?? 0));
  return { ...pace({ greetedAt, checkedIn: present, now }), missing };
}
