/**
 * Greet mode's state, pure (no DOM, no IndexedDB): unit-tested in test/host/greet.test.ts. What the
 * host sees is the server's greeting state from the roster plus this phone's greetings the server
 * has not acknowledged yet, as for check-ins (model.ts).
 */
import { type Pace, pace } from '../../src/greetings/pace';
import type { Roster, Ticket } from './model';

export type GreetKind = 'greet' | 'ungreet';

export interface QueuedGreeting {
  nonce: string;
  kind: GreetKind;
  ticketId: string;
  deviceTime: number;
  /** the device token it is sent with; a re-paired phone still delivers its earlier greetings */
  token: string;
  /** the earlier pairing's token it was queued under, when it goes out under the current one */
  from?: string;
  /** the order it was queued in on this phone (ties of deviceTime) */
  seq?: number;
}

/** The roster's tickets carry the server's greeting state and the seating (src/checkin/roster.ts). */
export type GreetTicket = Ticket & { greetedAt?: number | null; greetedBy?: string | null; tableLabel?: string | null };

export interface GreetState {
  greeted: boolean;
  at: number | null;
  by: string | null;
  pending: boolean;
}

/** The server's answer for a guest, kept (durably) until the roster has caught up with it. */
export interface Confirmed {
  id: string;
  at: number | null;
  by: string | null;
  ackAt: number;
}

/** What scanning a guest's code in greet mode means; unknown codes are asked about (greet.ts). */
export type ScanVerdict = 'ok' | 'not_checked_in' | 'already_greeted' | 'void' | 'unknown';

/**
 * A server answer outranks the roster until the roster agrees, or until a roster change arrived so
 * long after the answer that its request must have left after it (requests time out after 10 s).
 */
const CONFIRMED_MS = 12_000;

/** "Table 2" before "Table 10"; the organizer types the labels (admin event page). */
const tables = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
export const tableOf = (t: Ticket) => (t as GreetTicket).tableLabel?.trim() || '';

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

  /** The verdict of a scanned code: the guest is greeted on ok and on not_checked_in (the rule in README). */
  scanVerdict(t: Ticket | undefined): ScanVerdict {
    if (!t) return 'unknown';
    if (t.status !== 'valid') return 'void';
    if (this.state(t.id).greeted) return 'already_greeted';
    return this.roster.state(t.id).in ? 'ok' : 'not_checked_in';
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
