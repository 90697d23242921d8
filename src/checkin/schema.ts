import { normalizeBase32 } from '../lib/crypto';
import * as z from '../lib/validation';
import type { Assert, SameShape, ScanBatch } from '../shared/wire';

export const MAX_SCANS_PER_BATCH = 200;
export const MAX_SCAN_BODY_BYTES = 64 * 1024;

/**
 * Roster cursor "<timeMark>.<scanId>.<greetingId>": tickets with updated_at > timeMark, and tickets
 * touched by scans with id > scanId or greetings with id > greetingId, are sent again. See roster.ts
 * for why the time mark lags. A cursor from before greetings ("<timeMark>.<scanId>") reads as
 * greetingId 0: greeted tickets are sent once more, which the phone's merge by id absorbs.
 */
export const cursorSchema = z.pipe(
  z.string().check(z.regex(/^\d{1,15}\.\d{1,15}(\.\d{1,15})?$/, 'a cursor from an earlier roster response')),
  z.transform((s: string) => {
    const [ts, scanId, greetingId = '0'] = s.split('.');
    return { ts: Number(ts), scanId: Number(scanId), greetingId: Number(greetingId) };
  }),
);
export type Cursor = z.output<typeof cursorSchema>;
export const formatCursor = (c: Cursor) => `${c.ts}.${c.scanId}.${c.greetingId}`;

/**
 * The QR holds the ticket's upper-case Crockford base32 secret (24 characters today). Text
 * that cannot be one is refused as input: the phone checks the format before it queues a scan.
 */
export const qrText = z.pipe(
  z.pipe(z.string().check(z.maxLength(100)), z.transform(normalizeBase32)),
  z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{20,40}$/, 'not a klick ticket code')),
);

const deviceTime = z.number().check(z.int(), z.minimum(0), z.maximum(8_640_000_000_000_000));

const scan = z
  .strictObject({
    nonce: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, '16–64 characters A-Z a-z 0-9 _ -')),
    kind: z.enum(['entry', 'annul']),
    qr: z.optional(qrText),
    ticketId: z.optional(z.string().check(z.regex(/^[0-9a-z]{10,40}$/, 'a ticket id'))),
    deviceTime,
  })
  .check(
    z.refine((s) => (s.qr === undefined) !== (s.ticketId === undefined), {
      message: 'give exactly one of qr and ticketId',
      path: ['qr'],
    }),
  );

export const scanBatchInput = z.strictObject({
  scans: z.array(scan).check(z.minLength(1), z.maxLength(MAX_SCANS_PER_BATCH)),
  /** when given, the answer carries the roster changes since this cursor */
  since: z.optional(cursorSchema),
  /** the phone's clock as the request left: the scans' age corrects a phone clock that is off (scans.ts) */
  sentAt: z.optional(deviceTime),
});
export type ScanBatchInput = z.output<typeof scanBatchInput>;
/** The schema reads exactly the phone's request (src/shared/wire.ts): this fails to compile on a drift. */
export type ScanSchemaIsWire = Assert<SameShape<z.input<typeof scanBatchInput>, ScanBatch>>;
export type ScanInput = ScanBatchInput['scans'][number];

// Not strict: a cache-busting query parameter must not break the sync.
export const rosterQuery = z.object({ since: z.optional(cursorSchema) });
