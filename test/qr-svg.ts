import { decodeQrPixels } from './e2e/qr-decode';

/**
 * Reads a QR code back from the SVG the server renders, with zxing (the decoder the host app uses): the SVG's
 * one-unit strokes (`M x y h n m dx dy …`, what qrcode writes) are painted into a grey-scale image, 4 px a module.
 */
export async function decodeQrSvg(svg: string): Promise<string[]> {
  const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const d = /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)?.[1];
  if (!box || !d) throw new Error(`not a QR code SVG: ${svg.slice(0, 120)}`);
  const size = Number(box[1]);
  const scale = 4;
  const px = size * scale;
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  let x = 0;
  let y = 0;
  for (const [, cmd, args] of d.matchAll(/([MmHh])([^MmHh]*)/g)) {
    const n = (args ?? '')
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    if (cmd === 'M') [x, y] = [n[0]!, n[1]!];
    else if (cmd === 'm') [x, y] = [x + n[0]!, y + (n[1] ?? 0)];
    else {
      const to = cmd === 'h' ? x + n[0]! : n[0]!;
      for (let col = Math.min(x, to); col < Math.max(x, to); col++)
        for (let sy = 0; sy < scale; sy++)
          for (let sx = 0; sx < scale; sx++) {
            const i = ((Math.floor(y - 0.5) * scale + sy) * px + col * scale + sx) * 4;
            rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
          }
      x = to;
    }
  }
  return decodeQrPixels({ data: rgba, width: px, height: px });
}
