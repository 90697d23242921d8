import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const gzipAsync = promisify(gzip);

/** Smaller answers (a scan's verdict, a roster delta of a few guests) gain nothing worth a compressor. */
export const GZIP_MIN_BYTES = 1024;

/** "gzip" (or "*") in Accept-Encoding, and not refused with q=0. */
export function acceptsGzip(header: string | undefined) {
  let any = false;
  for (const part of (header ?? '').split(',')) {
    const [coding = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip') return ok;
    if (coding === '*') any = ok;
  }
  return any;
}

/**
 * Node only (src/server.ts mounts it on /api/devices/*): gzips the device API's JSON answers, above all the roster a phone downloads
 * on weak hotel Wi-Fi (500 guests: about 180 KB raw, 50 KB gzip). Workers need none of this: Cloudflare
 * compresses JSON at its edge, so the Worker bundle does not carry it. POSTs are left alone: their
 * answers are small, and reading one back here would cost every check-in write (bench/checkin.ts).
 * zlib runs off the main thread, so a roster download does not stall the scans of other phones.
 */
export function gzipDeviceJson(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'GET') return;
    const res = c.res;
    if (res.headers.has('content-encoding') || !res.headers.get('content-type')?.startsWith('application/json')) return;
    res.headers.append('vary', 'Accept-Encoding');
    if (!acceptsGzip(c.req.header('accept-encoding'))) return;
    const body = Buffer.from(await res.arrayBuffer());
    const out = body.length < GZIP_MIN_BYTES ? body : await gzipAsync(body);
    const headers = new Headers(res.headers);
    if (out !== body) headers.set('content-encoding', 'gzip');
    headers.set('content-length', String(out.length));
    // Unset first: hono's setter would otherwise copy the old answer's headers over the new ones.
    c.res = undefined;
    c.res = new Response(out, { status: res.status, headers });
  };
}
