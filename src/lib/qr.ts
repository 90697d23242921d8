import { correction, generate } from 'lean-qr';
import { toSvgPath } from 'lean-qr/extras/svg';

const QUIET_ZONE = 2;

/**
 * A QR code as inline SVG, sized by CSS (`.qr svg`): no width or height of its own, so it scales to the phone.
 * lean-qr picks the densest mode itself: an upper-case base32 ticket secret encodes alphanumerically.
 * Correction level M: a creased printout or a cracked phone screen still scans.
 */
export function qrSvg(text: string): string {
  const code = generate(text, { minCorrectionLevel: correction.M });
  const box = code.size + 2 * QUIET_ZONE;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${-QUIET_ZONE} ${-QUIET_ZONE} ${box} ${box}" shape-rendering="crispEdges">` +
    `<rect x="${-QUIET_ZONE}" y="${-QUIET_ZONE}" width="${box}" height="${box}" fill="#fff"/>` +
    `<path d="${toSvgPath(code)}" fill="#000"/></svg>`
  );
}
