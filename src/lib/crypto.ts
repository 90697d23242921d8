/** Web Crypto (and Node's hash where it exists, see sha256Hex): the same code runs on Node 20 and in workerd. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  crypto.getRandomValues(b);
  return b;
}

export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
}

/** Crockford decoding rules: case-insensitive, O→0, I/L→1, hyphens and spaces ignored. */
export function normalizeBase32(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const isBase32 = (s: string) => /^[0-9A-HJKMNP-TV-Z]+$/.test(s);

/** 128 random bits: ids double as capabilities in some URLs (orders). */
export const newId = () => base32(randomBytes(16)).toLowerCase();

/** 120 random bits as 24 upper-case Crockford characters: QR alphanumeric mode keeps the code small. */
export const newQrSecret = () => base32(randomBytes(15));

/** 160 random bits for bearer tokens and capability links. */
export const newToken = () => base32(randomBytes(20)).toLowerCase();

/**
 * Node's own hash, where there is one: WebCrypto's digest is asynchronous on Node and hops through the thread pool,
 * about 0.1 ms per hash, twice in every check-in write (the device token and the QR). Looked up at run time, so the
 * Worker bundle carries no node:crypto; workerd (without nodejs_compat) has no `process` and takes WebCrypto.
 */
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as
  | { createHash(alg: string): { update(s: string): { digest(enc: 'hex'): string } } }
  | undefined;

export async function sha256Hex(text: string): Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(text).digest('hex');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares digests, not the secrets themselves, so length and early mismatches leak nothing. */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
  let diff = 0;
  for (let i = 0; i < da.length; i++) diff |= da.charCodeAt(i) ^ db.charCodeAt(i);
  return diff === 0;
}
