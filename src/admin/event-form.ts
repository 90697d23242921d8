import { type CreateEventInput, createEventInput } from '../events/schema';
import type { Event } from '../events/service';
import { AppError } from '../lib/errors';
import type { Lang } from '../lib/i18n';
import { isValidTimeZone, parseZonedLocal, utcToZonedLocal } from '../lib/time';
import * as z from '../lib/validation';
import type { FieldError } from './messages';

export const EVENT_FORM_FIELDS = [
  'slug',
  'title',
  'description',
  'venue',
  'address',
  'hostName',
  'startsAt',
  'endsAt',
  'timezone',
  'price',
  'currency',
  'capacity',
  'salesCloseAt',
  'status',
  'salesOpenAt',
  'offerHours',
  /** start | until | no */
  'transfer',
  'transferUntil',
  /** no | yes */
  'cancellation',
  'cancelDays',
  'refundPercent',
  /** "50.1109, 8.6821": the venue's latitude and longitude, or empty */
  'venueLocation',
] as const;

export type EventFormValues = Record<(typeof EVENT_FORM_FIELDS)[number], string>;
export type FieldErrors = Partial<Record<string, FieldError>>;

export const DEFAULT_TIMEZONE = 'Europe/Berlin';

export function emptyEventForm(): EventFormValues {
  const v = Object.fromEntries(EVENT_FORM_FIELDS.map((k) => [k, ''])) as EventFormValues;
  return {
    ...v,
    timezone: DEFAULT_TIMEZONE,
    currency: 'EUR',
    status: 'on_sale',
    offerHours: '12',
    transfer: 'start',
    cancellation: 'no',
  };
}

/** Only the known fields, each cut to a sane length, so a re-shown form never echoes a huge body. */
export function pickEventForm(raw: Record<string, string>): EventFormValues {
  return Object.fromEntries(EVENT_FORM_FIELDS.map((k) => [k, (raw[k] ?? '').slice(0, 6000)])) as EventFormValues;
}

