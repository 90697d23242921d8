/**
 * A QR code as inline SVG, rendered by qrcode, sized by CSS (`.qr svg`): no width or height of its own, so it
 * scales to the phone. qrcode picks the densest mode itself: an upper-case base32 ticket secret encodes
 * alphanumerically. Correction level M: a creased printout or a cracked phone screen still scans. A quiet zone
 * of two modules: the page around it is white. qrcode is loaded by the first page that shows a code, not at the
 * Worker's startup.
 */
export async function qrSvg(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return svg.trim();
}
