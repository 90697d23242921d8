/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * The host app on Workers: its files come from the ASSETS binding (public/host, built by
 * scripts/build-web.mjs before the tests), through the worker, so they carry klick's CSP.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('the host app on Workers', () => {
  it('a pairing link /host/pair opens the app at /host/ (the browser keeps the #code)', async () => {
    const res = await SELF.fetch('http://klick.test/host/pair', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/host/');
    const bare = await SELF.fetch('http://klick.test/host', { redirect: 'manual' });
    expect(bare.headers.get('location')).toBe('/host/');
  });

  it('serves the app shell, its script, service worker and decoder, with the CSP', async () => {
    const page = await SELF.fetch('http://klick.test/host/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/host/app.js"></script>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    for (const [path, type] of [
      ['/host/app.js', 'javascript'],
      ['/host/sw.js', 'javascript'],
      ['/host/zxing_reader.wasm', 'application/wasm'],
      ['/host/manifest.webmanifest', 'manifest'],
    ] as const) {
      const res = await SELF.fetch(`http://klick.test${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toContain(type);
      await res.arrayBuffer();
    }
  });
});