/** "49,90" / "49.9" / "49" → cents by string arithmetic, so 0.1-style float errors cannot creep in. */
export function parsePriceCents(text: string): number | null {
  const m = /^(\d{1,8})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/[\s\u00a0]/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function formatPriceInput(cents: number, lang: Lang): string {
  const whole = Math.floor(cents / 100);
  const frac = String(cents % 100).padStart(2, '0');
  return `${whole}${lang === 'de' ? ',' : '.'}${frac}`;
}

export function eventToForm(e: Event, lang: Lang): EventFormValues {
  return {
    slug: e.slug,
    title: e.title,
    description: e.description,
    venue: e.venue,
    address: e.address,
    hostName: e.hostName,
    startsAt: utcToZonedLocal(e.startsAt, e.timezone),
    endsAt: utcToZonedLocal(e.endsAt, e.timezone),
    timezone: e.timezone,
    price: formatPriceInput(e.priceCents, lang),
    currency: e.currency,
    capacity: String(e.capacity),
    salesCloseAt: e.salesCloseAt === null ? '' : utcToZonedLocal(e.salesCloseAt, e.timezone),
    status: e.status,
    salesOpenAt: e.salesOpenAt === null ? '' : utcToZonedLocal(e.salesOpenAt, e.timezone),
    offerHours: String(e.offerHours),
    transfer: e.transferUntil === null ? 'no' : e.transferUntil === e.startsAt ? 'start' : 'until',
    transferUntil: e.transferUntil === null ? '' : utcToZonedLocal(e.transferUntil, e.timezone),
    cancellation: e.cancelUntilDays === null ? 'no' : 'yes',
    cancelDays: e.cancelUntilDays === null ? '' : String(e.cancelUntilDays),
    refundPercent: e.cancelRefundPercent === null ? '' : String(e.cancelRefundPercent),
    venueLocation:
      e.venueLatitude === null || e.venueLongitude === null ? '' : `${e.venueLatitude}, ${e.venueLongitude}`,
  };
}

/**
 * "50.1109, 8.6821" as maps apps copy it (also "50,1109; 8,6821" with German decimal commas) → the two numbers;
 * empty → none; anything else → the field's error.
 */
export function parseVenueLocation(text: string): { latitude: number; longitude: number } | null | 'invalid' {
  const t = text.trim();
  if (!t) return null;
  const m =
    /^(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(t) ??
    /^(-?\d{1,2}(?:,\d+)?)\s*;\s*(-?\d{1,3}(?:,\d+)?)$/.exec(t);
  if (!m) return 'invalid';
  const [latitude, longitude] = [m[1]!, m[2]!].map((n) => Number(n.replace(',', '.'))) as [number, number];
  return Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180 ? { latitude, longitude } : 'invalid';
}

/** A whole number typed into a form, or the field's error. */
function wholeNumber(v: EventFormValues, field: keyof EventFormValues, errors: FieldErrors): number | undefined {
  const text = v[field].trim();
  if (!text) errors[field] = { code: 'required' };
  else if (/^\d{1,9}$/.test(text)) return Number(text);
  else errors[field] = { code: 'wholeNumber' };
  return undefined;
}

function issueToError(issue: z.core.$ZodIssue, field: string): FieldError {
  const i = issue as { code: string; minimum?: unknown; maximum?: unknown; origin?: string };
  if (z.isTextRuleIssue(issue)) return { code: 'invalidChars' };
  if (field === 'slug' && i.code === 'invalid_format') return { code: 'slugFormat' };
  if (field === 'currency' && i.code === 'invalid_format') return { code: 'currencyFormat' };
  if (field === 'timezone') return { code: 'timezone' };
  if (field === 'price' && (i.code === 'too_small' || i.code === 'too_big')) return { code: 'priceRange' };
  if (i.code === 'invalid_type') return { code: 'required' };
  if (i.code === 'too_small')
    return i.origin === 'string' ? { code: 'required' } : { code: 'tooSmall', n: Number(i.minimum) };
  if (i.code === 'too_big') return { code: i.origin === 'string' ? 'tooLong' : 'tooLarge', n: Number(i.maximum) };
  return { code: 'invalid' };
}

/**
 * Turns the form's strings into createEventInput's shape (local times → UTC ISO, price → cents),
 * then lets that schema decide; conversion errors win over the schema's for the same field.
 */
export function parseEventForm(
  v: EventFormValues,
): { ok: true; input: CreateEventInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const tz = v.timezone.trim();
  const tzOk = tz !== '' && isValidTimeZone(tz);
  if (!tzOk) errors.timezone = { code: tz ? 'timezone' : 'required' };
  const instant = (
    field: 'startsAt' | 'endsAt' | 'salesCloseAt' | 'salesOpenAt' | 'transferUntil',
    optional: boolean,
  ) => {
    const local = v[field].trim();
    if (!local) {
      if (!optional) errors[field] = { code: 'required' };
      return null;
    }
    const r = parseZonedLocal(local, tzOk ? tz : 'UTC');
    if ('error' in r) {
      errors[field] = { code: r.error === 'skipped' ? 'timeSkipped' : 'datetime' };
      return null;
    }
    return new Date(r.ms).toISOString();
  };
  const startsAt = instant('startsAt', false);
  const endsAt = instant('endsAt', false);
  const salesCloseAt = instant('salesCloseAt', true);
  const salesOpenAt = instant('salesOpenAt', true);
  // the seat policies (src/events/policy.ts): passing tickets on, cancelling, waitlist offers
  const transfer = v.transfer || 'start';
  if (!['start', 'until', 'no'].includes(transfer)) errors.transfer = { code: 'invalid' };
  const transferUntil = transfer === 'until' ? instant('transferUntil', false) : transfer === 'start' ? startsAt : null;
  // left empty (or a form from before these settings): the default
  const offerHours = v.offerHours.trim() ? wholeNumber(v, 'offerHours', errors) : 12;
  const cancellable = v.cancellation === 'yes';
  if (v.cancellation && !['yes', 'no'].includes(v.cancellation)) errors.cancellation = { code: 'invalid' };
  const cancellation = cancellable
    ? { untilDaysBefore: wholeNumber(v, 'cancelDays', errors), refundPercent: wholeNumber(v, 'refundPercent', errors) }
    : null;
  let priceCents: number | undefined;
  if (!v.price.trim()) errors.price = { code: 'required' };
  else {
    const cents = parsePriceCents(v.price);
    if (cents === null) errors.price = { code: 'price' };
    else priceCents = cents;
  }
  const capacity = wholeNumber(v, 'capacity', errors);
  const location = parseVenueLocation(v.venueLocation);
  if (location === 'invalid') errors.venueLocation = { code: 'coordinates' };

  const parsed = createEventInput.safeParse({
    slug: v.slug,
    title: v.title,
    description: v.description,
    venue: v.venue,
    address: v.address,
    hostName: v.hostName,
    venueLatitude: location && location !== 'invalid' ? location.latitude : null,
    venueLongitude: location && location !== 'invalid' ? location.longitude : null,
    startsAt: startsAt ?? undefined,
    endsAt: endsAt ?? undefined,
    timezone: tz,
    priceCents,
    currency: v.currency,
    capacity,
    salesCloseAt,
    status: v.status || undefined,
    salesOpenAt,
    offerHours,
    transferUntil: transferUntil ?? (transfer === 'no' ? null : undefined),
    cancellation,
  });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '_');
      const field =
        key === 'priceCents'
          ? 'price'
          : key === 'venueLatitude' || key === 'venueLongitude'
            ? 'venueLocation'
            : key === 'cancellation'
              ? issue.path[1] === 'refundPercent'
                ? 'refundPercent'
                : 'cancelDays'
              : key;
      const given = (v as Record<string, string>)[field];
      errors[field] ??= given !== undefined && given.trim() === '' ? { code: 'required' } : issueToError(issue, field);
    }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

/** The service's own field verdicts (time order, taken slug) in the form's terms; null when it is not one. */
export function serviceFieldErrors(err: unknown): FieldErrors | null {
  if (!(err instanceof AppError)) return null;
  const fields = (err.details as { fields?: Record<string, string> } | undefined)?.fields ?? {};
  if (err.code === 'conflict') return { slug: { code: 'slugTaken' } };
  if (err.code !== 'invalid_input') return null;
  const out: FieldErrors = {};
  if (fields.endsAt) out.endsAt = { code: 'endBeforeStart' };
  if (fields.salesCloseAt) out.salesCloseAt = { code: 'salesAfterEnd' };
  if (fields.salesOpenAt) out.salesOpenAt = { code: 'salesOpenLate' };
  if (fields.transferUntil) out.transferUntil = { code: 'transferAfterEnd' };
  for (const k of Object.keys(fields)) out[k] ??= { code: 'invalid' };
  return Object.keys(out).length ? out : { _: { code: 'invalid' } };
}
