/**
 * The door screen. A verdict is computed on the phone from the roster, shown at once, and the scan
 * is queued for the server in the phone's one outbox (sync.ts); nothing waits for the network (but see
 * screen.ts for codes the roster does not know). Scan → verdict time is recorded as a performance measure "klick:scan" (decode
 * start of the frame → verdict painted) for the benchmark, and a hardware scanner's as "klick:wedge" (its Enter
 * arriving → verdict painted, bench/scanner.ts).
 */

import { looksLikeBadge, type ScanItem } from '../../src/shared/wire';
import { cameraAllowed, cameraSwitch } from './camera-switch';
import { decoderNote } from './decoder-note';
import { armAudio, signal, soundOn } from './feedback';
import { startGreet } from './greet';
import { type Lang, messages } from './i18n';
import { type LogEntry, ScanLog } from './log';
import { Cooldown, findByCode, Roster, type Ticket, ticketCode } from './model';
import { DecoderError, Scanner } from './scanner';
import { VerdictScreen } from './screen';
import type { Session, Store } from './store';
import { Sync } from './sync';
import { $, View } from './ui';
import { afterPaint, newNonce, sha256Hex } from './util';
import { listenForScanner } from './wedge';

/** A check-in tapped in the list waits this long for its confirming tap. */
const CONFIRM_MS = 10_000;

