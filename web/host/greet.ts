/**
 * Greet mode: the host walks the room and taps once per handshake. A tap changes the local state
 * and the DOM in the same frame (nothing is awaited before the row moves), then the greeting is
 * written to IndexedDB with a client nonce and sent to POST /api/devices/greetings in the
 * background, exactly like the door's scans (store.ts / sync.ts): durable before the network is
 * tried, dequeued only once the server answered its nonce, so a reload or a dead network loses
 * nothing and a resend doubles nothing. Other phones' greetings arrive with the door's roster sync
 * (greetedAt/greetedBy per ticket). Tap → painted is recorded as the measure "klick:greet".
 */
import { type Pace, rosterPace } from '../../src/greetings/pace';
import { signal } from './feedback';
import { GreetView } from './greet-ui';
import type { Lang } from './i18n';
import { Cooldown, type Roster, type Ticket, ticketCode } from './model';
import { Scanner } from './scanner';
import type { Session } from './store';
import { ApiError, api } from './sync';
import type { VerdictView } from './ui';
import { afterPaint, newNonce, sha256Hex } from './util';

export type GreetKind = 'greet' | 'ungreet';

export interface QueuedGreeting {
  nonce: string;
  kind: GreetKind;
  ticketId: string;
  deviceTime: number;
  token: string;
}

/** The roster's tickets carry the server's greeting state (src/checkin/roster.ts). */
export type GreetTicket = Ticket & { greetedAt?: number | null; greetedBy?: string | null };

export interface GreetState {
  greeted: boolean;
  at: number | null;
  by: string | null;
  pending: boolean;
}

const DB_NAME = 'klick-host-greet';
const BATCH = 100;
const EVERY_MS = 4000;
const UNDO_MS = 5000;
const SEND_DELAY_MS = 300;
/**
 * A server answer outranks the roster until the roster agrees, or until a roster change arrived so
 * long after the answer that its request must have left after it (requests time out after 10 s).
 */
const CONFIRMED_MS = 12_000;

/** The server's answer for a guest, kept (durably) until the roster has caught up with it. */
export interface Confirmed {
  id: string;
  at: number | null;
  by: string | null;
  ackAt: number;
}

const done = (tx: IDBTransaction) =>
  new Promise<void>((ok, fail) => {
    tx.oncomplete = () => ok();
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error ?? new Error('transaction aborted'));
  });

/** The greetings' queue: the same shape as the scans' queue in store.ts, in its own database. */
export class GreetQueue {
  private constructor(private db: IDBDatabase) {}

  static open(): Promise<GreetQueue> {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('queue', { keyPath: 'nonce' });
      req.result.createObjectStore('confirmed', { keyPath: 'id' });
    };
    return new Promise((ok, fail) => {
      req.onsuccess = () => ok(new GreetQueue(req.result));
      req.onerror = () => fail(req.error);
    });
  }

  all(): Promise<QueuedGreeting[]> {
    const req = this.db.transaction('queue').objectStore('queue').getAll();
    return new Promise((ok, fail) => {
      req.onsuccess = () =>
        ok(
          (req.result as (QueuedGreeting & { seq?: number })[]).sort(
            (a, b) => a.deviceTime - b.deviceTime || (a.seq ?? 0) - (b.seq ?? 0),
          ),
        );
      req.onerror = () => fail(req.error);
    });
  }

  put(g: QueuedGreeting, seq: number): Promise<void> {
    const tx = this.db.transaction('queue', 'readwrite');
    tx.objectStore('queue').put({ ...g, seq });
    return done(tx);
  }

  confirmed(): Promise<Confirmed[]> {
    const req = this.db.transaction('confirmed').objectStore('confirmed').getAll();
    return new Promise((ok, fail) => {
      req.onsuccess = () => ok(req.result as Confirmed[]);
      req.onerror = () => fail(req.error);
    });
  }

  /** The server answered: the greetings leave the queue and their answers are kept, in one transaction. */
  acknowledge(nonces: string[], answers: Confirmed[], forget: string[]): Promise<void> {
    const tx = this.db.transaction(['queue', 'confirmed'], 'readwrite');
    const q = tx.objectStore('queue');
    for (const n of nonces) q.delete(n);
    const c = tx.objectStore('confirmed');
    for (const id of forget) c.delete(id);
    for (const a of answers) c.put(a);
    return done(tx);
  }
}

