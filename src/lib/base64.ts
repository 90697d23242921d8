// Base64 of bytes, for mail attachments (the ticket's PNG) and PEM bodies (wallet keys), with the platform's own
// atob/btoa: the same on Node and Workers, nothing added to the Worker. The decoder also takes URL-safe input and
// line breaks.
export const Base64 = {
  fromUint8Array(bytes: Uint8Array): string {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  },
  toUint8Array(text: string): Uint8Array {
    const bin = atob(text.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')).replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  },
};
