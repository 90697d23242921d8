import * as z from '../lib/validation';

/** Every text field is a `text()` (lib/validation.ts: no control characters or direction overrides). */
const optionalText = (max: number) => z._default(z.text({ max, tooLong: 'tooLong' }), '');
/** An unticked box is simply absent from a posted form. */
const checkbox = z.pipe(
  z.optional(z.enum(['on', 'true', '1', ''], 'invalidValue')),
  z.transform((v) => v === 'on' || v === 'true' || v === '1'),
);

/**
 * anna@müller.de → anna@xn--mller-kva.de: stored and sent in the ASCII form every mail provider takes. Only a
 * domain of letters, digits, dots and hyphens is converted (URL parsing does the IDNA, on Node and workerd
 * alike), so the parser cannot reshape an address; the result is checked as an email like any other.
 */
const asciiDomain = (v: string) => {
  try {
    return v.replace(/@([\p{L}\p{N}\p{M}.-]+)$/u, (_, d) => `@${new URL(`http://${d}`).hostname}`);
  } catch {
    return v;
  }
};

/** The purchase form, as posted by the event page. Codes in messages are keys for the page. */
/** What a phone number may hold: digits and the usual separators, so no value of it can start a formula. */
export const PHONE_CHARS = /^[+0-9 ()/-]*$/;

export const purchaseForm = z.object({
  name: z.pipe(z._default(z.text({ max: 120, tooLong: 'tooLong' }), ''), z.string().check(z.minLength(1, 'required'))),
  email: z.pipe(
    z.pipe(z._default(z.text({ max: 254, tooLong: 'tooLong' }), ''), z.string().check(z.minLength(1, 'required'))),
    z.pipe(z.string().check(z.overwrite(asciiDomain)), z.email('invalidEmail')),
  ),
  company: z.pipe(optionalText(160), z.string().check(z.minLength(1, 'required'))),
  role: z.pipe(optionalText(160), z.string().check(z.minLength(1, 'required'))),
  phone: z.pipe(optionalText(40), z.string().check(z.regex(PHONE_CHARS, 'invalidPhone'))),
  linkedin: z.pipe(
    optionalText(300),
    z.string().check(z.refine((v) => v === '' || /^https:\/\/([a-z]{2,3}\.)?linkedin\.com\//i.test(v), 'invalidUrl')),
  ),
  askMeAbout: optionalText(200),
  /** an access or promo code (src/codes); `?code=` on the event page prefills it */
  code: z.pipe(
    optionalText(40),
    z.string().check(
      z.toUpperCase(),
      z.refine((v) => v === '' || /^[A-Z0-9][A-Z0-9_-]{2,39}$/.test(v), 'codeFormat'),
    ),
  ),
  consentHost: checkbox,
  consentGuests: checkbox,
  terms: z.literal('on', { error: 'termsRequired' }),
  // no `lang`: the order's language is the page's (src/events/routes.tsx), so a stray value cannot fail a purchase
});

export type PurchaseForm = z.infer<typeof purchaseForm>;

/** The waitlist's form: the purchase form's own fields and rules, without what only a booking needs. */
export const waitlistForm = z.pick(purchaseForm, {
  name: true,
  email: true,
  company: true,
  askMeAbout: true,
  consentHost: true,
  consentGuests: true,
  terms: true,
});
export type WaitlistForm = z.infer<typeof waitlistForm>;

/** Passing a seat on: the new guest's details, by the purchase form's rules. Consent is the new guest's own. */
export const transferForm = z.pick(purchaseForm, {
  name: true,
  email: true,
  company: true,
  role: true,
  phone: true,
  linkedin: true,
  askMeAbout: true,
});
export type TransferForm = z.infer<typeof transferForm>;
