import { cursorSchema, qrText } from '../checkin/schema';
import * as z from '../lib/validation';
import type { Assert, GreetingBatch, SameShape } from '../shared/wire';

/** The same bounds as scans: one offline stretch of a greeting round fits in one batch. */
export const MAX_GREETINGS_PER_BATCH = 200;
export const MAX_GREETING_BODY_BYTES = 64 * 1024;
export const MAX_NOTE_LENGTH = 200;

const greeting = z.strictObject({
  nonce: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, '16–64 characters A-Z a-z 0-9 _ -')),
  kind: z.enum(['greet', 'ungreet']),
  // The phone knows the ticket id from its roster, also when it greets by scanning the QR.
  ticketId: z.string().check(z.regex(/^[0-9a-z]{10,40}$/, 'a ticket id')),
  deviceTime: z.number().check(z.int(), z.minimum(0), z.maximum(8_640_000_000_000_000)),
  note: z.optional(z.text({ max: MAX_NOTE_LENGTH })),
});

export const greetingBatchInput = z.strictObject({
  greetings: z.array(greeting).check(z.minLength(1), z.maxLength(MAX_GREETINGS_PER_BATCH)),
  /** when given, the answer carries the roster changes since this cursor, as for scans */
  since: z.optional(cursorSchema),
  /** the phone's clock as the request left, as for scans: a phone clock that is off cannot win "first greeting" */
  sentAt: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(8_640_000_000_000_000))),
});
export type GreetingBatchInput = z.output<typeof greetingBatchInput>;
/** The schema reads exactly the phone's request (src/shared/wire.ts): this fails to compile on a drift. */
export type GreetingSchemaIsWire = Assert<SameShape<z.input<typeof greetingBatchInput>, GreetingBatch>>;
export type GreetingInput = GreetingBatchInput['greetings'][number];

/** The organizer's seating for the greeting round: at most 20 characters, trimmed; empty or null clears it. */
export const tableInput = z.strictObject({ tableLabel: z.nullable(z.text({ max: 20 })) });

/** A code the phone's roster does not know: the server says whose it is (greet mode, web/host/greet.ts). */
export const lookupInput = z.strictObject({ qr: qrText });
