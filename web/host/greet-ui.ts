/**
 * Drawing greet mode (greet.ts holds the logic). Its own section of the page, built here, so the
 * door's markup stays as it is. Guest texts come from buyers: only ever set as textContent.
 */
import type { Pace } from '../../src/greetings/pace';
import type { GreetState } from './greet';
import type { Lang } from './i18n';
import type { Ticket } from './model';
import { $ } from './ui';

const de = {
  modeDoor: 'Einlass',
  modeGreet: 'Begrüßen',
  subList: 'Liste',
  subCard: 'Nächster Gast',
  subScan: 'Scannen',
  todo: (n: number) => `Noch nicht begrüßt (${n})`,
  done: (n: number) => `Begrüßt (${n})`,
  greetedToast: (name: string) => `${name} begrüßt`,
  greet: 'Begrüßt ✓',
  greeted: 'Begrüßt',
  alreadyGreeted: 'Schon begrüßt',
  skip: 'Überspringen',
  undo: 'Rückgängig',
  askMeAbout: 'Sprich mich an auf:',
  count: (n: number, total: number) => `Begrüßt ${n} / eingecheckt ${total}`,
  since: (s: string) => `seit ${s}`,
  perGuest: (s: number) => `${s.toLocaleString('de-DE', { minimumFractionDigits: 1 })} s/Gast`,
  finish: (t: string) => `fertig ca. ${t}`,
  allDone: 'Alle Anwesenden sind begrüßt.',
  nobody: 'Noch niemand eingecheckt.',
  missing: (n: number, names: string) => `Es fehlen noch ${n}: ${names}`,
  more: (n: number) => `und ${n} weitere`,
  pending: (n: number) => `${n} warten auf Abgleich`,
  synced: 'abgeglichen',
  offline: 'offline',
  cardEmpty: 'Niemand wartet auf eine Begrüßung.',
  camera: 'Kamera startet …',
  cameraFailed: 'Keine Kamera: Ist der Zugriff erlaubt? Tippen geht in der Liste.',
  scanUnknown: 'Unbekannter Code',
  scanVoid: 'Ticket storniert',
  atBy: (time: string, by: string) => `um ${time} von ${by}`,
};
export type GreetMessages = typeof de;

const en: GreetMessages = {
  modeDoor: 'Door',
  modeGreet: 'Greet',
  subList: 'List',
  subCard: 'Next guest',
  subScan: 'Scan',
  todo: (n) => `Not yet greeted (${n})`,
  done: (n) => `Greeted (${n})`,
  greetedToast: (name) => `${name} greeted`,
  greet: 'Greeted ✓',
  greeted: 'Greeted',
  alreadyGreeted: 'Already greeted',
  skip: 'Skip',
  undo: 'Undo',
  askMeAbout: 'Ask me about:',
  count: (n, total) => `Greeted ${n} / checked in ${total}`,
  since: (s) => `${s} since the first`,
  perGuest: (s) => `${s.toFixed(1)} s/guest`,
  finish: (t) => `done about ${t}`,
  allDone: 'Everyone present is greeted.',
  nobody: 'Nobody checked in yet.',
  missing: (n, names) => `Still missing ${n}: ${names}`,
  more: (n) => `and ${n} more`,
  pending: (n) => `${n} waiting for sync`,
  synced: 'in sync',
  offline: 'offline',
  cardEmpty: 'Nobody is waiting to be greeted.',
  camera: 'Starting the camera …',
  cameraFailed: 'No camera: is access allowed? Tapping works in the list.',
  scanUnknown: 'Unknown code',
  scanVoid: 'Ticket void',
  atBy: (time, by) => `at ${time} by ${by}`,
};

const MISSING_NAMES = 8;

function h(tag: string, cls = '', text = ''): HTMLElement {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  if (text) el.textContent = text;
  return el;
}

function button(label: string, action: string, id: string, cls = ''): HTMLButtonElement {
  const b = h('button', cls, label) as HTMLButtonElement;
  b.type = 'button';
  b.dataset.action = action;
  b.dataset.id = id;
  return b;
}

