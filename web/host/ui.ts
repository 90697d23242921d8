/**
 * Drawing the host app. Guest names and companies come from buyers: they are only ever set as
 * textContent, never as HTML. Buttons carry data-action/data-id; main.ts listens once per list.
 */
import type { Lang, Messages } from './i18n';
import type { LogEntry } from './log';
import { type CheckinState, type Colour, colourOf, type Result, type Ticket } from './model';

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export function h(tag: string, cls = '', text = ''): HTMLElement {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  if (text) el.textContent = text;
  return el;
}

export function button(label: string, action: string, id: string, cls = ''): HTMLButtonElement {
  const b = h('button', cls, label) as HTMLButtonElement;
  b.type = 'button';
  b.dataset.action = action;
  b.dataset.id = id;
  return b;
}

/** Something the host can do instead, offered with a failure. */
export interface Fallback {
  label: string;
  run(): void;
}

/**
 * A failure the host must see, in `box` (role="alert": screen readers announce it): its text in the box's
 * <p>, and a button for each fallback in its <div>; `null` hides it. The box is shown before its text is
 * set, so the alert is announced.
 */
export function failureNote(box: HTMLElement, text: string | null, fallbacks: Fallback[]) {
  box.hidden = text === null;
  box.querySelector('p')!.textContent = text ?? '';
  const buttons = (text === null ? [] : fallbacks).map((f) => {
    const b = h('button', '', f.label) as HTMLButtonElement;
    b.type = 'button';
    b.onclick = f.run;
    return b;
  });
  box.querySelector('div')!.replaceChildren(...buttons);
}

export interface VerdictView {
  /** checking: the server is being asked (door.ts), neutral: an undo */
  colour: Colour | 'neutral' | 'checking';
  headline: string;
  name?: string;
  company?: string;
  detail?: string;
  /** the ticket whose check-in the Undo button annuls */
  undoId?: string;
  /** the scan shown, so a later server answer can correct the screen */
  nonce?: string;
}

export class View {
  private hm: Intl.DateTimeFormat;

