/**
 * A 1-bit greyscale PNG (black on white) of `size`×`size` pixels, painted by `dark(x, y)`.
 * Mail clients and Wallet need real image files; fflate's sync deflate (workerd has no Web Workers for its async
 * API, no node:zlib without nodejs_compat) is loaded on first use, so it costs the Worker's startup nothing.
 */
export async function bitmapPng(size: number, dark: (x: number, y: number) => boolean): Promise<Uint8Array> {
  const { zlibSync } = await import('./deflate');
  const rowBytes = 1 + Math.ceil(size / 8);
  const raw = new Uint8Array(rowBytes * size).fill(0xff);
  for (let y = 0; y < size; y++) {
    raw[y * rowBytes] = 0; // filter: none
    for (let x = 0; x < size; x++) if (dark(x, y)) raw[y * rowBytes + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, size);
  view.setUint32(4, size);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filter, no interlace
  return concat([
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** The ticket's QR as a PNG for the mail: `scale` pixels a module, the 4-module quiet zone the QR standard asks for. */
export async function qrPng(text: string, scale = 8): Promise<Uint8Array> {
  const { default: QRCode } = await import('qrcode');
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const n = modules.size;
  const size = (n + 2 * quiet) * scale;
  return bitmapPng(size, (x, y) => {
    const col = Math.floor(x / scale) - quiet;
    const row = Math.floor(y / scale) - quiet;
    return col >= 0 && row >= 0 && col < n && row < n && Boolean(modules.get(row, col));
  });
}

let crcTable: Uint32Array | undefined;

/** made on first use: nothing runs at the Worker's startup */
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