const SHELL = `
<div class="g-pace">
  <p id="greet-count" class="g-count"></p>
  <p id="greet-stats" class="g-stats"></p>
  <p id="greet-status" class="g-status" role="status"></p>
  <p id="greet-sync" class="g-sync" data-pending="0"></p>
</div>
<div class="tabs g-tabs" role="tablist">
  <button id="greet-tab-list" type="button" role="tab" data-sub="list" aria-selected="true"></button>
  <button id="greet-tab-card" type="button" role="tab" data-sub="card" aria-selected="false"></button>
  <button id="greet-tab-scan" type="button" role="tab" data-sub="scan" aria-selected="false"></button>
</div>
<div id="greet-list">
  <h2 id="greet-todo-title"></h2>
  <ul id="greet-todo" class="g-rows"></ul>
  <h2 id="greet-done-title"></h2>
  <ul id="greet-greeted" class="g-rows g-greeted"></ul>
</div>
<div id="greet-card" class="g-card" hidden>
  <p id="greet-card-name" class="g-card-name"></p>
  <p id="greet-card-company" class="g-card-company"></p>
  <p id="greet-card-ask" class="g-card-ask"></p>
  <div class="g-card-buttons"><button id="greet-card-greet" type="button" data-action="greet"></button><button id="greet-card-skip" type="button" class="secondary" data-action="skip"></button></div>
</div>
<div id="greet-scan" hidden>
  <div class="camera"><video id="greet-video" muted playsinline autoplay></video><p id="greet-camera-note"></p></div>
</div>
<div id="greet-toast" class="g-toast" role="status" hidden><span id="greet-toast-text"></span><button id="greet-toast-undo" type="button" class="secondary" data-action="ungreet"></button></div>
`;

export class GreetView {
  m: GreetMessages;
  root: HTMLElement;
  video: HTMLVideoElement;
  private hm!: Intl.DateTimeFormat;

  constructor(
    lang: Lang,
    private timezone: string,
  ) {
    this.m = lang === 'de' ? de : en;
    this.root = h('section');
    this.root.id = 'greet-view';
    this.root.hidden = true;
    this.root.innerHTML = SHELL;
    $('app').append(this.root);
    this.video = $('greet-video') as HTMLVideoElement;
    this.setLang(lang);
  }

