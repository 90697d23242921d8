/**
 * Reading a ticket code, shared by the phone (camera, hardware scanner, typed) and the server (a code the
 * phone's roster does not know). A ticket's QR holds 20–40 upper-case Crockford base32 characters
 * (src/lib/crypto.ts newQrSecret); Crockford's rules make O read as 0 and I/L as 1.
 *
 * A hardware scanner types the code as keystrokes in the layout it is configured for. A scanner set to
 * US English on a phone with a German (QWERTZ) keyboard swaps Y and Z, and types "ß" for "-". The
 * alphabet holds both Y and Z, so the code cannot be folded onto one of them without changing every
 * ticket already sold; instead a code that matches no ticket is tried once more with Y and Z swapped
 * back. A layout swaps every Y and Z at once, so that is the only other reading; that it names another
 * real ticket has a chance of 2^-120 per pair of tickets (120 random bits). The cases both sides are
 * tested on: test/fixtures/code-cases.ts.
 */

const CODE = /^[0-9A-HJKMNP-TV-Z]{20,40}$/;

/** The canonical code of a scanned or typed text, or null when it is no klick ticket code. */
export function readTicketCode(raw: string): string | null {
  // "ß" first: upper-cased it would be "SS".
  const s = raw.replace(/ß/g, '-').trim().toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return CODE.test(s) ? s : null;
}

/** The code as a QWERTZ host reads a US-configured scanner (and back): Y and Z swapped. */
export const swapYZ = (code: string) => code.replace(/[YZ]/g, (c) => (c === 'Y' ? 'Z' : 'Y'));

/** The readings of a code to look up, in order: as read, then as a German-layout scanner would have typed it. */
export function codeReadings(code: string): string[] {
  const swapped = swapYZ(code);
  return swapped === code ? [code] : [code, swapped];
}
