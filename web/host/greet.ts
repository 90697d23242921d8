/**
 * Greet mode: the host walks the room and taps once per handshake. A tap changes the local state
 * and the DOM in the same frame (nothing is awaited before the row moves), then the greeting joins the
 * phone's one outbox with a client nonce (its "greetings" lane, sync.ts): written to IndexedDB and sent
 * to POST /api/devices/greetings in the background, by the same rules as the door's scans. Other
 * phones' greetings arrive with the roster (greetedAt/greetedBy per ticket). Tap → painted is
 * recorded as the measure "klick:greet".
 */
import type { GreetingItem, GreetingResult } from '../../src/shared/wire';
import { Greetings, type GreetKind } from './greet-model';
import { greetScanner } from './greet-scan';
import { GreetView } from './greet-ui';
import type { Lang } from './i18n';
import type { Roster, Ticket } from './model';
import type { Session } from './store';
import type { Sync } from './sync';
import { $, type VerdictView } from './ui';
import { afterPaint, newNonce } from './util';

const UNDO_MS = 5000;
const SEND_DELAY_MS = 300;
/** After a greet, the list and the card ignore taps this long: the next row has slid under the finger. */
const QUIET_MS = 400;
const REFUSED_KEY = 'klick-greet-refused';
/** Answers for which nothing was written (src/greetings/record.ts): the greeting does not count. */
const NOT_WRITTEN = new Set<GreetingResult>(['unknown', 'wrong_event', 'void']);

export interface GreetDeps {
  session: Session;
  roster: Roster;
  lang: Lang;
  /** the door's full-screen verdict */
  display(v: VerdictView): void;
  hideVerdict(): void;
  /** the door's check-in of a guest (its own verdict follows) */
  checkIn(t: Ticket): void;
  /** the phone's one sync engine: greet mode registers its lane there */
  sync: Sync;
}

export interface GreetMode {
  show(on: boolean): void;
  /** the roster changed (door sync): redraw */
  changed(): void;
  setLang(lang: Lang): void;
  /** the phone was unpaired: stop scanning (the engine stops sending) */
  stop(): void;
}

