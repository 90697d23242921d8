/**
 * Offline readiness. The service worker (sw.ts) precaches the app shell and the decoder; its install
 * fails as a whole when one file does not arrive (weak hotel Wi-Fi), and a failed registration is not
 * tried again by the browser on its own. So it is tried again here, after growing pauses and at once
 * when the network returns, until a worker is active. Then the header says "ready offline", and the
 * browser is asked to keep this site's storage (roster and queue) even when the phone runs short.
 */
const FIRST_RETRY_MS = 2000;
const MAX_RETRY_MS = 60_000;

export function keepReadyOffline() {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  // ready resolves once a worker is active, i.e. once its install (the whole precache) has succeeded.
  sw.ready.then(() => {
    document.documentElement.dataset.offline = 'ready';
    navigator.storage?.persist?.().catch(() => false);
  });
  void register(sw, FIRST_RETRY_MS);
}

async function register(sw: ServiceWorkerContainer, wait: number): Promise<void> {
  try {
    const reg = await sw.register('/host/sw.js', { scope: '/host/' });
    if (await installs(reg)) return;
  } catch {
    // no network, or sw.js did not arrive: the next try will tell
  }
  await pause(wait);
  return register(sw, Math.min(wait * 2, MAX_RETRY_MS));
}

/** Whether the registration ends with an active worker; false when the installing one fails. */
function installs(reg: ServiceWorkerRegistration): Promise<boolean> {
  if (reg.active) return Promise.resolve(true);
  const worker = reg.installing ?? reg.waiting;
  if (!worker) return Promise.resolve(false);
  return new Promise((ok) => {
    const check = () => {
      if (worker.state === 'activated' || worker.state === 'activating') ok(true);
      else if (worker.state === 'redundant') ok(false);
    };
    worker.addEventListener('statechange', check);
    check();
  });
}

function pause(ms: number) {
  return new Promise<void>((ok) => {
    const done = () => {
      clearTimeout(timer);
      removeEventListener('online', done);
      ok();
    };
    const timer = setTimeout(done, ms);
    addEventListener('online', done);
  });
}
