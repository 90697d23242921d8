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

/** "2026-12-03T19:00" as wall-clock time in tz → UTC ms (what an organizer types into a form). */
export function zonedLocalToUtc(local: string, tz: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const naive = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // Date.UTC rolls 2026-02-31 over into March: refuse what is not a real calendar time.
  if (new Date(naive).toISOString().slice(0, 16) !== local) return null;
  // Two passes settle the offset across a DST change.
  let utc = naive - offsetAt(naive, tz);
  utc = naive - offsetAt(utc, tz);
  return utc;
}

/** UTC ms → "2026-12-03T19:00" wall-clock in tz, for datetime-local inputs. */
export function utcToZonedLocal(ms: number, tz: string): string {
  return new Date(ms + offsetAt(ms, tz)).toISOString().slice(0, 16);
}
