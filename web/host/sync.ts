/**
 * The phone's one sync engine. The server is the source of truth; the outbox (outbox.ts) holds every
 * record the phone writes until the server has answered its nonce (each nonce is accepted once, so a
 * resend after a lost answer is harmless). One timer, one run at a time, one rule for every lane:
 * - network trouble, a 5xx, 408/425/429, or a 2xx that is not klick's answer keep everything for the
 *   next run;
 * - a clear refusal (400/413/422) of a batch sends its records one by one, so only the refused one is
 *   dropped, and the host is shown which;
 * - the current token refused means the phone was unpaired: everything is kept, nothing more is sent;
 * - an earlier pairing's token refused (the organizer revoked it and paired this phone again): its
 *   records of this dinner go out under the current pairing, nonces unchanged, so nothing is doubled;
 *   those of another dinner can no longer be delivered, and are shown.
 * A record leaves the host's view as pending only once the roster that holds its effect is merged, and
 * an older roster answer can never overwrite a newer one, as runs never overlap.
 */
import type { GreetingAnswer, RosterAnswer, ScanAnswer } from '../../src/shared/wire';
import { ApiError, api, NotKlick } from './api';
import { type Entry, type Items, inOrder, LANES, type Lane, type LaneName, type Outcomes } from './outbox';
import type { Session, Store } from './store';

const BATCH = 100;
const EVERY_MS = 4000;

export interface SyncHooks {
  /** the roster changed, or the queue: redraw counts and lists */
  changed(): void;
  status(s: { online: boolean }): void;
  /** the current token was refused: the organizer revoked this phone */
  revoked(): void;
}

/** What the engine needs of the phone's storage (store.ts; a plain object in the unit tests). */
export type SyncStore = Pick<Store, 'put' | 'remove' | 'saveRoster'>;

type Answer = ScanAnswer | GreetingAnswer;
type Lanes = { [L in LaneName]?: Lane<L> };

export class Sync {
  private entries: Entry[] = [];
  private lanes: Lanes = {};
  private running = false;
  private again = false;
  private current: Promise<void> = Promise.resolve();
  /** after a refused batch, this many records go one by one, so that only the refused one is dropped */
  private singles = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private soonTimer: ReturnType<typeof setTimeout> | undefined;
  private seq = Date.now();
  private stopped = false;

  constructor(
    private store: SyncStore,
    private session: Session,
    private cursor: string | undefined,
    private hooks: SyncHooks,
    private roster: { merge(list: RosterAnswer['tickets'], full: boolean): void },
    queued: Entry[],
  ) {
    // A lane this version does not know (written by a newer one) stays stored, unsent, rather than block the rest.
    this.entries = queued.filter((e) => Object.keys(LANES).includes(e.lane)).sort(inOrder);
  }

  /** Registers a lane's owner; the records of the lane already queued are handed to it at once. */
  lane<L extends LaneName>(name: L, lane: Lane<L>) {
    (this.lanes as Record<L, Lane<L>>)[name] = lane;
    for (const e of this.entries) if (e.lane === name) lane.queued(e.item as Items[L]);
  }

  /** Records in the queue, of one lane or all. */
  pending(lane?: LaneName) {
    return lane ? this.entries.filter((e) => e.lane === lane).length : this.entries.length;
  }

  start() {
    this.timer = setInterval(() => this.kick(), EVERY_MS);
    addEventListener('online', () => this.kick());
    addEventListener('offline', () => this.report(false));
    this.kick();
  }

