import { z } from 'zod';
import { isValidTimeZone } from '../lib/time';

const isoInstant = z.iso.datetime({ offset: true });

const fields = {
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(80)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens'),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000),
  venue: z.string().trim().min(1).max(200),
  address: z.string().trim().max(300),
  hostName: z.string().trim().max(120),
  startsAt: isoInstant,
  endsAt: isoInstant,
  timezone: z.string().refine(isValidTimeZone, 'unknown IANA time zone'),
  // Stripe's smallest charge is 50 cents; free dinners are out of scope.
  priceCents: z.number().int().min(50).max(10_000_000),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'ISO 4217 code such as EUR'),
  capacity: z.number().int().min(1).max(10_000),
  salesCloseAt: isoInstant.nullable(),
  status: z.enum(['draft', 'on_sale', 'closed', 'cancelled']),
};

export const createEventInput = z
  .object({
    ...fields,
    description: fields.description.default(''),
    address: fields.address.default(''),
    hostName: fields.hostName.default(''),
    salesCloseAt: fields.salesCloseAt.optional(),
    status: fields.status.default('on_sale'),
  })
  .strict();

export const updateEventInput = z.object(fields).partial().strict();

export type CreateEventInput = z.infer<typeof createEventInput>;
export type UpdateEventInput = z.infer<typeof updateEventInput>;
