// The Worker's stand-in for js-base64, which @libsql's HTTP client uses for blob values (wrangler.toml [alias]):
// the platform's own atob/btoa do the encoding, for 1 KiB less in the Worker's gzip budget. atob's forgiving
// decoder also takes the unpadded base64 that Hrana servers send; URL-safe input is mapped to the standard alphabet.
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