export async function startDoor(store: Store, session: Session, startLang: Lang) {
  let lang = startLang;
  let view = new View(messages[lang], lang, session.event.timezone);
  const me = session.device.name;
  const roster = new Roster(me, session.device.id);
  roster.merge(await store.tickets(), true);
  roster.doorList = (await store.get<'search' | 'full'>('doorList')) ?? 'search';
  const log = new ScanLog();
  log.entries = await store.log();
  const cooldown = new Cooldown();
  let online = navigator.onLine;
  let tab: 'scan' | 'guests' = 'scan';
  let emailHash: string | undefined;

  // Written at once, like the queue: a reload right after a scan must still show it.
  const saveLog = () => store.set('log', log.entries).catch(() => {});
  /** the guest whose check-in from the list waits for its confirming tap (a phone in a pocket checks nobody in) */
  let confirming: string | undefined;
  let confirmTimer: ReturnType<typeof setTimeout> | undefined;
  const confirmFor = (id: string | undefined) => {
    confirming = id;
    clearTimeout(confirmTimer);
    if (id) confirmTimer = setTimeout(() => confirmFor(undefined), CONFIRM_MS);
    renderGuests();
    if (id) (document.querySelector('#guests button[data-action="confirm"]') as HTMLElement | null)?.focus();
  };
  /**
   * The list shows names only for a search of two characters or more, unless the organizer chose the
   * full list (a bystander at the door must not read who is coming); the count of the expected always shows.
   */
  const renderGuests = () => {
    const q = ($('search') as HTMLInputElement).value.trim();
    const full = roster.doorList === 'full';
    if (!full && q.length < 2 && !emailHash) {
      const hint = view.m.searchHint;
      return view.guests(view.m.expected(roster.expected().length), [], (id) => roster.state(id), { hint });
    }
    const list = q ? roster.search(q, emailHash) : roster.expected();
    const title = q ? view.m.hits(list.length) : view.m.expected(list.length);
    view.guests(title, list, (id) => roster.state(id), { confirming });
  };
  const header = () => view.header(roster.counts(), { online, pending: roster.queue.length });
  const render = () => {
    header();
    view.log(log.entries);
    if (tab === 'guests') renderGuests();
  };
  const screen = new VerdictScreen(
    () => view,
    (id) => roster.get(id),
  );
  const display = screen.display;

  /** Queues a scan, logs it with the verdict the roster gives now, and shows that verdict. */
  const record = (
    scan: Omit<ScanItem, 'nonce' | 'deviceTime'>,
    t: Ticket | undefined,
    t0: number,
    measure = 'klick:scan',
  ) => {
    const now = Date.now();
    const before = t ? roster.state(t.id) : undefined;
    const q: ScanItem = { ...scan, nonce: newNonce(), deviceTime: now };
    const entry: LogEntry = {
      nonce: q.nonce,
      kind: q.kind,
      time: now,
      result: roster.verdict(q.kind, t),
      synced: false,
      ...(t ? { ticketId: t.id, name: t.name } : {}),
      ...(before?.in ? { at: before.at, by: before.by } : {}),
    };
    log.add(entry);
    // In the queue and shown as pending at once; durable before the network is tried, then sent at once.
    sync.add('scans', q).catch(() => {});
    screen.interrupt();
    if (!t && q.kind === 'entry' && online && navigator.onLine) screen.check(entry);
    else if (q.kind === 'entry') screen.announce(entry);
    else {
      display({ colour: 'neutral', headline: view.m.undone, name: t?.name, company: t?.company });
      signal('amber');
    }
    render();
    afterPaint(() => performance.measure(measure, { start: t0, end: performance.now(), detail: entry.result }));
    saveLog();
  };

  /**
   * A code read by the camera or typed by a hardware scanner (wedge.ts): one verdict, sound and record
   * for both. The cooldown is the camera's, which sees a held-up code in frame after frame; each scanner
   * burst is a pull of its trigger.
   */
  const onCode = async (text: string, t0: number, fromScanner = false) => {
    if (!fromScanner && !cooldown.fresh(text, Date.now())) return;
    // A name badge's QR greets in greet mode and checks nobody in: said here, nothing queued or sent.
    if (looksLikeBadge(text)) {
      display({ colour: 'amber', headline: view.m.badgeNotTicket, detail: view.m.badgeNotTicketText });
      signal('amber');
      return;
    }
    const read = ticketCode(text);
    if (!read) {
      display({ colour: 'red', headline: view.m.verdict.unknown ?? '', detail: view.m.notTicket });
      signal('red');
      const measure = fromScanner ? 'klick:wedge' : 'klick:scan';
      afterPaint(() => performance.measure(measure, { start: t0, end: performance.now(), detail: 'unknown' }));
      return;
    }
    const { t, code } = await findByCode(roster, read);
    const measure = fromScanner ? 'klick:wedge' : 'klick:scan';
    record(t ? { kind: 'entry', ticketId: t.id } : { kind: 'entry', qr: code }, t, t0, measure);
  };

  const scanner = new Scanner($('video') as HTMLVideoElement, (text, t0) => void onCode(text, t0));
  const startCamera = () => {
    if (decoder.failed() || !cameraAllowed()) return;
    $('camera-note').textContent = view.m.camera;
    $('camera-retry').hidden = true;
    scanner.start().then(
      () => {
        $('camera-note').textContent = '';
      },
      (err) => {
        scanner.stop();
        // The decoder's failure is shown by its own note (below); a camera switched off meanwhile keeps its own.
        if (err instanceof DecoderError || !cameraAllowed()) return;
        // Denied or busy: the host can allow access in the browser and try again without a reload.
        $('camera-note').textContent = view.m.cameraFailed;
        $('camera-retry').textContent = view.m.cameraRetry;
        $('camera-retry').hidden = false;
      },
    );
  };

  const sync = new Sync(
    store,
    session,
    await store.get<string>('cursor'),
    {
      changed: () => {
        screen.corrected(log.reconcile(roster));
        saveLog();
        render();
        greet.changed();
      },
      status: (s) => {
        online = s.online;
        header();
      },
      revoked: () => {
        scanner.stop();
        greet.stop();
        view.message(view.m.revoked, view.m.revokedText(sync.pending('scans'), sync.pending('greetings')));
      },
    },
    roster,
    await store.outbox(),
  );
  // The door's lane of the outbox: scans and undos. Each answer, like the failures, is followed by
  // changed(), which saves the log.
  sync.lane('scans', {
    queued: (item) => roster.enqueue(item),
    settled: (nonces) => roster.acknowledge(nonces),
    answered: (list) => {
      // A scan the server holds from this phone's earlier pairing reads "unknown" under the new one: it
      // was stored, and its verdict stands.
      const earlier = list.filter((a) => a.entry.from && a.outcome.result === 'unknown');
      log.synced(earlier.map((a) => a.entry.nonce));
      const results = list.filter((a) => !earlier.includes(a)).map((a) => a.outcome);
      screen.answered(results, log.applyOutcomes(results));
    },
    failed: (list) => log.fail(list.map((e) => ({ ...e.item, name: roster.get(e.item.ticketId ?? '')?.name }))),
    // A scan of an older app version, of this dinner if its ticket is in this roster (or it is a code).
    eventOf: (item) => (!item.ticketId || roster.get(item.ticketId) ? session.event.id : undefined),
  });

  // The camera cannot read codes (the decoder did not load, or crashed): said at once, in place of the
  // camera, with what works instead.
  const decoder = decoderNote({
    box: $('decoder-failed'),
    scanner,
    video: $('video') as HTMLVideoElement,
    text: (why) => view.m.decoderFailed(why),
    retryLabel: () => view.m.decoderRetry,
    // A hardware scanner's (keyboard-wedge) input is offered here too once the app takes one: it reads
    // the same codes without the camera.
    fallbacks: () => [
      { label: view.m.decoderScanner, run: () => setCamera(false) },
      {
        label: view.m.decoderSearch,
        run: () => {
          setTab('guests');
          $('search').focus();
        },
      },
    ],
    restart: () => {
      if (tab === 'scan' && $('app').dataset.mode !== 'greet') startCamera();
    },
  });

  /** The camera switch of a scanner-only door (camera-switch.ts: one setting with greet mode's scan tab). */
  const cameraToggle = cameraSwitch({
    button: $('camera-toggle'),
    camera: $('video').parentElement as HTMLElement,
    note: $('camera-note'),
    decoderFailed: $('decoder-failed'),
    words: () => view.m,
    changed: (on) => {
      if (!on) {
        scanner.stop();
        $('camera-retry').hidden = true;
        return;
      }
      decoder.relabel();
      if (tab === 'scan' && $('app').dataset.mode !== 'greet') startCamera();
    },
  });
  const showCamera = cameraToggle.show;
  const setCamera = cameraToggle.set;

  // A hardware scanner (wedge.ts), heard anywhere on the door and in greet mode: the same path as the camera.
  let heard = 0;
  listenForScanner({
    active: () => !$('app').hidden,
    onScan: (text, t0) => {
      heard++;
      const badge = $('wedge');
      badge.hidden = false;
      badge.title = view.m.scannerTitle(heard);
      badge.dataset.heard = String(heard);
      badge.classList.remove('heard');
      void badge.offsetWidth;
      badge.classList.add('heard');
      if ($('app').dataset.mode === 'greet') greet.scanned(text, t0);
      else void onCode(text, t0, true);
    },
  });

  const setTab = (next: 'scan' | 'guests') => {
    tab = next;
    $('scan-view').hidden = tab !== 'scan';
    $('guests-view').hidden = tab !== 'guests';
    $('tab-scan').setAttribute('aria-selected', String(tab === 'scan'));
    $('tab-guests').setAttribute('aria-selected', String(tab === 'guests'));
    // The camera runs only while it is looked at: a search must not be covered by verdicts.
    if (tab === 'scan') startCamera();
    else scanner.stop();
    render();
  };

  /** A check-in, an undo (from the list, the verdict, or greet mode's "check in now"). */
  const act = (action: string | undefined, id: string | undefined) => {
    const t = id ? roster.get(id) : undefined;
    if (!t) return;
    const kind = action === 'checkin' ? 'entry' : action === 'undo' ? 'annul' : null;
    if (kind) record({ kind, ticketId: t.id }, t, performance.now(), 'klick:tap');
  };

  // The sound button needs no handler of its own: the tap on it is what turns the sound on.
  armAudio(() => view.sound(soundOn()));
  view.sound(soundOn());
  $('camera-retry').onclick = startCamera;
  $('tab-scan').onclick = () => setTab('scan');
  $('tab-guests').onclick = () => setTab('guests');
  $('guests').onclick = (ev) => {
    const b = (ev.target as HTMLElement).closest('button');
    if (!b) return;
    const { action, id } = b.dataset;
    // From the list, a check-in takes two taps: the first shows the confirming button.
    if (action === 'checkin') return confirmFor(id);
    if (action === 'cancel') return confirmFor(undefined);
    confirmFor(undefined);
    act(action === 'confirm' ? 'checkin' : action, id);
  };
  $('verdict').onclick = (ev) => {
    const undo = (ev.target as HTMLElement).closest('#verdict-undo') as HTMLElement | null;
    if (undo) return act('undo', undo.dataset.id);
    view.hideVerdict();
  };
  $('search').oninput = async () => {
    confirming = undefined;
    const q = ($('search') as HTMLInputElement).value.trim().toLowerCase();
    emailHash = q.includes('@') ? await sha256Hex(`${session.event.id}\n${q}`) : undefined;
    renderGuests();
  };
  $('lang').onclick = () => {
    lang = lang === 'de' ? 'en' : 'de';
    store.set('lang', lang).catch(() => {});
    view = new View(messages[lang], lang, session.event.timezone);
    view.texts(`${session.event.title} · ${me}`);
    decoder.relabel();
    showCamera();
    render();
    greet.setLang(lang);
  };
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) scanner.stop();
    else if (tab === 'scan' && $('app').dataset.mode !== 'greet') startCamera();
  });

  // Greet mode (greet.ts): its own view, its own lane of the one outbox; the door's camera and tabs rest
  // while it shows.
  // Wired before the app is shown, so an early tap on the mode switch is never lost.
  const greet = await startGreet({
    session,
    roster,
    lang,
    display,
    hideVerdict: () => view.hideVerdict(),
    checkIn: (t) => act('checkin', t.id),
    sync,
  });
  const setMode = (mode: 'door' | 'greet') => {
    localStorage.setItem('klick-mode', mode);
    (document.querySelector('header .tabs') as HTMLElement).hidden = mode === 'greet';
    if (mode === 'greet') {
      scanner.stop();
      $('scan-view').hidden = true;
      $('guests-view').hidden = true;
    }
    greet.show(mode === 'greet');
    if (mode === 'door') {
      // greet mode's scan tab may have switched the camera
      showCamera();
      setTab(tab);
    }
  };
  $('mode-door').onclick = () => setMode('door');
  $('mode-greet').onclick = () => setMode('greet');
  view.texts(`${session.event.title} · ${me}`);
  showCamera();
  $('boot').hidden = true;
  $('message').hidden = true;
  $('app').hidden = false;
  scanner.preload().catch(() => {});
  setMode(localStorage.getItem('klick-mode') === 'greet' ? 'greet' : 'door');
  sync.start();
}
