// klick: the ticket page's service worker (registered by /ticket-offline.js).
// The ticket page, once opened, works offline (airplane mode at the door). Each ticket registers its own service
// worker registration whose scope is its own path (/t/<token>): it answers only for that page, keeps that page in
// a cache of its own, and nothing else. So a shared phone shows a guest's ticket only to whoever opens that
// ticket's link, which is what the link grants anyway. The network always goes first, so a ticket passed on or
// cancelled replaces the kept copy the first time it is seen online; the copy is used when the network fails or
// hangs (hotel Wi-Fi). A ticket that is gone (404/410: deleted) removes its copy and registration.

const PAGE = new URL(self.registration.scope).pathname;
const CACHE = `klick-ticket:${PAGE}`;
const WAIT_MS = 4000;
async function keep(res) {
  if (res.status === 200 && (res.headers.get('content-type') || '').startsWith('text/html')) {
    await (await caches.open(CACHE)).put(PAGE, res);
  } else if (res.status === 404 || res.status === 410) {
    await caches.delete(CACHE);
    await self.registration.unregister();
  }
}
async function fromNetwork(request) {
  const res = await fetch(request, { cache: 'no-store' });
  await keep(res.clone());
  return res;
}
self.addEventListener('install', (e) => {
  self.skipWaiting();
  e.waitUntil(fromNetwork(new Request(PAGE, { credentials: 'same-origin' })).catch(() => {}));
});
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || e.request.mode !== 'navigate' || url.pathname !== PAGE) return;
  e.respondWith(
    (async () => {
      const net = fromNetwork(e.request);
      const kept = await (await caches.open(CACHE)).match(PAGE);
      if (!kept) return net;
      e.waitUntil(net.catch(() => {}));
      const late = new Promise((resolve) => setTimeout(resolve, WAIT_MS, kept));
      return Promise.race([net, late]).catch(() => kept);
    })(),
  );
});
