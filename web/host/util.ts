/** Small browser helpers of the host app. */

export async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** 32 hex characters: the client nonce that makes every scan idempotent on the server. */
export const newNonce = () => crypto.randomUUID().replace(/-/g, '');

/** Runs after the browser has painted the current frame (a task queued from the frame's rAF callback). */
export function afterPaint(fn: () => void) {
  requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = fn;
    ch.port2.postMessage(0);
  });
}
