import type { Lang } from './i18n';

const locale = (lang: Lang) => (lang === 'de' ? 'de-DE' : 'en-GB');

/** Building an Intl formatter costs far more than using one; pages format on every request. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function formatDateTime(ms: number, tz: string, lang: Lang): string {
  return formatter(
    `long|${lang}|${tz}`,
    () =>
      new Intl.DateTimeFormat(locale(lang), {
        timeZone: tz,
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }),
  ).format(ms);
}

export function formatTime(ms: number, tz: string, lang: Lang): string {
  return formatter(
    `time|${lang}|${tz}`,
    () => new Intl.DateTimeFormat(locale(lang), { timeZone: tz, hour: '2-digit', minute: '2-digit' }),
  ).format(ms);
}

/** Offset of tz from UTC at the given instant, in ms. */
function offsetAt(ms: number, tz: string): number {
  const parts = formatter(
    `parts|${tz}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
  ).formatToParts(ms);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** A wall-clock time without offset: "2026-12-03T19:00", seconds allowed ("…T19:00:00"). */
export const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const HOUR_MS = 3_600_000;

/**
 * A wall-clock time in tz → UTC ms, one rule for the organizer's form and the JSON API:
 * - `invalid`: not a calendar time (31 February, 24:00, a wrong format);
 * - `skipped`: a time the zone does not have, because the clocks jump over it (02:30 on 29 March 2026 in
 *   Europe/Berlin). Refused rather than moved, so nobody sells a dinner at an hour that never comes;
 * - a time the zone shows twice (02:30 on 25 October 2026 in Berlin, once in summer time, once in winter time)
 *   is the first of the two, the earlier instant, as RFC 5545 §3.3.5 reads such a time in a calendar.
 */
export function parseZonedLocal(local: string, tz: string): { ms: number } | { error: 'invalid' | 'skipped' } {
  const m = LOCAL_TIME.exec(local);
  if (!m) return { error: 'invalid' };
  const naive = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  // Date.UTC rolls 2026-02-31 over into March: refuse what is not a real calendar time.
  if (Number.isNaN(naive) || new Date(naive).toISOString().slice(0, local.length) !== local)
    return { error: 'invalid' };
  // No zone changes its offset twice within a day: the offsets half a day either side are the only candidates.
  const candidates = [naive - offsetAt(naive - 12 * HOUR_MS, tz), naive - offsetAt(naive + 12 * HOUR_MS, tz)].filter(
    (utc) =>
      new Date(utc + offsetAt(utc, tz)).toISOString().slice(0, 19) === new Date(naive).toISOString().slice(0, 19),
  );
  if (candidates.length === 0) return { error: 'skipped' };
  return { ms: Math.min(...candidates) };
}

/** "2026-12-03T19:00" as wall-clock time in tz → UTC ms; null when that time does not exist there (see parseZonedLocal). */
export function zonedLocalToUtc(local: string, tz: string): number | null {
  const r = parseZonedLocal(local, tz);
  return 'ms' in r ? r.ms : null;
}

/** UTC ms → "2026-12-03T19:00" wall-clock in tz, for datetime-local inputs. */
export function utcToZonedLocal(ms: number, tz: string): string {
  return new Date(ms + offsetAt(ms, tz)).toISOString().slice(0, 16);
}
