import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { greetings, scans } from '../../src/db/schema';
import type { GreetingItem, GreetingOutcome, ScanItem, ScanOutcome } from '../../src/shared/wire';
import { api, NotKlick } from '../../web/host/api';
import { Greetings } from '../../web/host/greet-model';
import { Roster, type Ticket } from '../../web/host/model';
import type { Entry, Items, LaneName } from '../../web/host/outbox';
import type { Session } from '../../web/host/store';
import { Sync, type SyncStore } from '../../web/host/sync';
import { type CheckinApp, makeCheckinApp, nonce, pairPhone, sellTicket } from '../checkin/setup';
import { createDinner, ORIGIN } from '../helpers';

/**
 * The phone's one sync engine (web/host/sync.ts) against the real klick app, with both lanes of the
 * outbox (scans and greetings) wired as the door and greet mode wire them. Between them sits the
 * "network": it passes requests through, or answers as a hotel's captive portal or a busy proxy would.
 */
type Net = (path: string, init: RequestInit) => Promise<Response | null> | Response | null;
let c: CheckinApp;
let net: Net | null = null;
const requests: string[] = [];

beforeEach(() => {
  vi.stubGlobal('navigator', { onLine: true });
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    requests.push(`${init.method} ${path}`);
    return (await net?.(path, init)) ?? c.app.request(`${ORIGIN}${path}`, init);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  net = null;
  requests.length = 0;
  c?.close();
});

const page = (status: number, body: string, type = 'text/html') =>
  new Response(body, { status, headers: { 'content-type': type } });
const json = (status: number, body: unknown) => page(status, JSON.stringify(body), 'application/json');

async function setup() {
  c = await makeCheckinApp();
  const event = await createDinner(c);
  const lunch = await createDinner(c, { slug: 'lunch', title: 'Lunch' });
  const sold = [await sellTicket(c, 0), await sellTicket(c, 1), await sellTicket(c, 2)];
  const foreign = await sellTicket(c, 3, 'lunch');
  const door = await pairPhone(c, event.id, 'Door');
  // Every guest is checked in by the door, so greetings answer ok.
  await door.scan(sold.map((t) => ({ ticketId: t.id })));
  c.clock.advance(60_000);
  const phone = await pairPhone(c, event.id, 'Host');
  const session = (token: string, id: string, name = 'Host', eventId = event.id): Session => ({
    token,
    device: { id, name },
    event: { id: eventId, title: 'Dinner', timezone: 'Europe/Berlin' },
  });
  const roster = new Roster('Host', phone.id);
  const greeted = new Greetings(roster, 'Host');
  const stored: Entry[] = [];
  const removed: string[] = [];
  const store: SyncStore = {
    put: async (list) => {
      for (const e of list) stored.push(structuredClone(e));
    },
    remove: async (nonces) => {
      removed.push(...nonces);
    },
    saveRoster: async () => {},
  };
  const seen = {
    scans: [] as ScanOutcome[],
    greetings: [] as GreetingOutcome[],
    /** "nonce:result" of records answered under a later pairing than they were made in */
    adopted: [] as string[],
    failed: [] as string[],
    status: [] as boolean[],
    revoked: 0,
  };
  let seq = 0;
  /** A record as the phone queues it, made under a pairing (the phone's current one unless told). */
  const entry = <L extends LaneName>(lane: L, item: Items[L], token = phone.token, eventId = event.id): Entry<L> =>
    ({ nonce: item.nonce, lane, item, token, event: eventId, seq: seq++ }) as Entry<L>;
  // The phone's own clock, which it also sends as sentAt: the server dates each record by its age.
  const scan = (s: Partial<ScanItem>): ScanItem => ({ nonce: nonce(), kind: 'entry', deviceTime: Date.now(), ...s });
  const greet = (ticketId: string, kind: 'greet' | 'ungreet' = 'greet'): GreetingItem => ({
    nonce: nonce(),
    kind,
    ticketId,
    deviceTime: Date.now(),
  });
  /** The engine with both lanes, started on `queued`, as door.ts and greet.ts wire it. */
  const engine = (queued: Entry[], s = session(phone.token, phone.id)) => {
    const sync = new Sync(
      store,
      s,
      undefined,
      { changed: () => {}, status: (x) => seen.status.push(x.online), revoked: () => seen.revoked++ },
      roster,
      queued,
    );
    sync.lane('scans', {
      queued: (item) => roster.enqueue(item),
      settled: (n) => roster.acknowledge(n),
      answered: (list) => {
        for (const a of list)
          if (a.entry.from) seen.adopted.push(`${a.entry.nonce}:${a.outcome.result}`);
          else seen.scans.push(a.outcome);
      },
      failed: (list) => seen.failed.push(...list.map((e) => e.nonce)),
      eventOf: (item) => (!item.ticketId || roster.get(item.ticketId) ? s.event.id : undefined),
    });
    sync.lane('greetings', {
      queued: (item) => greeted.add(item),
      settled: (n) => greeted.acknowledge(n),
      answered: (list) => {
        for (const a of list)
          if (a.entry.from) seen.adopted.push(`${a.entry.nonce}:${a.outcome.result}`);
          else seen.greetings.push(a.outcome);
      },
      failed: (list) => seen.failed.push(...list.map((e) => e.nonce)),
      eventOf: (item) => (roster.get(item.ticketId) ? s.event.id : undefined),
    });
    return sync;
  };
  const rows = async () => ({
    scans: (await c.deps.db.select({ n: count() }).from(scans))[0]!.n,
    greetings: (await c.deps.db.select({ n: count() }).from(greetings))[0]!.n,
  });
  return {
    event,
    lunch,
    sold,
    foreign,
    phone,
    roster,
    greeted,
    engine,
    entry,
    scan,
    greet,
    session,
    seen,
    stored,
    removed,
    rows,
  };
}

