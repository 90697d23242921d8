/**
 * Service worker (scope /host/): keeps the app shell and the QR decoder in a versioned cache so
 * the host app starts, and a reload works, without network. Only /host/ files are handled; API
 * calls go to the network as usual (the app queues scans in IndexedDB, not here).
 */

// Filled in by scripts/build-web.mjs: a hash of the build and the files to cache.
declare const __BUILD__: string;
declare const __PRECACHE__: string[];

interface SwEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SwFetchEvent extends SwEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
interface SwScope {
  addEventListener(type: 'install' | 'activate', listener: (e: SwEvent) => void): void;
  addEventListener(type: 'fetch', listener: (e: SwFetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}

const sw = self as unknown as SwScope;
const CACHE = `klick-host-${__BUILD__}`;
const SHELL = '/host/';

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(__PRECACHE__))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('klick-host-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin || !url.pathname.startsWith('/host/')) return;
  // Every page under /host/ (/host/, /host/pair#code) is the one app shell; the fragment stays in the address bar.
  const key = req.mode === 'navigate' ? SHELL : url.pathname;
  e.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(key);
      if (hit) return hit;
      const res = await fetch(req);
      if (res.ok && req.mode !== 'navigate') cache.put(key, res.clone()).catch(() => {});
      return res;
    }),
  );
});

export {};
