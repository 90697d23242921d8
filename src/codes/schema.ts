import * as z from '../lib/validation';

export const CODE_KINDS = ['percent', 'amount', 'comp'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];

/** What a buyer types: trimmed, upper-cased; letters, digits, - and _ (no look-alike games with other scripts). */
export const codeText = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.minLength(3, 'codeFormat'),
    z.maxLength(40, 'codeFormat'),
    z.regex(/^[A-Z0-9][A-Z0-9_-]*$/, 'codeFormat'),
  );

/** POST /api/admin/events/:id/codes, and the organizer page's form once its strings are converted. */
export const createCodeInput = z
  .strictObject({
    code: codeText,
    kind: z.enum(CODE_KINDS),
    /** percent: 1–100; amount: cents off; comp: ignored (a free seat) */
    value: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(10_000_000)), 0),
    maxUses: z.number().check(z.int(), z.minimum(1), z.maximum(10_000)),
    expiresAt: z.optional(z.nullable(z.iso.datetime({ offset: true }))),
    unlocksSale: z._default(z.boolean(), false),
  })
  .check(
    z.refine((c) => c.kind !== 'percent' || (c.value >= 1 && c.value <= 100), {
      message: 'a percentage from 1 to 100',
      path: ['value'],
    }),
    z.refine((c) => c.kind !== 'amount' || c.value >= 1, { message: 'at least 1 cent off', path: ['value'] }),
  );
export type CreateCodeInput = z.infer<typeof createCodeInput>;
