/**
 * Greet mode's state, pure (no DOM, no IndexedDB): unit-tested in test/host/greet.test.ts. What the
 * host sees is the server's greeting state from the roster plus this phone's greetings the server
 * has not acknowledged yet, as for check-ins (model.ts). A greeting leaves the pending overlay only once
 * the roster holding it is merged (sync.ts), so a greeted guest never flickers back.
 */
import { type Pace, pace } from '../../src/greetings/pace';
import type { GreetingItem, GreetingKind, GreetingResult } from '../../src/shared/wire';
import type { Roster, Ticket } from './model';

export type GreetKind = GreetingKind;

export interface GreetState {
  greeted: boolean;
  at: number | null;
  by: string | null;
  pending: boolean;
}

/** What scanning a guest's code in greet mode means; unknown codes are asked about (greet.ts). */
export type ScanVerdict = Extract<GreetingResult, 'ok' | 'not_checked_in' | 'already_greeted' | 'void' | 'unknown'>;

/** "Table 2" before "Table 10"; the organizer types the labels (admin event page). */
const tables = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
export const tableOf = (t: Ticket) => t.tableLabel?.trim() || '';

export class Greetings {
  /** this phone's greetings still in the outbox (sync.ts), in order */
  queue: GreetingItem[] = [];
  private pending = new Map<string, GreetingItem[]>();

  constructor(
    private roster: Roster,
    public me: string,
  ) {}

  setQueue(list: GreetingItem[]) {
    this.queue = [];
    this.pending.clear();
    for (const g of list) this.add(g);
  }

  add(g: GreetingItem) {
    this.queue.push(g);
    const l = this.pending.get(g.ticketId) ?? [];
    l.push(g);
    this.pending.set(g.ticketId, l);
  }

  acknowledge(nonces: Iterable<string>) {
    const done = new Set(nonces);
    this.setQueue(this.queue.filter((g) => !done.has(g.nonce)));
  }

  state(id: string): GreetState {
    const t = this.roster.get(id);
    const at = t?.greetedAt ?? null;
    const by = t?.greetedBy ?? null;
    let s: GreetState = { greeted: at !== null, at, by, pending: false };
    for (const g of this.pending.get(id) ?? []) {
      if (g.kind === 'ungreet') s = { greeted: false, at: null, by: null, pending: true };
      else if (!s.greeted) s = { greeted: true, at: g.deviceTime, by: this.me, pending: true };
      else s.pending = true;
    }
    return s;
  }

  /**
   * Present guests (checked in, or greeted), split: not greeted and greeted (latest first). The
   * not greeted go by arrival, or, once the organizer has seated anyone, table by table (guests
   * without a table last) and by arrival within a table: the host walks the room that way.
   */
  lists(): { todo: Ticket[]; greeted: Ticket[]; byTable: boolean } {
    const { todo, greeted, byTable } = this.walk();
    return { todo, greeted, byTable };
  }

  /** One pass over the roster for both the lists and the pace: it runs on every tap. */
  private walk() {
    const todo: { t: Ticket; at: number }[] = [];
    const greeted: { t: Ticket; at: number }[] = [];
    const greetedAt: number[] = [];
    let byTable = false;
    for (const t of this.roster.all()) {
      if (t.status !== 'valid') continue;
      if (tableOf(t)) byTable = true;
      const g = this.state(t.id);
      if (g.greeted) {
        greeted.push({ t, at: g.at ?? 0 });
        greetedAt.push(g.at ?? 0);
        continue;
      }
      const c = this.roster.state(t.id);
      if (c.in) todo.push({ t, at: c.at ?? 0 });
    }
    const table = (a: Ticket, b: Ticket) => {
      const [x, y] = [tableOf(a), tableOf(b)];
      return x === y ? 0 : !x ? 1 : !y ? -1 : tables.compare(x, y) || (x < y ? -1 : 1);
    };
    todo.sort(
      (a, b) =>
        (byTable ? table(a.t, b.t) : 0) ||
        a.at - b.at ||
        a.t.name.localeCompare(b.t.name) ||
        a.t.id.localeCompare(b.t.id),
    );
    greeted.sort((a, b) => b.at - a.at || a.t.id.localeCompare(b.t.id));
    return { todo: todo.map((x) => x.t), greeted: greeted.map((x) => x.t), byTable, greetedAt };
  }

  /**
   * What a greeting (or its undo) of this guest means right now, by the rule the server applies
   * (src/greetings/record.ts): a guest not checked in is greeted all the same, and flagged (README).
   * A ticket the roster does not hold is unknown here; the server may know it (another dinner's).
   */
  verdict(kind: GreetKind, t: Ticket | undefined): GreetingResult {
    if (!t) return 'unknown';
    if (t.status !== 'valid') return 'void';
    const greeted = this.state(t.id).greeted;
    if (kind === 'ungreet') return greeted ? 'ok' : 'not_greeted';
    if (greeted) return 'already_greeted';
    return this.roster.state(t.id).in ? 'ok' : 'not_checked_in';
  }

  /** The verdict of a scanned code in greet mode: a greeting's (the guest is greeted on ok and not_checked_in). */
  scanVerdict(t: Ticket | undefined): ScanVerdict {
    return this.verdict('greet', t) as ScanVerdict;
  }

  /**
   * The verdict of a scanned name badge (src/badges), given the guest whose live code it is. The roster carries only
   * live codes, so a code it does not know was revoked (or is newer than the roster: greet-scan.ts says both), and
   * the server answers the same (test/fixtures/greeting-cases.ts).
   */
  badgeVerdict(owner: Ticket | undefined): GreetingResult {
    return owner ? this.verdict('greet', owner) : 'badge_revoked';
  }

  /**
   * n / N, elapsed, s/guest, projected finish (src/greetings/pace.ts), and who is missing in the
   * list's order. Present: checked in or greeted (a greeted guest whose check-in has not synced).
   */
  pace(now: number): Pace & { missing: Ticket[] } {
    const { todo, greetedAt } = this.walk();
    return { ...pace({ greetedAt, checkedIn: todo.length + greetedAt.length, now }), missing: todo };
  }
}
