import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let prepared = false;

function prepare() {
  if (!prepared) {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
    });
    prepared = true;
  }
}

/** Decodes the QR codes in a PNG (a screenshot) with zxing, the decoder the host app uses; wasm read from disk. */
export async function decodeQr(png: Uint8Array): Promise<string[]> {
  prepare();
  const results = await readBarcodes(png, { formats: ['QRCode'] });
  return results.filter((r) => r.isValid).map((r) => r.text);
}

/** The same for an RGBA image (ImageData's shape), e.g. a QR code SVG painted by test/qr-svg.ts. */
export async function decodeQrPixels(image: { data: Uint8ClampedArray; width: number; height: number }) {
  prepare();
  const results = await readBarcodes(image as ImageData, { formats: ['QRCode'] });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