describe('host sync: only what the server answered leaves the queue', () => {
  it('a captive portal’s 200 page confirms nothing; once through, every record arrives once', async () => {
    const s = await setup();
    const before = await s.rows();
    const a = s.entry('scans', s.scan({ qr: s.sold[0]!.qrSecret }));
    const g = s.entry('greetings', s.greet(s.sold[1]!.id));
    const sync = s.engine([a, g]);
    net = () => page(200, '<!doctype html><title>Hotel Wi-Fi</title><form>Log in</form>');
    await sync.kick();
    expect(sync.pending()).toBe(2);
    expect(s.removed).toEqual([]);
    expect(s.seen.status.at(-1)).toBe(false);
    // JSON, but not klick's: no results, or results for other nonces
    for (const body of ['{}', '{"results":"ok"}', `{"results":[{"nonce":"${nonce()}","result":"ok"}]}`]) {
      net = (path) => (path.startsWith('/api/devices/roster') ? null : page(200, body, 'application/json'));
      await sync.kick();
    }
    expect(sync.pending()).toBe(2);
    expect(await s.rows()).toEqual(before);

    net = null;
    await sync.kick();
    expect(sync.pending()).toBe(0);
    expect(s.roster.queue).toEqual([]);
    expect(s.greeted.queue).toEqual([]);
    expect(s.removed.sort()).toEqual([a.nonce, g.nonce].sort());
    expect(s.seen.scans.map((o) => o.result)).toEqual(['already_checked_in']);
    expect(s.seen.greetings.map((o) => o.result)).toEqual(['ok']);
    expect(await s.rows()).toEqual({ scans: before.scans + 1, greetings: before.greetings + 1 });
    expect(s.seen.status.at(-1)).toBe(true);
  });

  it('408, 425, 429 and 5xx are tried again later, never dropped', async () => {
    const s = await setup();
    const sync = s.engine([s.entry('greetings', s.greet(s.sold[0]!.id))]);
    for (const status of [408, 425, 429, 500, 502, 503]) {
      net = (path) => (path.startsWith('/api/devices/greetings') ? page(status, 'busy', 'text/plain') : null);
      await sync.kick();
      expect(sync.pending()).toBe(1);
    }
    expect(s.seen.failed).toEqual([]);
    net = null;
    await sync.kick();
    expect(sync.pending()).toBe(0);
    expect((await s.rows()).greetings).toBe(1);
  });

  it('an answer for part of a batch dequeues that part; the rest goes again', async () => {
    const s = await setup();
    const a = s.entry('scans', s.scan({ qr: s.sold[0]!.qrSecret }));
    const b = s.entry('scans', s.scan({ qr: s.sold[1]!.qrSecret }));
    const sent: string[][] = [];
    net = async (path, init) => {
      if (!path.startsWith('/api/devices/scans')) return null;
      const res = await c.app.request(`${ORIGIN}${path}`, init);
      const body = (await res.json()) as { results: ScanOutcome[] };
      sent.push(body.results.map((o) => o.nonce));
      // the first answer is cut short on its way back
      return json(200, { results: sent.length === 1 ? body.results.slice(0, 1) : body.results });
    };
    const before = (await s.rows()).scans;
    await s.engine([a, b]).kick();
    expect(sent).toEqual([[a.nonce, b.nonce], [b.nonce]]);
    expect(s.removed).toEqual([a.nonce, b.nonce]);
    // both were stored by the first request; the second is a replay of b's nonce, stored once
    expect((await s.rows()).scans).toBe(before + 2);
  });

  it('a clear refusal drops only the refused record, of either lane, and reports it', async () => {
    const s = await setup();
    const before = await s.rows();
    const a = s.entry('scans', s.scan({ qr: s.sold[0]!.qrSecret }));
    // a tap on another dinner's ticket cannot come from a real roster: the server refuses it (400)
    const bad = s.entry('scans', s.scan({ ticketId: s.foreign.id }));
    const g1 = s.entry('greetings', s.greet(s.sold[0]!.id));
    // a greeting an older app version queued, with a nonce of a shape the server refuses (400)
    const oldShape = s.entry('greetings', { ...s.greet(s.sold[1]!.id), nonce: 'old!' });
    const g2 = s.entry('greetings', s.greet(s.sold[2]!.id));
    const big = s.entry('scans', s.scan({ qr: s.sold[2]!.qrSecret }));
    net = (path, init) =>
      path.startsWith('/api/devices/scans') &&
      String(init.body).includes(big.nonce) &&
      !String(init.body).includes(a.nonce)
        ? json(413, { error: { code: 'payload_too_large', message: 'x' } })
        : null;
    const sync = s.engine([a, bad, g1, oldShape, g2, big]);
    await sync.kick();
    expect(sync.pending()).toBe(0);
    expect(s.seen.failed.sort()).toEqual([bad.nonce, oldShape.nonce, big.nonce].sort());
    expect(s.seen.greetings.map((o) => o.nonce)).toEqual([g1.nonce, g2.nonce]);
    expect(s.seen.scans.map((o) => o.nonce)).toEqual([a.nonce]);
    expect(await c.deps.db.select().from(scans).where(eq(scans.ticketId, s.foreign.id))).toEqual([]);
    expect(await s.rows()).toEqual({ scans: before.scans + 1, greetings: before.greetings + 2 });
  });

  it('sends the phone’s clock and, under the current pairing, the roster cursor with each batch', async () => {
    const s = await setup();
    const bodies: { sentAt?: number; since?: string }[] = [];
    net = (path, init) => {
      if (!path.startsWith('/api/devices/roster')) bodies.push(JSON.parse(String(init.body)));
      return null;
    };
    const before = Date.now();
    await s.engine([s.entry('scans', s.scan({ qr: s.sold[0]!.qrSecret }))]).kick();
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.sentAt).toBeGreaterThanOrEqual(before);
    expect(bodies[0]!.sentAt).toBeLessThanOrEqual(Date.now());
    // The roster came first (the phone had none); the batch asked for the changes since.
    expect(bodies[0]!.since).toMatch(/^\d+\.\d+\.\d+$/);
    expect(requests.filter((r) => r.includes('/roster'))).toHaveLength(1);
  });

  it('records added while offline are shown at once, kept, and sent one request per lane when back', async () => {
    const s = await setup();
    vi.stubGlobal('navigator', { onLine: false });
    const sync = s.engine([]);
    await sync.add('scans', s.scan({ ticketId: s.sold[0]!.id, kind: 'annul' }));
    await sync.add('greetings', s.greet(s.sold[1]!.id), 0);
    await sync.add('greetings', s.greet(s.sold[2]!.id), 0);
    await sync.kick();
    expect(s.roster.state(s.sold[0]!.id)).toMatchObject({ in: false, pending: true });
    expect(s.greeted.state(s.sold[1]!.id)).toMatchObject({ greeted: true, pending: true });
    expect(s.stored.map((e) => e.lane)).toEqual(['scans', 'greetings', 'greetings']);
    expect(requests).toEqual([]);
    vi.stubGlobal('navigator', { onLine: true });
    await sync.kick();
    expect(requests.filter((r) => !r.includes('/roster'))).toEqual([
      'POST /api/devices/scans',
      'POST /api/devices/greetings',
    ]);
    expect(sync.pending()).toBe(0);
    expect(s.greeted.state(s.sold[1]!.id)).toMatchObject({ greeted: true, pending: false, by: 'Host' });
  });

  it('api(): a 2xx without klick’s JSON is an error, not an empty answer', async () => {
    await setup();
    net = () => page(200, '<html>portal</html>');
    await expect(api('/api/devices/roster', 'x')).rejects.toBeInstanceOf(NotKlick);
    net = () => page(200, 'not json', 'application/json');
    await expect(api('/api/devices/roster', 'x')).rejects.toBeInstanceOf(NotKlick);
    net = null;
    await expect(api('/api/devices/roster', 'nope')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(requests).toHaveLength(3);
  });
});

