/**
 * Entry of the host app: service worker, pairing, then the door screen. A pairing link is
 * /host/pair#<code>; the code sits in the fragment so it never reaches a server log, and is
 * removed from the address bar as soon as it has been used.
 */
import type { PairAnswer } from '../../src/shared/wire';
import { ApiError, api } from './api';
import { startDoor } from './door';
import { defaultLang, type Lang, messages } from './i18n';
import { keepReadyOffline } from './offline';
import { type Session, Store } from './store';
import { View } from './ui';

function pairingCode(): string | null {
  const code = location.hash.slice(1).trim();
  return /^[0-9A-Za-z-]{16,100}$/.test(code) ? code : null;
}

async function pair(store: Store, code: string, old: Session | undefined): Promise<Session> {
  try {
    const r = await api<PairAnswer>('/api/devices/pair', null, { code });
    const session: Session = {
      token: r.token,
      device: { id: r.device.id, name: r.device.name },
      event: { id: r.event.id, title: r.event.title, timezone: r.event.timezone },
    };
    if (old?.event.id === session.event.id) await store.set('session', session);
    else await store.resetRoster(session);
    history.replaceState(null, '', '/host/');
    return session;
  } catch (err) {
    // Without network the link stays in the address bar, so a reload tries again.
    if (err instanceof ApiError) history.replaceState(null, '', '/host/');
    throw err;
  }
}

async function boot() {
  // The app shell and the decoder are cached for offline use (offline.ts); the page works without it too.
  keepReadyOffline();
  const store = await Store.open();
  const lang: Lang = (await store.get<Lang>('lang')) ?? defaultLang();
  const m = messages[lang];
  const view = new View(m, lang, 'UTC');
  let session = await store.session();
  const code = pairingCode();
  if (code) {
    document.getElementById('boot')!.textContent = m.pairing;
    try {
      session = await pair(store, code, session);
    } catch (err) {
      const key = err instanceof ApiError ? err.code : 'network';
      const old = session;
      view.message(
        m.pairFailed,
        m.pairErrors[key] ?? key,
        old ? { label: m.continueOld, run: () => startDoor(store, old, lang) } : undefined,
      );
      return;
    }
  }
  if (!session) return view.message(m.notPaired, m.notPairedText);
  await startDoor(store, session, lang);
}

boot().catch((err) => {
  document.getElementById('boot')!.textContent = `klick: ${String((err as Error)?.message ?? err)}`;
});
