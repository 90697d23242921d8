/**
 * Background sync with the server, which is the source of truth: sends queued scans (each nonce is
 * accepted once, so a resend after a lost answer is harmless), merges the answers and the roster
 * changes since the cursor. One run at a time, so an older roster answer can never overwrite a newer one.
 */
import type { Outcome } from './log';
import type { QueuedScan, Roster, Ticket } from './model';
import type { Session, Store } from './store';

const BATCH = 100;
const EVERY_MS = 4000;
const TIMEOUT_MS = 10_000;

/** Statuses that say "not now" (timeout, too early, too many requests): the request is tried again later. */
const RETRY = new Set([408, 425, 429]);
/** Statuses that say "never": the request itself is wrong, so sending it again cannot help. */
const REFUSED = new Set([400, 413, 422]);

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
  ) {
    super(`${status} ${code}`);
  }
  /** worth sending again later, unchanged */
  get retry() {
    return this.status >= 500 || RETRY.has(this.status);
  }
  /** the server will never take this request */
  get refused() {
    return REFUSED.has(this.status);
  }
}

/**
 * A 2xx whose body is not klick's JSON: a captive portal's login page, a proxy's notice. It confirms
 * nothing, so nothing may be dequeued on it; the request goes again later.
 */
export class NotKlick extends Error {}

export async function api<T>(path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const json = /^application\/json\b/i.test(res.headers.get('content-type') ?? '')
    ? ((await res.json().catch(() => null)) as (T & { error?: { code?: string } }) | null)
    : null;
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? 'http_error');
  if (json === null || typeof json !== 'object') throw new NotKlick(`${res.status} without klick's JSON`);
  return json;
}

interface RosterAnswer {
  tickets: Ticket[];
  cursor: string;
  full: boolean;
}

export interface SyncHooks {
  /** the roster or queue changed: redraw counts and lists */
  changed(): void;
  outcomes(results: Outcome[]): void;
  /** scans the server refused for good (a bad request): dropped from the queue, shown as failed */
  failed(nonces: string[]): void;
  status(s: { online: boolean; pending: number }): void;
  /** the current token was refused: the organizer revoked this phone */
  revoked(): void;
}

/** What the syncer needs of the phone's storage (store.ts; a plain object in the unit tests). */
export type SyncStore = Pick<Store, 'dequeue' | 'saveRoster'>;

const wire = (s: QueuedScan) => ({
  nonce: s.nonce,
  kind: s.kind,
  deviceTime: s.deviceTime,
  ...(s.ticketId ? { ticketId: s.ticketId } : { qr: s.qr }),
});

export class Syncer {
  private running = false;
  /** after a refused batch, this many scans go one by one, so that only the refused one is dropped */
  private singles = 0;
  private again = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  online = navigator.onLine;

  constructor(
    private store: SyncStore,
    private roster: Roster,
    private session: Session,
    private cursor: string | undefined,
    private hooks: SyncHooks,
  ) {}

  start() {
    this.timer = setInterval(() => this.kick(), EVERY_MS);
    addEventListener('online', () => this.kick());
    addEventListener('offline', () => this.report(false));
    this.kick();
  }

  stop() {
    clearInterval(this.timer);
  }

  /** Run now, or right after the run in progress; resolves when this run (or the one it joins) ends. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.current;
    }
    this.running = true;
    this.current = this.run()
      .catch(() => {})
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
    return this.current;
  }
  private current: Promise<void> = Promise.resolve();

  private report(online: boolean) {
    this.online = online;
    this.hooks.status({ online, pending: this.roster.queue.length });
  }

  private async run() {
    if (!navigator.onLine) return this.report(false);
    try {
      let fresh = false;
      while (this.roster.queue.length > 0) fresh = (await this.flush()) || fresh;
      // A flush with a cursor already brought the roster changes.
      if (!fresh) await this.pull();
      this.report(true);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        this.stop();
        this.hooks.revoked();
      }
      // Reachable, but not klick (a captive portal) or not now: the scans wait, the host sees "offline".
      this.report(err instanceof ApiError && !err.retry);
      throw err;
    }
  }

  /**
   * One batch of scans made under one token; the answer carries the roster changes since the cursor.
   * Only nonces the server answered leave the queue. Network trouble, a 5xx, 408/425/429 or a 2xx that is
   * not klick's answer keep the whole batch for the next run; a clear refusal (400/413/422) drops just
   * the refused scan (found by sending one by one) and reports it as failed.
   */
  private async flush(): Promise<boolean> {
    const token = this.roster.queue[0]!.token;
    const batch = this.roster.queue.filter((s) => s.token === token).slice(0, this.singles > 0 ? 1 : BATCH);
    if (this.singles > 0) this.singles--;
    const nonces = batch.map((s) => s.nonce);
    let answer: { results: Outcome[]; roster?: RosterAnswer };
    try {
      const since = token === this.session.token && this.cursor ? { since: this.cursor } : {};
      // sentAt lets the server date each scan by its age, whatever this phone's clock says (src/checkin/scans.ts).
      answer = await api(`/api/devices/scans`, token, { scans: batch.map(wire), ...since, sentAt: Date.now() });
      if (!Array.isArray(answer.results)) throw new NotKlick('an answer without results');
    } catch (err) {
      if (!(err instanceof ApiError) || err.retry) throw err;
      // Scans of an earlier pairing of this phone whose token is gone cannot be delivered any more.
      const oldToken = token !== this.session.token;
      if (!oldToken && (err.status === 401 || err.status === 403)) throw err;
      if (!oldToken && !err.refused) throw err;
      if (!oldToken && batch.length > 1) {
        this.singles = batch.length;
        return false;
      }
      await this.drop(nonces);
      this.hooks.failed(nonces);
      return false;
    }
    const sent = new Set(nonces);
    const answered = answer.results.filter((o) => o && sent.has(o.nonce));
    if (answer.roster) await this.apply(answer.roster);
    await this.drop(answered.map((o) => o.nonce));
    this.hooks.outcomes(answered);
    this.hooks.changed();
    // An answer that confirms none of what was sent would make this loop send it forever.
    if (answered.length === 0) throw new NotKlick('no scan answered');
    return answer.roster !== undefined;
  }

  private async drop(nonces: string[]) {
    this.roster.acknowledge(nonces);
    await this.store.dequeue(nonces);
  }

  private async pull() {
    const q = this.cursor ? `?since=${encodeURIComponent(this.cursor)}` : '';
    const answer = await api<RosterAnswer>(`/api/devices/roster${q}`, this.session.token);
    await this.apply(answer);
    if (answer.tickets.length > 0) this.hooks.changed();
  }

  private async apply(r: RosterAnswer) {
    // Checked before anything changes: a full roster clears the phone's first.
    if (!Array.isArray(r.tickets) || typeof r.cursor !== 'string') throw new NotKlick('not a roster');
    this.roster.merge(r.tickets, r.full === true);
    this.cursor = r.cursor;
    await this.store.saveRoster(r.tickets, r.full, r.cursor);
  }
}
