/**
 * Drawing greet mode (greet.ts holds the logic). Its own section of the page, built here, so the
 * door's markup stays as it is. Guest texts come from buyers: only ever set as textContent.
 */
import type { Pace } from '../../src/greetings/pace';
import { button, h, patch, type Row, SHELL, VERDICT_ACTIONS } from './greet-dom';
import { type GreetMessages, greetMessages } from './greet-i18n';
import { type GreetState, tableOf } from './greet-model';
import type { Lang } from './i18n';
import type { Ticket } from './model';
import { $ } from './ui';

const MISSING_NAMES = 8;

export class GreetView {
  m: GreetMessages;
  root: HTMLElement;
  video: HTMLVideoElement;
  /** greet mode's buttons on the verdict screen */
  actions: HTMLElement;
  private hm!: Intl.DateTimeFormat;

  constructor(
    lang: Lang,
    private timezone: string,
  ) {
    this.m = greetMessages(lang);
    this.root = h('section');
    this.root.id = 'greet-view';
    this.root.hidden = true;
    this.root.innerHTML = SHELL;
    $('app').append(this.root);
    this.actions = h('div', 'g-verdict-actions');
    this.actions.id = 'greet-verdict-actions';
    this.actions.hidden = true;
    this.actions.innerHTML = VERDICT_ACTIONS;
    $('verdict').insertBefore(this.actions, $('verdict-close'));
    this.video = $('greet-video') as HTMLVideoElement;
    this.setLang(lang);
  }

