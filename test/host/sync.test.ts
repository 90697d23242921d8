import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scans } from '../../src/db/schema';
import type { Outcome } from '../../web/host/log';
import { type QueuedScan, Roster, type Ticket } from '../../web/host/model';
import type { Session } from '../../web/host/store';
import { api, NotKlick, Syncer, type SyncStore } from '../../web/host/sync';
import { type CheckinApp, makeCheckinApp, nonce, pairPhone, sellTicket } from '../checkin/setup';
import { createDinner, ORIGIN } from '../helpers';

/**
 * The phone's sync logic (web/host/sync.ts) against the real klick app. Between them sits the "network":
 * it passes requests through, or answers as a hotel's captive portal or a busy proxy would.
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

async function setup() {
  c = await makeCheckinApp();
  const event = await createDinner(c);
  const lunch = await createDinner(c, { slug: 'lunch', title: 'Lunch' });
  const sold = [await sellTicket(c, 0), await sellTicket(c, 1), await sellTicket(c, 2)];
  const foreign = await sellTicket(c, 3, 'lunch');
  const phone = await pairPhone(c, event.id, 'Door');
  await pairPhone(c, lunch.id, 'Lunch door');
  const session: Session = {
    token: phone.token,
    device: { id: phone.id, name: 'Door' },
    event: { id: event.id, title: event.title, timezone: 'Europe/Berlin' },
  };
  const roster = new Roster('Door', phone.id);
  const dequeued: string[] = [];
  const store: SyncStore = {
    dequeue: async (nonces) => {
      dequeued.push(...nonces);
    },
    saveRoster: async () => {},
  };
  const seen = { outcomes: [] as Outcome[], failed: [] as string[], status: [] as boolean[], revoked: 0 };
  const syncer = new Syncer(store, roster, session, undefined, {
    changed: () => {},
    outcomes: (o) => seen.outcomes.push(...o),
    failed: (n) => seen.failed.push(...n),
    status: (s) => seen.status.push(s.online),
    revoked: () => seen.revoked++,
  });
  const queue = (s: Partial<QueuedScan>) => {
    const q: QueuedScan = { nonce: nonce(), kind: 'entry', deviceTime: c.clock.now(), token: phone.token, ...s };
    roster.enqueue(q);
    return q;
  };
  const stored = async () => (await c.deps.db.select({ n: count() }).from(scans))[0]!.n;
  return { sold, foreign, roster, syncer, queue, dequeued, seen, stored, session };
}

describe('host sync: only what the server answered leaves the queue', () => {
  it('a captive portal’s 200 page confirms nothing; once through, every scan arrives once', async () => {
    const s = await setup();
    const a = s.queue({ qr: s.sold[0]!.qrSecret });
    const b = s.queue({ ticketId: s.sold[1]!.id });
    net = () => page(200, '<!doctype html><title>Hotel Wi-Fi</title><form>Log in</form>');
    await s.syncer.kick();
    expect(s.roster.queue.map((q) => q.nonce)).toEqual([a.nonce, b.nonce]);
    expect(s.dequeued).toEqual([]);
    expect(s.seen.status.at(-1)).toBe(false);
    // JSON, but not klick's: no results, or results for other nonces
    for (const body of ['{}', '{"results":"ok"}', `{"results":[{"nonce":"${nonce()}","result":"ok"}]}`]) {
      net = () => page(200, body, 'application/json');
      await s.syncer.kick();
    }
    expect(s.roster.queue).toHaveLength(2);
    expect(await s.stored()).toBe(0);

    net = null;
    await s.syncer.kick();
    expect(s.roster.queue).toEqual([]);
    expect(s.dequeued.sort()).toEqual([a.nonce, b.nonce].sort());
    expect(s.seen.outcomes.map((o) => o.result)).toEqual(['ok', 'ok']);
    expect(await s.stored()).toBe(2);
    expect(s.seen.status.at(-1)).toBe(true);
  });

  it('408, 425, 429 and 5xx are tried again later, never dropped', async () => {
    const s = await setup();
    const a = s.queue({ qr: s.sold[0]!.qrSecret });
    for (const status of [408, 425, 429, 500, 502, 503]) {
      net = (path) => (path.startsWith('/api/devices/scans') ? page(status, 'busy', 'text/plain') : null);
      await s.syncer.kick();
      expect(s.roster.queue.map((q) => q.nonce)).toEqual([a.nonce]);
    }
    expect(s.seen.failed).toEqual([]);
    net = null;
    await s.syncer.kick();
    expect(s.roster.queue).toEqual([]);
    expect(await s.stored()).toBe(1);
  });

  it('an answer for part of a batch dequeues that part; the rest goes again', async () => {
    const s = await setup();
    const a = s.queue({ qr: s.sold[0]!.qrSecret });
    const b = s.queue({ qr: s.sold[1]!.qrSecret });
    const sent: string[][] = [];
    net = async (path, init) => {
      if (!path.startsWith('/api/devices/scans')) return null;
      const res = await c.app.request(`${ORIGIN}${path}`, init);
      const body = (await res.json()) as { results: Outcome[] };
      sent.push(body.results.map((o) => o.nonce));
      // the first answer is cut short on its way back
      const results = sent.length === 1 ? body.results.slice(0, 1) : body.results;
      return page(200, JSON.stringify({ results }), 'application/json');
    };
    await s.syncer.kick();
    expect(sent).toEqual([[a.nonce, b.nonce], [b.nonce]]);
    expect(s.dequeued).toEqual([a.nonce, b.nonce]);
    expect(s.roster.queue).toEqual([]);
    // both were stored by the first request; the second is a replay of b's nonce, stored once
    expect(await s.stored()).toBe(2);
  });

  it('a clear refusal drops only the refused scan, and reports it as failed', async () => {
    const s = await setup();
    const a = s.queue({ qr: s.sold[0]!.qrSecret });
    // a tap on another dinner's ticket cannot come from a real roster: the server refuses it (400)
    const bad = s.queue({ ticketId: s.foreign.id });
    const b = s.queue({ qr: s.sold[1]!.qrSecret });
    const big = s.queue({ qr: s.sold[2]!.qrSecret });
    net = (path, init) =>
      path.startsWith('/api/devices/scans') &&
      String(init.body).includes(big.nonce) &&
      !String(init.body).includes(a.nonce)
        ? page(413, '{"error":{"code":"payload_too_large","message":"x"}}', 'application/json')
        : null;
    await s.syncer.kick();
    expect(s.roster.queue).toEqual([]);
    expect(s.seen.failed.sort()).toEqual([bad.nonce, big.nonce].sort());
    expect(s.seen.outcomes.map((o) => o.nonce).sort()).toEqual([a.nonce, b.nonce].sort());
    const rows = await c.deps.db.select().from(scans).where(eq(scans.ticketId, s.foreign.id));
    expect(rows).toEqual([]);
    expect(await s.stored()).toBe(2);
  });

  it('sends the phone’s clock with each batch, so the server can date scans by their age', async () => {
    const s = await setup();
    const bodies: { sentAt?: number }[] = [];
    net = (path, init) => {
      if (path.startsWith('/api/devices/scans')) bodies.push(JSON.parse(String(init.body)));
      return null;
    };
    s.queue({ qr: s.sold[0]!.qrSecret });
    const before = Date.now();
    await s.syncer.kick();
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.sentAt).toBeGreaterThanOrEqual(before);
    expect(bodies[0]!.sentAt).toBeLessThanOrEqual(Date.now());
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

// The roster a pull brings is merged only when it is a roster.
describe('host sync: roster pulls', () => {
  it('a portal page instead of a roster changes nothing', async () => {
    const s = await setup();
    net = () => page(200, '{"hello":"portal"}', 'application/json');
    await s.syncer.kick();
    expect(s.roster.size).toBe(0);
    net = null;
    await s.syncer.kick();
    expect(
      s.roster
        .all()
        .map((t: Ticket) => t.name)
        .sort(),
    ).toEqual(['Guest 0', 'Guest 1', 'Guest 2']);
    // a "full roster" that is not one must not clear the phone's
    net = () => page(200, '{"tickets":"none","full":true,"cursor":"1.0.0"}', 'application/json');
    await s.syncer.kick();
    expect(s.roster.size).toBe(3);
  });
});
