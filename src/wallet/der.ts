import { concat } from '../lib/png';

/**
 * The few DER pieces a PKCS #7 signature needs (ITU-T X.690). Written here rather than imported: pkijs + asn1js
 * would add far more to the Worker than its budget leaves (see README, "Wallet passes"); openssl verifies the result.
 */
export function tlv(tag: number, content: Uint8Array): Uint8Array<ArrayBuffer> {
  const n = content.length;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concat([new Uint8Array([tag, ...len]), content]);
}

export const seq = (...parts: Uint8Array[]) => tlv(0x30, concat(parts));
/** DER orders a SET OF by the elements' encodings (signed attributes are hashed in that order) */
export const setOf = (...parts: Uint8Array[]) => tlv(0x31, concat([...parts].sort(compareBytes)));
export const explicit = (n: number, ...parts: Uint8Array[]) => tlv(0xa0 + n, concat(parts));
export const octets = (bytes: Uint8Array) => tlv(0x04, bytes);
export const nul = () => new Uint8Array([0x05, 0x00]);
export const smallInt = (n: number) => tlv(0x02, new Uint8Array([n]));

export function oid(dotted: string): Uint8Array {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const arc of rest) {
    const bytes = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift((v & 0x7f) | 0x80);
    out.push(...bytes);
  }
  return tlv(0x06, new Uint8Array(out));
}

/** UTCTime (YYMMDDHHMMSSZ), as CMS wants for dates from 1950 to 2049 */
export function utcTime(ms: number): Uint8Array {
  const iso = new Date(ms).toISOString();
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, new TextEncoder().encode(text));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export interface Node {
  tag: number;
  /** the whole element, header included */
  raw: Uint8Array;
  /** its content */
  body: Uint8Array;
}

/** Reads the element at `at`; throws on a length that runs past the input. */
export function read(bytes: Uint8Array, at = 0): Node {
  const tag = bytes[at];
  let len = bytes[at + 1];
  if (tag === undefined || len === undefined) throw new Error('DER: truncated');
  let head = 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count < 1 || count > 3) throw new Error('DER: unsupported length');
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + (bytes[at + 2 + i] ?? 0);
    head += count;
  }
  if (at + head + len > bytes.length) throw new Error('DER: truncated');
  return { tag, raw: bytes.subarray(at, at + head + len), body: bytes.subarray(at + head, at + head + len) };
}

/** The elements inside a constructed one, in order. */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let at = 0; at < node.body.length; ) {
    const child = read(node.body, at);
    out.push(child);
    at += child.raw.length;
  }
  return out;
}
