/**
 * The phone's roster: the server's last known state of every ticket, plus this phone's scans the
 * server has not acknowledged yet. What the host sees is always "server state + pending scans", so a
 * roster refresh arriving before a queued scan is flushed cannot make a check-in flicker away.
 * Pure logic, no DOM or IndexedDB: unit-tested in test/host/model.test.ts, and its verdicts against the
 * server's on the shared cases of test/fixtures/verdict-cases.ts (test/host/verdicts.test.ts).
 */
import type { RosterTicket, ScanItem, ScanKind, ScanResult } from '../../src/shared/wire';

export type { ScanKind };

/**
 * A roster ticket as the phone holds it. A roster stored by an older app version may lack the fields
 * added since (the phone holding a check-in, greetings, tables): they are optional here.
 */
export type Ticket = Pick<
  RosterTicket,
  'id' | 'qrHash' | 'name' | 'company' | 'askMeAbout' | 'status' | 'checkedInAt' | 'checkedInBy'
> &
  Partial<Pick<RosterTicket, 'emailHash' | 'checkedInById' | 'greetedAt' | 'greetedBy' | 'tableLabel'>>;

/** Verdicts use the server's result codes, so a local verdict and the server's answer compare directly. */
export type Result = ScanResult;
export type Colour = 'green' | 'amber' | 'red';

export const colourOf = (r: Result): Colour => (r === 'ok' ? 'green' : r === 'already_checked_in' ? 'amber' : 'red');

export interface CheckinState {
  in: boolean;
  at: number | null;
  by: string | null;
  byId: string | null;
  /** a scan of this phone for the ticket still waits for the server */
  pending: boolean;
}

/** Case- and accent-insensitive text for search: "Müller" is found by "muller". */
export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The QR of a klick ticket holds 20–40 upper-case Crockford base32 characters (see src/checkin/schema.ts). */
export function ticketCode(raw: string): string | null {
  const s = raw.trim().toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{20,40}$/.test(s) ? s : null;
}

/**
 * The same code held in front of the camera is one scan: a code counts again only once it has been
 * out of sight for COOLDOWN_MS. Measured from its last sighting, not its first, so a guest who keeps
 * the phone up for ten seconds is still scanned once.
 */
export const COOLDOWN_MS = 2500;

export class Cooldown {
  private seen = new Map<string, number>();

  fresh(text: string, now: number): boolean {
    const last = this.seen.get(text);
    this.seen.set(text, now);
    if (this.seen.size > 100) for (const [k, t] of this.seen) if (now - t > COOLDOWN_MS) this.seen.delete(k);
    return last === undefined || now - last >= COOLDOWN_MS;
  }
}

export class Roster {
  private tickets = new Map<string, Ticket>();
  private byHash = new Map<string, string>();
  private folded = new Map<string, string>();
  private pending = new Map<string, ScanItem[]>();
  /** this phone's scans still in the outbox (sync.ts), in order: what the host sees on top of the server state */
  queue: ScanItem[] = [];

  /**
   * `me` and `meId` are this phone's device name and id: they stand for pending check-ins, as the server
   * would show them. Names are for people; phones are told apart by id.
   */
  constructor(
    public me: string,
    public meId = '',
  ) {}

  /** Whether a check-in is held by this phone (an older stored roster has names only). */
  mine(byId: string | null | undefined, by: string | null) {
    return byId ? byId === this.meId : by === this.me;
  }

  /** Replaces everything (a full roster) or merges a delta; tickets never disappear in a delta. */
  merge(list: Ticket[], full: boolean) {
    if (full) {
      this.tickets.clear();
      this.byHash.clear();
      this.folded.clear();
    }
    for (const t of list) {
      const old = this.tickets.get(t.id);
      if (old && old.qrHash !== t.qrHash) this.byHash.delete(old.qrHash);
      this.tickets.set(t.id, t);
      this.byHash.set(t.qrHash, t.id);
      this.folded.set(t.id, fold(`${t.name} ${t.company}`));
    }
  }

  setQueue(queue: ScanItem[]) {
    this.queue = [];
    this.pending.clear();
    for (const s of queue) this.enqueue(s);
  }

  enqueue(scan: ScanItem) {
    this.queue.push(scan);
    if (!scan.ticketId) return;
    const list = this.pending.get(scan.ticketId) ?? [];
    list.push(scan);
    this.pending.set(scan.ticketId, list);
  }

  /** The server answered these nonces: their effect now lives in the server state. */
  acknowledge(nonces: Iterable<string>) {
    const done = new Set(nonces);
    this.setQueue(this.queue.filter((s) => !done.has(s.nonce)));
  }

  get size() {
    return this.tickets.size;
  }
  get = (id: string) => this.tickets.get(id);
  byQrHash = (hash: string) => {
    const id = this.byHash.get(hash);
    return id === undefined ? undefined : this.tickets.get(id);
  };
  all = () => [...this.tickets.values()];

  state(id: string): CheckinState {
    const t = this.tickets.get(id);
    let s: CheckinState = {
      in: !!t && t.checkedInAt !== null,
      at: t?.checkedInAt ?? null,
      by: t?.checkedInBy ?? null,
      byId: t?.checkedInById ?? null,
      pending: false,
    };
    for (const q of this.pending.get(id) ?? []) {
      if (q.kind === 'annul') s = { in: false, at: null, by: null, byId: null, pending: true };
      else if (!s.in && t?.status === 'valid')
        s = { in: true, at: q.deviceTime, by: this.me, byId: this.meId, pending: true };
      else s.pending = true;
    }
    return s;
  }

  /**
   * What a scan of this ticket means right now: the verdict shown before the server is asked, by the
   * rule the server applies in SQL (src/checkin/scans.ts). A ticket the roster does not hold is unknown
   * here; the server may know it (sold since the last sync, or another dinner's: wrong_event).
   */
  verdict(kind: ScanKind, t: Ticket | undefined): Result {
    if (!t) return 'unknown';
    const { in: checkedIn } = this.state(t.id);
    if (kind === 'annul') return checkedIn ? 'ok' : 'not_checked_in';
    // refused with its own reason, as the server answers (src/checkin/scans.ts)
    if (t.status === 'transferred' || t.status === 'cancelled') return t.status;
    if (t.status !== 'valid') return 'void';
    return checkedIn ? 'already_checked_in' : 'ok';
  }

  counts() {
    let paid = 0;
    let checkedIn = 0;
    for (const t of this.tickets.values()) {
      if (t.status !== 'valid') continue;
      paid++;
      if (this.state(t.id).in) checkedIn++;
    }
    return { checkedIn, paid };
  }

  /** Valid tickets not checked in, by name: the host's "still expected" list. */
  expected(): Ticket[] {
    return this.sorted([...this.tickets.values()].filter((t) => t.status === 'valid' && !this.state(t.id).in));
  }

  /** Every word of the query must occur in name or company; an exact e-mail matches by its hash. */
  search(query: string, emailHash?: string): Ticket[] {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const hits = [...this.tickets.values()].filter(
      (t) =>
        (emailHash !== undefined && t.emailHash === emailHash) ||
        words.every((w) => (this.folded.get(t.id) ?? '').includes(w)),
    );
    return this.sorted(hits);
  }

  private sorted(list: Ticket[]) {
    return list.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }
}