  setLang(lang: Lang) {
    this.m = greetMessages(lang);
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
      ['greet-verdict-checkin', m.checkInNow],
      ['greet-verdict-undo', m.undo],
      ['greet-refused-dismiss', m.dismiss],
    ];
    for (const [id, text] of texts) {
      const el = document.getElementById(id);
      if (el) el.textContent = text;
    }
  }

  time = (ms: number) => this.hm.format(ms);
  atBy = (at: number | null, by: string | null) => (at ? this.m.atBy(this.time(at), by ?? '?') : '');
  /** "Table 3" for a number, the organizer's own words otherwise */
  tableName = (label: string) => (label ? (/^\d+$/.test(label) ? this.m.table(label) : label) : this.m.noTable);

  show(on: boolean) {
    this.root.hidden = !on;
    $('app').dataset.mode = on ? 'greet' : 'door';
    for (const [id, sel] of [
      ['mode-door', !on],
      ['mode-greet', on],
    ] as const)
      document.getElementById(id)?.setAttribute('aria-pressed', String(sel));
    if (!on) {
      this.hideToast();
      this.verdictActions(null);
    }
  }

  sub(which: 'list' | 'card' | 'scan') {
    $('greet-list').hidden = which !== 'list';
    $('greet-card').hidden = which !== 'card';
    $('greet-scan').hidden = which !== 'scan';
    for (const s of ['list', 'card', 'scan']) $(`greet-tab-${s}`).setAttribute('aria-selected', String(s === which));
  }

  /** Taps on the list and the card are ignored for a moment after a greet (greet.ts); tests wait it out. */
  quiet(on: boolean) {
    if (on) this.root.dataset.quiet = '';
    else delete this.root.dataset.quiet;
  }

  private todoRow(t: Ticket): Row {
    const ask = t.askMeAbout ? `${this.m.askMeAbout} ${t.askMeAbout}` : '';
    return {
      key: t.id,
      look: `${t.name}\n${t.company}\n${ask}`,
      make: () => {
        const li = h('li', 'g-todo');
        li.dataset.id = t.id;
        const b = button('', 'greet', t.id, 'g-row');
        b.append(h('strong', 'g-name', t.name), h('span', 'g-company', t.company));
        if (ask) b.append(h('span', 'g-ask', ask));
        li.append(b);
        return li;
      },
    };
  }

  private tableRow(label: string): Row {
    const name = this.tableName(label);
    return {
      key: `#${label}`,
      look: name,
      make: () => {
        const li = h('li', 'g-table');
        li.append(h('h3', '', name));
        return li;
      },
    };
  }

  private greetedRow(t: Ticket, s: GreetState, present: boolean): Row {
    const state = `✓ ${this.atBy(s.at, s.by)}`;
    return {
      key: t.id,
      look: `${t.name}\n${t.company}\n${state}\n${present}\n${this.m.undo}`,
      make: () => {
        const li = h('li', 'g-done');
        li.dataset.id = t.id;
        const who = h('div', 'who');
        who.append(h('strong', 'g-name', t.name), h('span', 'g-company', t.company), h('span', 'g-state', state));
        // The rule (README, Greet mode): the greeting counts; the missing check-in is flagged.
        if (!present) who.append(h('span', 'g-flag', this.m.notIn));
        li.append(who, button(this.m.undo, 'ungreet', t.id, 'secondary'));
        return li;
      },
    };
  }

  /** The whole list, patched in place (see patch()); `present`: checked in, as this phone knows it. */
  lists(
    l: { todo: Ticket[]; greeted: Ticket[]; byTable: boolean },
    stateOf: (id: string) => GreetState,
    present: (id: string) => boolean,
  ) {
    $('greet-todo-title').textContent = this.m.todo(l.todo.length);
    $('greet-done-title').textContent = this.m.done(l.greeted.length);
    const todo: Row[] = [];
    let table: string | null = null;
    for (const t of l.todo) {
      if (l.byTable && tableOf(t) !== table) {
        table = tableOf(t);
        todo.push(this.tableRow(table));
      }
      todo.push(this.todoRow(t));
    }
    patch($('greet-todo'), todo);
    patch(
      $('greet-greeted'),
      l.greeted.map((t) => this.greetedRow(t, stateOf(t.id), present(t.id))),
    );
    this.pendingMarks((id) => stateOf(id).pending);
  }

  pendingMarks(pending: (id: string) => boolean) {
    for (const li of $('greet-greeted').children)
      li.classList.toggle('pending', pending((li as HTMLElement).dataset.id ?? ''));
  }

  /** The tap's own update: only the tapped row moves (and its table's heading, once empty). */
  moveToGreeted(t: Ticket, s: GreetState, present: boolean) {
    const todo = $('greet-todo');
    const greeted = $('greet-greeted');
    const sel = `li[data-id="${CSS.escape(t.id)}"]`;
    const row = todo.querySelector(sel);
    const prev = row?.previousElementSibling;
    row?.remove();
    if (prev?.classList.contains('g-table') && !prev.nextElementSibling?.classList.contains('g-todo')) prev.remove();
    greeted.querySelector(sel)?.remove();
    const r = this.greetedRow(t, s, present);
    const li = r.make();
    li.dataset.key = r.key;
    li.dataset.look = r.look;
    li.classList.toggle('pending', s.pending);
    greeted.prepend(li);
    $('greet-todo-title').textContent = this.m.todo(todo.getElementsByClassName('g-todo').length);
    $('greet-done-title').textContent = this.m.done(greeted.childElementCount);
  }

  card(t: Ticket | undefined) {
    const table = t ? tableOf(t) : '';
    $('greet-card-table').textContent = table ? this.tableName(table) : '';
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
    const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    // Once everyone is greeted the clock stops: the round took first → last greeting.
    if (p.done && p.durationSeconds !== null) stats.push(m.took(clock(p.durationSeconds)));
    else if (p.firstAt !== null) stats.push(m.since(clock(p.elapsedSeconds)));
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

  /** Greetings the server refused for good: names, until the host dismisses them. */
  refused(names: string[]) {
    $('greet-refused').hidden = names.length === 0;
    $('greet-refused-text').textContent = names.length ? this.m.refused(names.length, names.join(', ')) : '';
  }

  /** Greet mode's buttons on the verdict screen for guest `id`, or none. */
  verdictActions(a: { id: string; checkIn: boolean } | null) {
    this.actions.hidden = !a;
    $('greet-verdict-checkin').hidden = !a?.checkIn;
    for (const b of this.actions.children) (b as HTMLElement).dataset.id = a?.id ?? '';
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