  /** Nothing more is sent (the phone was unpaired); the queue stays as it is. */
  stop() {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.soonTimer);
  }

  /**
   * Queues a record: the host sees it at once, it is durable before the network is tried, and it is
   * sent after `delayMs` (quick taps then go in one request; the door, whose host may wait for an
   * answer, sends at once). A later record does not push the send back.
   */
  add<L extends LaneName>(lane: L, item: Items[L], delayMs = 0): Promise<void> {
    const s = this.session;
    const entry = { nonce: item.nonce, lane, item, token: s.token, event: s.event.id, seq: this.seq++ } as Entry;
    this.entries.push(entry);
    this.lanes[lane]?.queued(item);
    return this.store.put([entry]).then(() => this.soon(delayMs));
  }

  private soon(delayMs: number) {
    if (delayMs <= 0) return void this.kick();
    if (this.soonTimer !== undefined) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      this.kick();
    }, delayMs);
  }

  /** Run now, or right after the run in progress; resolves when this run (or the one it joins) ends. */
  kick(): Promise<void> {
    if (this.stopped) return this.current;
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

  private report(online: boolean) {
    this.hooks.status({ online });
  }

  private async run() {
    if (!navigator.onLine) return this.report(false);
    try {
      // A phone paired a moment ago has no roster yet: it comes first (adopting records needs it).
      let fresh = false;
      if (this.cursor === undefined) {
        await this.pull();
        fresh = true;
      }
      while (this.entries.length > 0 && !this.stopped) fresh = (await this.flush()) || fresh;
      // A batch sent with the cursor brought the roster changes already.
      if (!fresh) await this.pull();
      this.report(true);
    } catch (err) {
      if (err instanceof ApiError && err.unpaired) {
        this.stop();
        this.hooks.revoked();
      }
      // Reachable, but not klick (a captive portal) or not now: the records wait, the host sees "offline".
      this.report(err instanceof ApiError && !err.retry);
      throw err;
    }
  }

  /** One batch: records of one lane made under one token, in order. Returns whether a roster came with it. */
  private async flush(): Promise<boolean> {
    const head = this.entries[0]!;
    const { path, field } = LANES[head.lane];
    const batch = this.entries
      .filter((e) => e.token === head.token && e.lane === head.lane)
      .slice(0, this.singles > 0 ? 1 : BATCH);
    if (this.singles > 0) this.singles--;
    const current = head.token === this.session.token;
    let answer: Answer;
    try {
      const since = current && this.cursor ? { since: this.cursor } : {};
      // sentAt lets the server date each record by its age, whatever this phone's clock says.
      const body = { [field]: batch.map((e) => e.item), ...since, sentAt: Date.now() };
      answer = await api<Answer>(path, head.token, body);
      if (!Array.isArray(answer.results)) throw new NotKlick('an answer without results');
    } catch (err) {
      if (!(err instanceof ApiError) || err.retry) throw err;
      if (err.unpaired) {
        if (current) throw err;
        await this.adopt(head.token);
        return false;
      }
      if (!err.refused) throw err;
      if (batch.length > 1) {
        this.singles = batch.length;
        return false;
      }
      await this.settle(batch);
      this.fail(batch);
      return false;
    }
    const sent = new Map(batch.map((e) => [e.nonce, e]));
    const answered = (answer.results as Outcomes[LaneName][]).flatMap((outcome) => {
      const entry = outcome && sent.get(outcome.nonce);
      return entry ? [{ entry, outcome }] : [];
    });
    // An answer that confirms none of what was sent would make this loop send it forever.
    if (answered.length === 0) throw new NotKlick('nothing answered');
    // The roster first, then the records leave the pending overlay: nothing flickers back.
    if (answer.roster) await this.apply(answer.roster);
    else await this.pull();
    await this.settle(answered.map((a) => a.entry));
    (this.lanes[head.lane] as Lane<LaneName> | undefined)?.answered(answered as never);
    this.hooks.changed();
    return true;
  }

  /**
   * An earlier pairing's token is refused: its records were made on this phone by this host. Those of
   * this dinner go out under the current pairing (nonces unchanged); those of another dinner are shown
   * as not delivered. A record of an older app version without its event is of this dinner when its
   * ticket is in this roster (or it names none: the server then looks its code up).
   */
  private async adopt(old: string) {
    const here = this.session.event.id;
    const mine = this.entries.filter((e) => e.token === old);
    const unplaced = mine.filter((e) => e.event === undefined);
    const eventOf = (e: Entry) =>
      e.event ?? (this.lanes[e.lane] as Lane<LaneName> | undefined)?.eventOf?.(e.item as never);
    if (unplaced.length && unplaced.some((e) => eventOf(e) === undefined) && this.rosterEmpty())
      throw new Error('roster not loaded: records of an earlier pairing wait for it');
    const keep = mine.filter((e) => eventOf(e) === here);
    const lost = mine.filter((e) => eventOf(e) !== here);
    for (const e of keep) {
      e.from = old;
      e.token = this.session.token;
      e.event = here;
    }
    if (keep.length) await this.store.put(keep);
    if (lost.length) {
      await this.settle(lost);
      this.fail(lost);
    }
  }

  private rosterEmpty = () => this.cursor === undefined;

  private async settle(list: Entry[]) {
    const gone = new Set(list.map((e) => e.nonce));
    this.entries = this.entries.filter((e) => !gone.has(e.nonce));
    for (const name of Object.keys(LANES) as LaneName[]) {
      const nonces = list.filter((e) => e.lane === name).map((e) => e.nonce);
      if (nonces.length) this.lanes[name]?.settled(nonces);
    }
    await this.store.remove([...gone]);
  }

  private fail(list: Entry[]) {
    for (const name of Object.keys(LANES) as LaneName[]) {
      const mine = list.filter((e) => e.lane === name);
      if (mine.length) (this.lanes[name] as Lane<LaneName> | undefined)?.failed(mine as never);
    }
    this.hooks.changed();
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