  constructor(
    public m: Messages,
    private lang: Lang,
    timezone: string,
  ) {
    // Times are shown in the event's time zone, as on the organizer page, whatever the phone is set to.
    this.hm = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: timezone,
    });
  }

  time = (ms: number) => this.hm.format(ms);

  /** "at 19:02 by Door 1" */
  atBy = (at: number | null | undefined, by: string | null | undefined) =>
    at ? this.m.atBy(this.time(at), by ?? '?') : '';

  texts(title: string) {
    const m = this.m;
    document.documentElement.lang = this.lang;
    document.title = `${m.title} · ${title}`;
    $('event-title').textContent = title;
    $('lang').textContent = m.switchTo;
    $('tab-scan').textContent = m.tabScan;
    $('tab-guests').textContent = m.tabGuests;
    $('log-title').textContent = m.logTitle;
    $('search-label').textContent = m.search;
    $('verdict-close').textContent = m.tapToClose;
    $('offline-ready').textContent = m.offlineReady;
    $('sound').textContent = m.soundOn;
    $('wedge-text').textContent = m.scannerHeard;
  }

  /** The sound button shows while the browser keeps the sound off (until the first tap). */
  sound(on: boolean) {
    $('sound').hidden = on || typeof AudioContext === 'undefined';
  }

  header(counts: { checkedIn: number; paid: number }, status: { online: boolean; pending: number }) {
    $('counts').textContent = this.m.counts(counts.checkedIn, counts.paid);
    const s = $('sync');
    s.textContent = `${status.online ? this.m.online : this.m.offline} · ${
      status.pending ? this.m.pending(status.pending) : this.m.synced
    }`;
    s.className = status.online ? 'online' : 'offline';
    s.dataset.pending = String(status.pending);
  }

  log(entries: LogEntry[]) {
    const list = $('log');
    if (entries.length === 0) {
      list.replaceChildren(h('li', 'empty', this.m.logEmpty));
      return;
    }
    list.replaceChildren(
      ...entries.map((e) => {
        const colour = e.kind === 'annul' ? 'neutral' : colourOf(e.result);
        const li = h('li', e.failed ? `${colour} failed` : colour);
        li.dataset.result = e.result;
        li.dataset.nonce = e.nonce;
        li.append(h('span', 'when', this.time(e.time)), h('strong', '', e.name ?? this.m.verdict.unknown ?? ''));
        const what = e.kind === 'annul' ? this.m.undone : (this.m.verdict[e.result] ?? e.result);
        const extra = e.result === 'already_checked_in' ? ` (${this.atBy(e.at, e.by)})` : '';
        li.append(h('span', 'what', what + extra));
        if (e.changed) li.append(h('span', 'changed', this.m.afterSync));
        if (e.failed) li.append(h('span', 'failed', this.m.failed));
        return li;
      }),
    );
  }

  /**
   * The door's guest list. `confirming`: the guest whose check-in waits for its confirming tap, whose row
   * grows a full-width "confirm" below it (not where the first tap landed). `hint`: why no names show.
   */
  guests(
    title: string,
    list: Ticket[],
    stateOf: (id: string) => CheckinState,
    { confirming, hint }: { confirming?: string; hint?: string } = {},
  ) {
    $('list-title').textContent = title;
    $('search-hint').hidden = !hint;
    $('search-hint').textContent = hint ?? '';
    const rows = list.slice(0, 200).map((t) => {
      const s = stateOf(t.id);
      const li = h('li', t.status !== 'valid' ? 'void' : s.in ? 'in' : 'out');
      const who = h('div', 'who');
      who.append(h('strong', '', t.name), h('span', 'company', t.company));
      if (s.in) who.append(h('span', 'state', `✓ ${this.atBy(s.at, s.by)}`));
      li.append(who);
      if (t.status !== 'valid') li.append(h('span', 'badge', this.m.badge[t.status] ?? this.m.voided));
      else if (s.in) li.append(button(this.m.undo, 'undo', t.id, 'secondary'));
      else if (confirming === t.id) {
        li.classList.add('confirming');
        const row = h('div', 'confirm-row');
        row.append(button(this.m.confirmCheckIn, 'confirm', t.id), button(this.m.cancel, 'cancel', t.id, 'secondary'));
        li.append(row);
      } else li.append(button(this.m.checkIn, 'checkin', t.id));
      return li;
    });
    $('guests').replaceChildren(...rows);
  }

  verdict(v: VerdictView) {
    const box = $('verdict');
    // shown before its words change: a live region is read out only when it is on screen as they change
    box.hidden = false;
    box.className = `verdict ${v.colour}`;
    box.dataset.nonce = v.nonce ?? '';
    $('verdict-headline').textContent = v.headline;
    $('verdict-name').textContent = v.name ?? '';
    $('verdict-company').textContent = v.company ?? '';
    $('verdict-detail').textContent = v.detail ?? '';
    const undo = $('verdict-undo');
    undo.hidden = !v.undoId;
    undo.dataset.id = v.undoId ?? '';
    undo.textContent = this.m.undo;
  }

  hideVerdict() {
    $('verdict').hidden = true;
  }

  /** The verdict screen for a scan, from its log entry and the ticket it matched. */
  verdictFor(e: LogEntry, t: Ticket | undefined): VerdictView {
    const m = this.m;
    const result: Result = e.result;
    const view: VerdictView = {
      colour: colourOf(result),
      headline: m.verdict[result] ?? result,
      name: t?.name ?? e.name,
      company: t?.company,
      nonce: e.nonce,
    };
    if (result === 'ok') {
      view.detail = t?.askMeAbout ? `${m.askMeAbout} ${t.askMeAbout}` : '';
      view.undoId = e.ticketId;
    } else if (result === 'already_checked_in') view.detail = this.atBy(e.at, e.by);
    else if (result === 'unknown' && !e.synced) view.detail = m.checking;
    return view;
  }

  message(title: string, text: string, action?: { label: string; run: () => void }) {
    $('boot').hidden = true;
    $('app').hidden = true;
    $('message').hidden = false;
    $('msg-title').textContent = title;
    $('msg-text').textContent = text;
    const b = $('msg-action');
    b.hidden = !action;
    if (action) {
      b.textContent = action.label;
      b.onclick = action.run;
    }
  }
}
