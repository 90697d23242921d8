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

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
  ) {
    super(`${status} ${code}`);
  }
}

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
  const json = (await res.json().catch(() => ({}))) as T & { error?: { code?: string } };
  if (!res.ok) throw new ApiError(res.status, json.error?.code ?? 'http_error');
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
  status(s: { online: boolean; pending: number }): void;
  /** the current token was refused: the organizer revoked this phone */
  revoked(): void;
}

const wire = (s: QueuedScan) => ({
  nonce: s.nonce,
  kind: s.kind,
  deviceTime: s.deviceTime,
  ...(s.ticketId ? { ticketId: s.ticketId } : { qr: s.qr }),
});

export class Syncer {
  private running = false;
  private batch = BATCH;
  private again = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  online = navigator.onLine;

  constructor(
    private store: Store,
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

  /** Run now, or right after the run in progress. */
  kick() {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.run()
      .catch(() => {})
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

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
      this.report(!(err instanceof TypeError || (err as Error).name === 'TimeoutError'));
      throw err;
    }
  }

  /** One batch of scans made under one token; the answer carries the roster changes since the cursor. */
  private async flush(): Promise<boolean> {
    const token = this.roster.queue[0]!.token;
    const batch = this.roster.queue.filter((s) => s.token === token).slice(0, this.batch);
    let answer: { results: Outcome[]; roster?: RosterAnswer };
    try {
      const since = token === this.session.token && this.cursor ? { since: this.cursor } : {};
      answer = await api(`/api/devices/scans`, token, { scans: batch.map(wire), ...since });
      this.batch = BATCH;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      // Scans of an earlier pairing of this phone whose token is gone cannot be delivered any more.
      const oldToken = token !== this.session.token;
      if (!oldToken && (err.status === 401 || err.status === 403)) throw err;
      // A refused batch must not block the queue for good: send one by one, and drop only the one refused.
      if (!oldToken && batch.length > 1) {
        this.batch = 1;
        return false;
      }
      answer = { results: [] };
    }
    if (answer.roster) await this.apply(answer.roster);
    this.roster.acknowledge(batch.map((s) => s.nonce));
    await this.store.dequeue(batch.map((s) => s.nonce));
    this.hooks.outcomes(answer.results);
    this.hooks.changed();
    return answer.roster !== undefined;
  }

  private async pull() {
    const q = this.cursor ? `?since=${encodeURIComponent(this.cursor)}` : '';
    const answer = await api<RosterAnswer>(`/api/devices/roster${q}`, this.session.token);
    await this.apply(answer);
    if (answer.tickets.length > 0) this.hooks.changed();
  }

  private async apply(r: RosterAnswer) {
    this.roster.merge(r.tickets, r.full);
    this.cursor = r.cursor;
    await this.store.saveRoster(r.tickets, r.full, r.cursor);
  }
}