/** Server state from the roster plus this phone's greetings the server has not acknowledged yet. Pure. */
export class Greetings {
  queue: QueuedGreeting[] = [];
  private pending = new Map<string, QueuedGreeting[]>();
  private confirmed = new Map<string, Confirmed>();
  /** answers the roster has caught up with, to be deleted from IndexedDB with the next write */
  forgotten: string[] = [];
  /** when the door's sync last merged a roster change */
  rosterAt = 0;

  constructor(
    private roster: Roster,
    public me: string,
  ) {}

  setQueue(list: QueuedGreeting[]) {
    this.queue = [];
    this.pending.clear();
    for (const g of list) this.add(g);
  }

  add(g: QueuedGreeting) {
    this.queue.push(g);
    const l = this.pending.get(g.ticketId) ?? [];
    l.push(g);
    this.pending.set(g.ticketId, l);
  }

  acknowledge(nonces: Iterable<string>) {
    const done = new Set(nonces);
    this.setQueue(this.queue.filter((g) => !done.has(g.nonce)));
  }

  /**
   * The server's answer to a greeting, kept until the roster agrees with it: a roster pull that
   * left before the answer came must not make the guest flicker back to "not greeted".
   */
  confirm(c: Confirmed) {
    this.confirmed.set(c.id, c);
  }

  private server(id: string): { at: number | null; by: string | null } {
    const t = this.roster.get(id) as GreetTicket | undefined;
    const at = t?.greetedAt ?? null;
    const c = this.confirmed.get(id);
    if (c) {
      if (c.at !== at && this.rosterAt < c.ackAt + CONFIRMED_MS) return c;
      this.confirmed.delete(id);
      this.forgotten.push(id);
    }
    return { at, by: t?.greetedBy ?? null };
  }

  state(id: string): GreetState {
    const { at, by } = this.server(id);
    let s: GreetState = { greeted: at !== null, at, by, pending: false };
    for (const g of this.pending.get(id) ?? []) {
      if (g.kind === 'ungreet') s = { greeted: false, at: null, by: null, pending: true };
      else if (!s.greeted) s = { greeted: true, at: g.deviceTime, by: this.me, pending: true };
      else s.pending = true;
    }
    return s;
  }