  setLang(lang: Lang) {
    this.m = lang === 'de' ? de : en;
    this.hm = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: this.timezone,
    });
    const m = this.m;
    const texts: [string, string][] = [
      ['mode-door', m.modeDoor],
      ['mode-greet', m.modeGreet],
      ['greet-tab-list', m.subList],
      ['greet-tab-card', m.subCard],
      ['greet-tab-scan', m.subScan],
      ['greet-card-greet', m.greet],
      ['greet-card-skip', m.skip],
      ['greet-toast-undo', m.undo],
    ];
    for (const [id, text] of texts) {
      const el = document.getElementById(id);
      if (el) el.textContent = text;
    }
  }

  time = (ms: number) => this.hm.format(ms);
  atBy = (at: number | null, by: string | null) => (at ? this.m.atBy(this.time(at), by ?? '?') : '');

  show(on: boolean) {
    this.root.hidden = !on;
    $('app').dataset.mode = on ? 'greet' : 'door';
    for (const [id, sel] of [
      ['mode-door', !on],
      ['mode-greet', on],
    ] as const)
      document.getElementById(id)?.setAttribute('aria-pressed', String(sel));
    if (!on) this.hideToast();
  }

  sub(which: 'list' | 'card' | 'scan') {
    $('greet-list').hidden = which !== 'list';
    $('greet-card').hidden = which !== 'card';
    $('greet-scan').hidden = which !== 'scan';
    for (const s of ['list', 'card', 'scan']) $(`greet-tab-${s}`).setAttribute('aria-selected', String(s === which));
  }

  private todoRow(t: Ticket): HTMLElement {
    const li = h('li', 'g-todo');
    li.dataset.id = t.id;
    const b = button('', 'greet', t.id, 'g-row');
    b.append(h('strong', 'g-name', t.name), h('span', 'g-company', t.company));
    if (t.askMeAbout) b.append(h('span', 'g-ask', `${this.m.askMeAbout} ${t.askMeAbout}`));
    li.append(b);
    return li;
  }

  private greetedRow(t: Ticket, s: GreetState): HTMLElement {
    const li = h('li', s.pending ? 'g-done pending' : 'g-done');
    li.dataset.id = t.id;
    const who = h('div', 'who');
    who.append(h('strong', 'g-name', t.name), h('span', 'g-company', t.company));
    who.append(h('span', 'g-state', `✓ ${this.atBy(s.at, s.by)}`));
    li.append(who, button(this.m.undo, 'ungreet', t.id, 'secondary'));
    return li;
  }

  lists(todo: Ticket[], greeted: Ticket[], stateOf: (id: string) => GreetState) {
    $('greet-todo-title').textContent = this.m.todo(todo.length);
    $('greet-done-title').textContent = this.m.done(greeted.length);
    $('greet-todo').replaceChildren(...todo.map((t) => this.todoRow(t)));
    $('greet-greeted').replaceChildren(...greeted.map((t) => this.greetedRow(t, stateOf(t.id))));
  }

  pendingMarks(pending: (id: string) => boolean) {
    for (const li of $('greet-greeted').children)
      li.classList.toggle('pending', pending((li as HTMLElement).dataset.id ?? ''));
  }

  /** The tap's own update: only the tapped row moves, nothing else is rebuilt. */
  moveToGreeted(t: Ticket, s: GreetState) {
    const todo = $('greet-todo');
    const greeted = $('greet-greeted');
    todo.querySelector(`li[data-id="${CSS.escape(t.id)}"]`)?.remove();
    greeted.querySelector(`li[data-id="${CSS.escape(t.id)}"]`)?.remove();
    greeted.prepend(this.greetedRow(t, s));
    $('greet-todo-title').textContent = this.m.todo(todo.childElementCount);
    $('greet-done-title').textContent = this.m.done(greeted.childElementCount);
  }

  card(t: Ticket | undefined) {
    $('greet-card-name').textContent = t ? t.name : this.m.cardEmpty;
    $('greet-card-company').textContent = t?.company ?? '';
    $('greet-card-ask').textContent = t?.askMeAbout ? `${this.m.askMeAbout} ${t.askMeAbout}` : '';
    for (const id of ['greet-card-greet', 'greet-card-skip']) {
      const b = $(id) as HTMLButtonElement;
      b.hidden = !t;
      b.dataset.id = t?.id ?? '';
    }
  }

  pace(p: Pace & { missing: Ticket[] }, pending: number, online: boolean) {
    const m = this.m;
    $('greet-count').textContent = m.count(p.greeted, p.total);
    const stats: string[] = [];
    if (p.firstAt !== null) {
      const s = p.elapsedSeconds;
      stats.push(m.since(`${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`));
    }
    if (p.secondsPerGuest !== null) stats.push(m.perGuest(p.secondsPerGuest));
    if (p.projectedFinishAt !== null) stats.push(m.finish(this.time(p.projectedFinishAt)));
    $('greet-stats').textContent = stats.join(' · ');
    const status = $('greet-status');
    if (p.done) {
      status.textContent = m.allDone;
      status.className = 'g-status all';
    } else if (p.total === 0) {
      status.textContent = m.nobody;
      status.className = 'g-status';
    } else {
      const names = p.missing.slice(0, MISSING_NAMES).map((t) => t.name);
      if (p.missing.length > MISSING_NAMES) names.push(m.more(p.missing.length - MISSING_NAMES));
      status.textContent = m.missing(p.missing.length, names.join(', '));
      status.className = 'g-status missing';
    }
    const sync = $('greet-sync');
    sync.textContent = `${online ? '' : `${m.offline} · `}${pending ? m.pending(pending) : m.synced}`;
    sync.dataset.pending = String(pending);
  }

  toast(text: string, id: string) {
    $('greet-toast-text').textContent = text;
    $('greet-toast-undo').dataset.id = id;
    $('greet-toast').hidden = false;
  }

  hideToast() {
    $('greet-toast').hidden = true;
  }

  cameraNote(text: string) {
    $('greet-camera-note').textContent = text;
  }
}