export async function startGreet(deps: GreetDeps): Promise<GreetMode> {
  const { session, roster, sync } = deps;
  const greetings = new Greetings(roster, session.device.name);
  const view = new GreetView(deps.lang, session.event.timezone);
  let visible = false;
  let sub: 'list' | 'card' | 'scan' = 'list';
  const skipped = new Set<string>();
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  let paceTimer: ReturnType<typeof setInterval> | undefined;
  let quietUntil = 0;
  /** a finger is on greet mode: a sync's redraw waits until it is lifted */
  let pressed = false;
  let deferred = false;
  /** greeted by a scan: its undo toast comes when the verdict closes */
  let afterVerdict: Ticket | undefined;
  let refused: string[] = [];
  try {
    refused = JSON.parse(localStorage.getItem(REFUSED_KEY) ?? '[]');
  } catch {}

  const nextGuest = (): Ticket | undefined => {
    const { todo } = greetings.lists();
    if (todo.length > 0 && todo.every((t) => skipped.has(t.id))) skipped.clear();
    return todo.find((t) => !skipped.has(t.id));
  };
  const present = (id: string) => roster.state(id).in;
  const renderPace = () => view.pace(greetings.pace(Date.now()), greetings.queue.length, navigator.onLine);
  const render = () => {
    if (!visible) return;
    if (sub === 'list') view.lists(greetings.lists(), (id) => greetings.state(id), present);
    if (sub === 'card') view.card(nextGuest());
    view.refused(refused);
    renderPace();
  };
  /** Redraws that do not come from the host's own tap wait for the finger to lift. */
  const later = () => {
    if (pressed) deferred = true;
    else render();
  };

  // --- sending: greet mode's lane of the outbox ---------------------------------------------------
  const refuse = (list: GreetingItem[]) => {
    refused = [...refused, ...list.map((g) => roster.get(g.ticketId)?.name ?? '?')].slice(-50);
    localStorage.setItem(REFUSED_KEY, JSON.stringify(refused));
    later();
  };
  sync.lane('greetings', {
    queued: (item) => greetings.add(item),
    settled: (nonces) => {
      greetings.acknowledge(nonces);
      renderPace();
    },
    answered: (list) =>
      // Written: the roster now holds it. Not written (a void ticket, say): it will never count, and the
      // host is told. A nonce the server holds from this phone's earlier pairing reads "unknown": written.
      refuse(
        list
          .filter((a) => NOT_WRITTEN.has(a.outcome.result) && !(a.outcome.result === 'unknown' && a.entry.from))
          .map((a) => a.entry.item),
      ),
    failed: (list) => refuse(list.map((e) => e.item)),
    // A greeting of an older app version: of this dinner if its guest is in this roster.
    eventOf: (item) => (roster.get(item.ticketId) ? session.event.id : undefined),
  });

  // --- taps ---------------------------------------------------------------------------------------
  const enqueue = (kind: GreetKind, t: Ticket) => {
    const g: GreetingItem = { nonce: newNonce(), kind, ticketId: t.id, deviceTime: Date.now() };
    // Shown at once, durable before the network is tried (a reload right now still finds it), and sent
    // a moment later, so quick taps go in one request and the sync's work stays out of the next tap's way.
    sync.add('greetings', g, SEND_DELAY_MS).catch(() => {});
  };

  /**
   * The undo toast goes after UNDO_MS, but not while the mouse pointer rests on it or the keyboard focus is
   * in it (WCAG 2.2.1: whoever reads it or reaches for its button gets the time): it goes UNDO_MS after
   * they leave. A finger's tap on it is not a rest: touch leaves no hover behind that could keep it.
   */
  let mouseOnToast = false;
  const toastHeld = () => mouseOnToast || $('greet-toast').querySelector(':focus-visible') !== null;
  const hideToastLater = () => {
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toastHeld() ? hideToastLater() : view.hideToast()), UNDO_MS);
  };
  $('greet-toast').addEventListener('pointerenter', (ev) => {
    if (ev.pointerType === 'mouse') mouseOnToast = true;
  });
  $('greet-toast').addEventListener('pointerleave', (ev) => {
    if (ev.pointerType !== 'mouse') return;
    mouseOnToast = false;
    if (!$('greet-toast').hidden) hideToastLater();
  });
  $('greet-toast').addEventListener('focusout', () => {
    if (!$('greet-toast').hidden) hideToastLater();
  });
  const showToast = (t: Ticket) => {
    view.toast(view.m.greetedToast(t.name), t.id);
    hideToastLater();
  };

  const greet = (t: Ticket, t0: number, byScan = false) => {
    const t1 = performance.now();
    if (greetings.state(t.id).greeted) return;
    enqueue('greet', t);
    skipped.delete(t.id);
    quietUntil = t1 + QUIET_MS;
    view.quiet(true);
    setTimeout(() => view.quiet(performance.now() < quietUntil), QUIET_MS);
    // The DOM first, synchronously: the row moves in this frame; pace and lists follow from state.
    if (sub === 'list') view.moveToGreeted(t, greetings.state(t.id), present(t.id));
    else render();
    renderPace();
    // The verdict covers the toast: after a scan, the verdict offers the undo and the toast follows it.
    if (byScan) afterVerdict = t;
    else showToast(t);
    const t2 = performance.now();
    let frame = 0;
    requestAnimationFrame(() => {
      frame = performance.now();
    });
    // detail: when the click reached the app, the DOM was updated, and the frame showing it began (ms after the tap ended)
    afterPaint(() => {
      performance.measure('klick:greet', {
        start: t0,
        end: performance.now(),
        detail: { click: t1 - t0, dom: t2 - t0, frame: frame - t0 },
      });
    });
  };

  const ungreet = (t: Ticket) => {
    if (!greetings.state(t.id).greeted) return;
    enqueue('ungreet', t);
    view.hideToast();
    render();
  };

  /** t0: when the tap ended (the click's own time stamp): the press before it is the host's, not the app's */
  const act = (action: string | undefined, id: string | undefined, t0 = performance.now()) => {
    if (action === 'dismiss') {
      refused = [];
      localStorage.removeItem(REFUSED_KEY);
      return render();
    }
    const t = id ? roster.get(id) : undefined;
    if (!t) return;
    if (action === 'greet') greet(t, t0);
    else if (action === 'ungreet') ungreet(t);
    else if (action === 'skip') {
      skipped.add(t.id);
      render();
    }
  };

  // --- scanning (greet-scan.ts) -------------------------------------------------------------------
  const { camera, relabel } = greetScanner({
    view,
    greetings,
    roster,
    token: session.token,
    display: deps.display,
    pullRoster: () => void sync.kick(),
    greet: (t, t0) => greet(t, t0, true),
    toList: () => setSub('list'),
  });

  const setSub = (next: typeof sub) => {
    sub = next;
    view.sub(sub);
    camera(visible && sub === 'scan');
    render();
  };

  // --- wiring -------------------------------------------------------------------------------------
  view.root.addEventListener('pointerdown', () => {
    pressed = true;
  });
  const lifted = () => {
    if (!pressed) return;
    pressed = false;
    if (!deferred) return;
    deferred = false;
    // After the click this lift belongs to, so the click still finds the row it was aimed at.
    setTimeout(render);
  };
  addEventListener('pointerup', lifted, true);
  addEventListener('pointercancel', lifted, true);
  view.root.addEventListener('click', (ev) => {
    const b = (ev.target as HTMLElement).closest('button');
    if (!b) return;
    if (b.dataset.sub) return setSub(b.dataset.sub as typeof sub);
    if (performance.now() < quietUntil && !b.closest('#greet-toast, .g-pace')) return;
    act(b.dataset.action, b.dataset.id, ev.timeStamp);
  });
  view.actions.addEventListener('click', (ev) => {
    const b = (ev.target as HTMLElement).closest('button');
    if (!b) return;
    // Not to the door's handler, which closes the verdict: a check-in shows its own.
    ev.stopPropagation();
    const t = roster.get(b.dataset.id ?? '');
    view.verdictActions(null);
    if (!t) return;
    if (b.dataset.action === 'checkin') return deps.checkIn(t);
    afterVerdict = undefined;
    ungreet(t);
    deps.hideVerdict();
  });
  // The verdict closed (timer, tap or the next one): its buttons go, a scan's undo toast comes.
  new MutationObserver(() => {
    if (!$('verdict').hidden) return;
    view.verdictActions(null);
    const t = afterVerdict;
    afterVerdict = undefined;
    if (t && visible && greetings.state(t.id).greeted) showToast(t);
  }).observe($('verdict'), { attributes: true, attributeFilter: ['hidden'] });
  document.addEventListener('visibilitychange', () => {
    camera(!document.hidden && visible && sub === 'scan');
  });
  addEventListener('online', renderPace);
  addEventListener('offline', renderPace);

  return {
    show(on) {
      visible = on;
      view.show(on);
      clearInterval(paceTimer);
      if (on) paceTimer = setInterval(renderPace, 1000);
      camera(on && sub === 'scan');
      render();
    },
    changed() {
      later();
    },
    setLang(lang) {
      view.setLang(lang);
      relabel();
      render();
    },
    stop() {
      // The phone was unpaired: the engine sends nothing more (a new pairing reloads the app).
      clearInterval(paceTimer);
      camera(false);
    },
  };
}