  /** Present guests (checked in, or greeted), split: not greeted (by arrival) and greeted (latest first). */
  lists(): { todo: Ticket[]; greeted: Ticket[] } {
    const todo: Ticket[] = [];
    const greeted: Ticket[] = [];
    for (const t of this.roster.all()) {
      if (t.status !== 'valid') continue;
      const g = this.state(t.id);
      if (g.greeted) greeted.push(t);
      else if (this.roster.state(t.id).in) todo.push(t);
    }
    const arrival = (t: Ticket) => this.roster.state(t.id).at ?? 0;
    todo.sort((a, b) => arrival(a) - arrival(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    greeted.sort((a, b) => (this.state(b.id).at ?? 0) - (this.state(a.id).at ?? 0) || a.id.localeCompare(b.id));
    return { todo, greeted };
  }

  /** n / N, elapsed, s/guest, projected finish and who is missing (src/greetings/pace.ts). */
  pace(now: number): Pace & { missing: Ticket[] } {
    const list = this.roster
      .all()
      .filter((t) => t.status === 'valid')
      .map((t) => {
        const c = this.roster.state(t.id);
        return { ticket: t, status: t.status, checkedInAt: c.in ? (c.at ?? 0) : null, greetedAt: this.state(t.id).at };
      });
    const p = rosterPace(list, now);
    return { ...p, missing: p.missing.map((x) => x.ticket) };
  }
}

/** One answer of POST /api/devices/greetings. */
interface GreetOutcome {
  nonce: string;
  result: string;
  ticketId?: string;
  greetedAt?: number;
  greetedBy?: string;
}

export interface GreetDeps {
  session: Session;
  roster: Roster;
  lang: Lang;
  /** the door's full-screen verdict */
  display(v: VerdictView): void;
  /** ask the door's syncer for the roster changes (other phones' greetings) */
  pullRoster(): void;
}

export interface GreetMode {
  show(on: boolean): void;
  /** the roster changed (door sync): redraw */
  changed(): void;
  setLang(lang: Lang): void;
}

export async function startGreet(deps: GreetDeps): Promise<GreetMode> {
  const { session, roster } = deps;
  const me = session.device.name;
  const queue = await GreetQueue.open();
  const greetings = new Greetings(roster, me);
  greetings.setQueue(await queue.all());
  for (const c of await queue.confirmed()) greetings.confirm(c);
  const view = new GreetView(deps.lang, session.event.timezone);
  const cooldown = new Cooldown();
  let seq = Date.now();
  let visible = false;
  let sub: 'list' | 'card' | 'scan' = 'list';
  const skipped = new Set<string>();
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  let paceTimer: ReturnType<typeof setInterval> | undefined;
  let lastDown = 0;
  let sendTimer: ReturnType<typeof setTimeout> | undefined;

  const nextGuest = (): Ticket | undefined => {
    const { todo } = greetings.lists();
    if (todo.length > 0 && todo.every((t) => skipped.has(t.id))) skipped.clear();
    return todo.find((t) => !skipped.has(t.id));
  };
  const renderPace = () => view.pace(greetings.pace(Date.now()), greetings.queue.length, navigator.onLine);
  /** What the list shows; a sync that changes nothing visible then touches only the "…" markers. */
  let shownKey = '';
  const keyOf = (l: { todo: Ticket[]; greeted: Ticket[] }) => {
    const g = l.greeted.map((t) => {
      const s = greetings.state(t.id);
      return `${t.id}:${s.at}:${s.by}`;
    });
    return `${l.todo.map((t) => t.id).join()}|${g.join()}|${view.m.greet}`;
  };
  const render = () => {
    if (!visible) return;
    const lists = greetings.lists();
    const { todo, greeted } = lists;
    if (sub === 'list') {
      const key = keyOf(lists);
      if (key !== shownKey) view.lists(todo, greeted, (id) => greetings.state(id));
      else view.pendingMarks((id) => greetings.state(id).pending);
      shownKey = key;
    }
    if (sub === 'card') view.card(nextGuest());
    renderPace();
  };

  // --- sending ------------------------------------------------------------------------------------
  let running = false;
  let again = false;
  const flush = async () => {
    while (greetings.queue.length > 0 && navigator.onLine) {
      const token = greetings.queue[0]!.token;
      const batch = greetings.queue.filter((g) => g.token === token).slice(0, BATCH);
      let results: GreetOutcome[] = [];
      try {
        const r = await api<{ results: GreetOutcome[] }>('/api/devices/greetings', token, {
          greetings: batch.map((g) => ({
            nonce: g.nonce,
            kind: g.kind,
            ticketId: g.ticketId,
            deviceTime: g.deviceTime,
          })),
        });
        results = r.results;
      } catch (err) {
        // Network or server trouble: the queue stays, the next run sends it again (nonces make that safe).
        if (!(err instanceof ApiError) || err.status >= 500) throw err;
        // The current token refused: the door's sync reports the revocation; keep the greetings.
        if (token === session.token && (err.status === 401 || err.status === 403)) throw err;
      }
      // The answer carries the greeting that counts now: it replaces the pending overlay without a flicker.
      const ackAt = Date.now();
      const answers: Confirmed[] = [];
      for (const o of results) {
        if (!o.ticketId || o.result === 'unknown' || o.result === 'wrong_event' || o.result === 'void') continue;
        const c = { id: o.ticketId, at: o.greetedAt ?? null, by: o.greetedBy ?? null, ackAt };
        greetings.confirm(c);
        answers.push(c);
      }
      const nonces = batch.map((g) => g.nonce);
      greetings.acknowledge(nonces);
      await queue.acknowledge(nonces, answers, greetings.forgotten.splice(0));
      render();
    }
  };
  const kick = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const hadQueue = greetings.queue.length > 0;
    flush()
      .then(() => {
        if (hadQueue) deps.pullRoster();
      })
      .catch(() => {})
      .finally(() => {
        running = false;
        renderPace();
        if (again) {
          again = false;
          kick();
        }
      });
  };

  // --- taps ---------------------------------------------------------------------------------------
  const enqueue = (kind: GreetKind, t: Ticket) => {
    const g: QueuedGreeting = { nonce: newNonce(), kind, ticketId: t.id, deviceTime: Date.now(), token: session.token };
    greetings.add(g);
    // Durable before the network is tried: a reload right now still finds the greeting. Sent a moment
    // later, so quick taps go in one request and the sync's work stays out of the next tap's way.
    queue
      .put(g, seq++)
      .then(() => {
        // Not reset by the next tap: a long streak of taps is still sent every SEND_DELAY_MS.
        if (sendTimer !== undefined) return;
        sendTimer = setTimeout(() => {
          sendTimer = undefined;
          kick();
        }, SEND_DELAY_MS);
      })
      .catch(() => {});
  };

  const greet = (t: Ticket, t0: number) => {
    const t1 = performance.now();
    if (greetings.state(t.id).greeted) return;
    enqueue('greet', t);
    skipped.delete(t.id);
    // The DOM first, synchronously: the row moves in this frame; pace and lists follow from state.
    if (sub === 'list') view.moveToGreeted(t, greetings.state(t.id));
    else render();
    renderPace();
    view.toast(view.m.greetedToast(t.name), t.id);
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => view.hideToast(), UNDO_MS);
    const t2 = performance.now();
    let frame = 0;
    requestAnimationFrame(() => {
      frame = performance.now();
    });
    // detail: when the click reached the app, the DOM was updated, and the frame showing it began (ms after pointerdown)
    afterPaint(() => {
      if (sub === 'list') shownKey = keyOf(greetings.lists());
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

  const act = (action: string | undefined, id: string | undefined) => {
    const t = id ? roster.get(id) : undefined;
    if (!t) return;
    const t0 = lastDown || performance.now();
    lastDown = 0;
    if (action === 'greet') greet(t, t0);
    else if (action === 'ungreet') ungreet(t);
    else if (action === 'skip') {
      skipped.add(t.id);
      render();
    }
  };

  // --- scanning -----------------------------------------------------------------------------------
  const onCode = async (text: string, t0: number) => {
    if (!cooldown.fresh(text, Date.now())) return;
    const m = view.m;
    const code = ticketCode(text);
    const t = code ? roster.byQrHash(await sha256Hex(code)) : undefined;
    if (t?.status !== 'valid') {
      deps.display({ colour: 'red', headline: t ? m.scanVoid : m.scanUnknown, name: t?.name });
      signal('red');
      return;
    }
    const s = greetings.state(t.id);
    if (s.greeted) {
      deps.display({ colour: 'amber', headline: m.alreadyGreeted, name: t.name, detail: view.atBy(s.at, s.by) });
      signal('amber');
      return;
    }
    greet(t, t0);
    deps.display({
      colour: 'green',
      headline: m.greeted,
      name: t.name,
      company: t.company,
      detail: t.askMeAbout ? `${m.askMeAbout} ${t.askMeAbout}` : '',
    });
    signal('green');
  };
  const scanner = new Scanner(view.video, (text, t0) => void onCode(text, t0));
  const camera = (on: boolean) => {
    if (!on) return scanner.stop();
    view.cameraNote(view.m.camera);
    scanner.start().then(
      () => view.cameraNote(''),
      () => {
        scanner.stop();
        view.cameraNote(view.m.cameraFailed);
      },
    );
  };

  const setSub = (next: typeof sub) => {
    sub = next;
    view.sub(sub);
    camera(visible && sub === 'scan');
    render();
  };

  // --- wiring -------------------------------------------------------------------------------------
  view.root.addEventListener('pointerdown', () => {
    lastDown = performance.now();
  });
  view.root.addEventListener('click', (ev) => {
    const b = (ev.target as HTMLElement).closest('button');
    if (!b) return;
    if (b.dataset.sub) return setSub(b.dataset.sub as typeof sub);
    act(b.dataset.action, b.dataset.id);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) scanner.stop();
    else camera(visible && sub === 'scan');
  });
  addEventListener('online', kick);
  addEventListener('offline', renderPace);
  setInterval(kick, EVERY_MS);
  kick();

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
      greetings.rosterAt = Date.now();
      render();
      const forget = greetings.forgotten.splice(0);
      if (forget.length) queue.acknowledge([], [], forget).catch(() => {});
    },
    setLang(lang) {
      view.setLang(lang);
      render();
    },
  };
}
