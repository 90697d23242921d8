import { Base64 as reference } from 'js-base64';
import { describe, expect, it } from 'vitest';
import { Base64 } from '../../src/lib/base64';

// The Worker bundles src/lib/base64.ts in place of js-base64 (wrangler.toml [alias]); js-base64 is the oracle.
describe('the Worker’s base64 for libSQL blobs', () => {
  const samples = [0, 1, 2, 3, 31, 255, 256, 70_000].map((n) => {
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = (i * 131 + n) % 256;
    return bytes;
  });

  it('encodes exactly as js-base64 does, also past the chunk size', () => {
    for (const bytes of samples) expect(Base64.fromUint8Array(bytes)).toBe(reference.fromUint8Array(bytes));
  });

  it('decodes padded, unpadded (as Hrana servers send) and URL-safe text', () => {
    for (const bytes of samples) {
      const padded = reference.fromUint8Array(bytes);
      expect(Base64.toUint8Array(padded)).toEqual(bytes);
      expect(Base64.toUint8Array(padded.replace(/=+$/, ''))).toEqual(bytes);
      expect(Base64.toUint8Array(reference.fromUint8Array(bytes, true))).toEqual(bytes);
    }
  });

  it('refuses text that is not base64', () => {
    expect(() => Base64.toUint8Array('a*b')).toThrow();
  });
});
