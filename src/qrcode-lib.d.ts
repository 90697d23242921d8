// Types for the two qrcode modules the ticket page uses directly (the package's own browser/server entries
// add canvas/PNG/terminal renderers the Worker never needs). Both are what QRCode.toString(…, { type: 'svg' }) runs.
declare module 'qrcode/lib/core/qrcode.js' {
  export { create } from 'qrcode';
}
declare module 'qrcode/lib/renderer/svg-tag.js' {
  import type { QRCode, QRCodeRenderersOptions } from 'qrcode';
  export function render(qrData: QRCode, options?: QRCodeRenderersOptions): string;
}
