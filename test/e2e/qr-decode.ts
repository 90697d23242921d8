import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let prepared = false;

/** Decodes the QR codes in a PNG (a screenshot) with zxing, the decoder the host app uses; wasm read from disk. */
export async function decodeQr(png: Uint8Array): Promise<string[]> {
  if (!prepared) {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
    });
    prepared = true;
  }
  const results = await readBarcodes(png, { formats: ['QRCode'] });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
