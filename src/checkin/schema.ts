import { z } from 'zod';
import { normalizeBase32 } from '../lib/crypto';

export const MAX_SCANS_PER_BATCH = 200;
export const MAX_SCAN_BODY_BYTES = 64 * 1024;

/**
 * Roster cursor "<timeMark>.<scanId>": tickets with updated_at > timeMark, and tickets touched
 * by scans with id > scanId, are sent again. See roster.ts for why the time mark lags.
 */
export const cursorSchema = z
  .string()
  .regex(/^\d{1,15}\.\d{1,15}$/, 'a cursor from an earlier roster response')
  .transform((s) => {
    const [ts, scanId] = s.split('.');
    return { ts: Number(ts), scanId: Number(scanId) };
  });
export type Cursor = z.output<typeof cursorSchema>;
export const formatCursor = (c: Cursor) => `${c.ts}.${c.scanId}`;

/**
 * The QR holds the ticket's upper-case Crockford base32 secret (24 characters today). Text
 * that cannot be one is refused as input: the phone checks the format before it queues a scan.
 */
const qrText = z
  .string()
  .max(100)
  .transform(normalizeBase32)
  .pipe(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{20,40}$/, 'not a klick ticket code'));

const scan = z
  .strictObject({
    nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '16–64 characters A-Z a-z 0-9 _ -'),
    kind: z.enum(['entry', 'annul']),
    qr: qrText.optional(),
    ticketId: z
      .string()
      .regex(/^[0-9a-z]{10,40}$/, 'a ticket id')
      .optional(),
    deviceTime: z.number().int().min(0).max(8_640_000_000_000_000),
  })
  .refine((s) => (s.qr === undefined) !== (s.ticketId === undefined), {
    message: 'give exactly one of qr and ticketId',
    path: ['qr'],
  });

export const scanBatchInput = z.strictObject({
  scans: z.array(scan).min(1).max(MAX_SCANS_PER_BATCH),
  /** when given, the answer carries the roster changes since this cursor */
  since: cursorSchema.optional(),
});
export type ScanBatchInput = z.output<typeof scanBatchInput>;
export type ScanInput = ScanBatchInput['scans'][number];

// Not strict: a cache-busting query parameter must not break the sync.
export const rosterQuery = z.object({ since: cursorSchema.optional() });
