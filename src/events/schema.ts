import { isValidTimeZone, LOCAL_TIME } from '../lib/time';
import * as z from '../lib/validation';

/**
 * An instant with its offset ("2026-12-03T18:00:00Z", "…T19:00:00+01:00"), which always exists, or a wall-clock
 * time in the event's time zone ("2026-12-03T19:00"), which the service reads with parseZonedLocal: a time the
 * zone skips (a DST gap) is refused there, with the field named.
 */
const eventTime = z.union([
  z.iso.datetime({ offset: true }),
  z.string().check(z.regex(LOCAL_TIME, 'an ISO 8601 time with offset, or a local time such as 2026-12-03T19:00')),
]);

const fields = {
  slug: z
    .string()
    .check(
      z.trim(),
      z.toLowerCase(),
      z.maxLength(80),
      z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens'),
    ),
  // text(): the one rule for typed text (lib/validation.ts); only the description, a textarea, has line breaks
  title: z.text({ min: 1, max: 200 }),
  description: z.text({ max: 5000, multiline: true }),
  venue: z.text({ min: 1, max: 200 }),
  address: z.text({ max: 300 }),
  hostName: z.text({ max: 120 }),
  /** the venue's coordinates (WGS 84), both or neither (src/events/service.ts): wallet passes use them */
  venueLatitude: z.nullable(z.number().check(z.minimum(-90), z.maximum(90))),
  venueLongitude: z.nullable(z.number().check(z.minimum(-180), z.maximum(180))),
  startsAt: eventTime,
  endsAt: eventTime,
  timezone: z.string().check(z.refine(isValidTimeZone, 'unknown IANA time zone')),
  // Stripe's smallest charge is 50 cents; free dinners are out of scope.
  priceCents: z.number().check(z.int(), z.minimum(50), z.maximum(10_000_000)),
  // Prices are integer cents: a currency without exactly two decimals (JPY, KWD) would be charged 100× or 0.1× off.
  currency: z.string().check(
    z.trim(),
    z.toUpperCase(),
    z.check((ctx) => {
      const c = ctx.value;
      if (
        !Intl.supportedValuesOf('currency').includes(c) ||
        new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits !== 2
      )
        ctx.issues.push({
          code: 'invalid_format',
          format: 'currency',
          input: c,
          message: 'ISO 4217 code of a currency with cents (two decimals), such as EUR',
        });
    }),
  ),
  capacity: z.number().check(z.int(), z.minimum(1), z.maximum(10_000)),
  salesCloseAt: z.nullable(eventTime),
  status: z.enum(['draft', 'on_sale', 'closed', 'cancelled']),
  /** a pre-sale: before this, only a code that unlocks the sale holds a seat */
  salesOpenAt: z.nullable(eventTime),
  /** how long a waitlist offer holds its seat (shorter near the dinner, src/waitlist/offer-window.ts) */
  offerHours: z.number().check(z.int(), z.minimum(1), z.maximum(168)),
  /** null: not transferable */
  transferUntil: z.nullable(eventTime),
  /** null: not cancellable (the default: a paid seat is a commitment) */
  cancellation: z.nullable(
    z.strictObject({
      untilDaysBefore: z.number().check(z.int(), z.minimum(0), z.maximum(365)),
      refundPercent: z.number().check(z.int(), z.minimum(0), z.maximum(100)),
    }),
  ),
};

export const createEventInput = z.strictObject({
  ...fields,
  description: z._default(fields.description, ''),
  address: z._default(fields.address, ''),
  hostName: z._default(fields.hostName, ''),
  venueLatitude: z._default(fields.venueLatitude, null),
  venueLongitude: z._default(fields.venueLongitude, null),
  salesCloseAt: z.optional(fields.salesCloseAt),
  status: z._default(fields.status, 'on_sale'),
  salesOpenAt: z.optional(fields.salesOpenAt),
  offerHours: z._default(fields.offerHours, 12),
  // absent: until the dinner starts
  transferUntil: z.optional(fields.transferUntil),
  cancellation: z._default(fields.cancellation, null),
});

export const updateEventInput = z.partial(z.strictObject(fields));

type Parsed = z.infer<typeof createEventInput>;
/** What createEvent takes: the parsed input; the seat policies may be left out (their defaults then apply). */
export type CreateEventInput = Omit<Parsed, 'offerHours' | 'cancellation' | 'venueLatitude' | 'venueLongitude'> &
  Partial<Pick<Parsed, 'offerHours' | 'cancellation' | 'venueLatitude' | 'venueLongitude'>>;
export type UpdateEventInput = z.infer<typeof updateEventInput>;
