import { z } from 'zod';

const optionalText = (max: number) => z.string().trim().max(max).default('');
/** An unticked box is simply absent from a posted form. */
const checkbox = z
  .enum(['on', 'true', '1', ''])
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === '1');

/** The purchase form, as posted by the event page. Codes in messages are keys for the page. */
export const purchaseForm = z.object({
  name: z.string({ error: 'required' }).trim().min(1, 'required').max(120, 'tooLong'),
  email: z.string({ error: 'required' }).trim().max(254, 'tooLong').pipe(z.email('invalidEmail')),
  company: optionalText(160).pipe(z.string().min(1, 'required')),
  role: optionalText(160).pipe(z.string().min(1, 'required')),
  phone: optionalText(40).pipe(z.string().regex(/^[+0-9 ()/-]*$/, 'invalidPhone')),
  linkedin: optionalText(300).pipe(
    z.string().refine((v) => v === '' || /^https:\/\/([a-z]{2,3}\.)?linkedin\.com\//i.test(v), 'invalidUrl'),
  ),
  askMeAbout: optionalText(200),
  consentHost: checkbox,
  consentGuests: checkbox,
  terms: z.literal('on', { error: 'termsRequired' }),
  lang: z.enum(['de', 'en']).optional(),
});

export type PurchaseForm = z.infer<typeof purchaseForm>;