describe('host sync: unpaired and paired again', () => {
  it('the current token refused: nothing is dropped, nothing more is sent', async () => {
    const s = await setup();
    const sync = s.engine([s.entry('scans', s.scan({ ticketId: s.sold[0]!.id }))]);
    await sync.kick();
    await c.admin(`/devices/${s.phone.id}/revoke`, 'POST', {});
    await sync.add('greetings', s.greet(s.sold[0]!.id));
    await sync.kick();
    expect(s.seen.revoked).toBe(1);
    expect(sync.pending()).toBe(1);
    expect(s.removed).toHaveLength(1);
    const n = requests.length;
    await sync.kick();
    expect(requests).toHaveLength(n);
  });

  it('after a revocation and a new pairing, scans and greetings of this dinner go out once, under the new pairing', async () => {
    const s = await setup();
    const before = await s.rows();
    const entry = s.entry('scans', s.scan({ ticketId: s.sold[0]!.id, kind: 'annul' }));
    const qr = s.entry('scans', s.scan({ qr: s.sold[0]!.qrSecret }));
    const g = s.entry('greetings', s.greet(s.sold[1]!.id));
    // One greeting reached the server before the revocation, but its answer was lost on the way back.
    const lost = s.entry('greetings', s.greet(s.sold[2]!.id));
    net = (path, init) =>
      path.startsWith('/api/devices/greetings') && String(init.body).includes(lost.nonce)
        ? Promise.resolve(c.app.request(`${ORIGIN}${path}`, init)).then(() => page(502, 'gateway', 'text/plain'))
        : null;
    await s.engine([lost]).kick();
    net = null;
    // A record of another dinner, made under an earlier pairing there, cannot be delivered any more.
    const lunchPhone = await pairPhone(c, s.lunch.id, 'Lunch door');
    const elsewhere = s.entry('scans', s.scan({ ticketId: s.foreign.id }), lunchPhone.token, s.lunch.id);
    await c.admin(`/devices/${s.phone.id}/revoke`, 'POST', {});
    await c.admin(`/devices/${lunchPhone.id}/revoke`, 'POST', {});
    const again = await pairPhone(c, s.event.id, 'Host 2');
    const sync = s.engine([elsewhere, entry, qr, g, lost], s.session(again.token, again.id, 'Host 2'));
    await sync.kick();
    expect(sync.pending()).toBe(0);
    expect(s.seen.revoked).toBe(0);
    expect(s.seen.failed).toEqual([elsewhere.nonce]);
    // Each record is stored once; the ones sent now are the new phone's, the lost answer's greeting the old one's.
    expect(await s.rows()).toEqual({ scans: before.scans + 2, greetings: before.greetings + 2 });
    const byDevice = await c.deps.db.select({ nonce: scans.clientNonce, device: scans.deviceId }).from(scans);
    expect(byDevice.filter((r) => [entry.nonce, qr.nonce].includes(r.nonce)).map((r) => r.device)).toEqual([
      again.id,
      again.id,
    ]);
    const greeted = await c.deps.db
      .select({ nonce: greetings.clientNonce, device: greetings.deviceId })
      .from(greetings);
    expect(Object.fromEntries(greeted.map((r) => [r.nonce, r.device]))).toEqual({
      [lost.nonce]: s.phone.id,
      [g.nonce]: again.id,
    });
    // Re-sent under the new token, the greeting the server already held reads "unknown": it was delivered.
    expect(s.seen.adopted.sort()).toEqual(
      [`${entry.nonce}:ok`, `${qr.nonce}:ok`, `${g.nonce}:ok`, `${lost.nonce}:unknown`].sort(),
    );
    // The new token is written to the phone's storage before anything goes out under it.
    const rewritten = s.stored.filter((e) => e.from === s.phone.token);
    expect(rewritten.map((e) => e.token)).toEqual([again.token, again.token, again.token, again.token]);
  });
});

describe('host sync: roster pulls', () => {
  it('a portal page instead of a roster changes nothing', async () => {
    const s = await setup();
    const sync = s.engine([]);
    net = () => page(200, '{"hello":"portal"}', 'application/json');
    await sync.kick();
    expect(s.roster.size).toBe(0);
    net = null;
    await sync.kick();
    expect(
      s.roster
        .all()
        .map((t: Ticket) => t.name)
        .sort(),
    ).toEqual(['Guest 0', 'Guest 1', 'Guest 2']);
    // a "full roster" that is not one must not clear the phone's
    net = () => page(200, '{"tickets":"none","full":true,"cursor":"1.0.0"}', 'application/json');
    await sync.kick();
    expect(s.roster.size).toBe(3);
  });
});
