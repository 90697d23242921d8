import { afterEach, describe, expect, it } from 'vitest';
import { greetings } from '../../src/db/schema';
import { getEventStats } from '../../src/events/service';
import { type CheckinApp, makeCheckinApp, nonce, pairPhone, sellTicket } from '../checkin/setup';
import { createDinner, T0 } from '../helpers';
import { dinnerWithGuests, greet, greetingRows, roster } from './setup';

let c: CheckinApp;
afterEach(() => c?.close());
const MIN = 60_000;

/** Guests 0 and 1 checked in at the door at T0+1 and T0+2 minutes; the clock stands at T0+10. */
async function setup(n = 3) {
  c = await makeCheckinApp();
  const d = await dinnerWithGuests(c, n);
  c.clock.set(T0 + 10 * MIN);
  await d.door.scan([
    { qr: d.sold[0]!.qrSecret, deviceTime: T0 + MIN },
    { qr: d.sold[1]!.qrSecret, deviceTime: T0 + 2 * MIN },
  ]);
  return d;
}
const greetedCount = async (event: Awaited<ReturnType<typeof setup>>['event']) =>
  (await getEventStats(c.deps, event)).greeted;

describe('greeting a guest', () => {
  it('a greet of a checked-in guest is ok, counted, and answered with who greeted when', async () => {
    const { event, sold, anna } = await setup();
    const res = await greet(c, anna, [{ ticketId: sold[0]!.id, deviceTime: T0 + 5 * MIN, note: ' sailing ' }]);
    expect(res.results[0]).toMatchObject({
      result: 'ok',
      ticketId: sold[0]!.id,
      name: 'Guest 0',
      greetedAt: T0 + 5 * MIN,
      greetedBy: 'Anna',
    });
    expect(await greetedCount(event)).toBe(1);
    const [row] = await c.deps.db.select().from(greetings);
    expect(row).toMatchObject({ kind: 'greet', note: 'sailing', serverTime: T0 + 10 * MIN, eventId: event.id });
  });

  it('a replayed batch gives the same answers and writes nothing; a nonce repeated in a batch is written once', async () => {
    const { sold, anna } = await setup();
    const n = nonce();
    const batch = {
      greetings: [
        { nonce: n, kind: 'greet', ticketId: sold[0]!.id, deviceTime: T0 + 3 * MIN },
        { nonce: n, kind: 'greet', ticketId: sold[1]!.id, deviceTime: T0 + 3 * MIN },
        { nonce: nonce(), kind: 'greet', ticketId: sold[0]!.id, deviceTime: T0 + 4 * MIN },
        { nonce: nonce(), kind: 'ungreet', ticketId: sold[2]!.id, deviceTime: T0 + 4 * MIN },
      ],
    };
    const first = await (await anna.post('/greetings', batch)).json();
    expect((first as { results: { result: string }[] }).results.map((r) => r.result)).toEqual([
      'ok',
      'ok',
      'already_greeted',
      'not_greeted',
    ]);
    expect(await greetingRows(c)).toBe(3);
    c.clock.advance(MIN);
    expect(await (await anna.post('/greetings', batch)).json()).toEqual(first);
    expect(await greetingRows(c)).toBe(3);
  });

  it('a nonce another phone used is not answered with that phone’s greeting', async () => {
    const { sold, anna, ben } = await setup();
    const n = nonce();
    await greet(c, anna, [{ nonce: n, ticketId: sold[0]!.id }]);
    const res = await greet(c, ben, [{ nonce: n, ticketId: sold[1]!.id }]);
    expect(res.results).toEqual([{ nonce: n, result: 'unknown' }]);
    expect(await greetingRows(c)).toBe(1);
  });

  it('guests of another event, unknown and void tickets are refused, revealing nothing, and nothing is written', async () => {
    const { sold, anna } = await setup();
    await createDinner(c, { slug: 'lunch', title: 'Lunch' });
    const other = await sellTicket(c, 9, 'lunch');
    expect((await c.adminJson(`/orders/${sold[2]!.orderId}/refund`, 'POST')).status).toBe(200);
    const res = await greet(c, anna, [
      { ticketId: other.id },
      { kind: 'ungreet', ticketId: other.id },
      { ticketId: 'abcdefghjkmnpqrstvwxyz012' },
      { ticketId: sold[2]!.id },
    ]);
    expect(res.results.map((r) => r.result)).toEqual(['wrong_event', 'wrong_event', 'unknown', 'void']);
    expect(JSON.stringify(res.results.slice(0, 3))).not.toMatch(new RegExp(`${other.id}|Guest 9`));
    expect(res.results[3]).toMatchObject({ ticketId: sold[2]!.id, name: 'Guest 2' });
    expect(await greetingRows(c)).toBe(0);
    // the lunch's own phone greets its guest normally
    const lunchPhone = await pairPhone(c, other.eventId, 'Lunch host');
    expect((await greet(c, lunchPhone, [{ ticketId: other.id }])).results[0]!.result).toBe('not_checked_in');
  });
});

describe('undo (ungreet)', () => {
  it('appends a record: the guest is not greeted, a second undo is not_greeted, a new greet counts again', async () => {
    const { event, sold, anna } = await setup();
    const t = sold[0]!.id;
    const res = await greet(c, anna, [
      { ticketId: t, deviceTime: T0 + 3 * MIN },
      { kind: 'ungreet', ticketId: t, deviceTime: T0 + 3 * MIN + 2000 },
      { kind: 'ungreet', ticketId: t, deviceTime: T0 + 3 * MIN + 4000 },
    ]);
    expect(res.results.map((r) => r.result)).toEqual(['ok', 'ok', 'not_greeted']);
    expect(res.results[1]).not.toHaveProperty('greetedAt');
    expect(await greetedCount(event)).toBe(0);
    const again = await greet(c, anna, [{ ticketId: t, deviceTime: T0 + 6 * MIN }]);
    expect(again.results[0]).toMatchObject({ result: 'ok', greetedAt: T0 + 6 * MIN, greetedBy: 'Anna' });
    expect(await greetedCount(event)).toBe(1);
    const kinds = (await c.deps.db.select().from(greetings).orderBy(greetings.id)).map((r) => r.kind);
    expect(kinds).toEqual(['greet', 'ungreet', 'ungreet', 'greet']);
  });

  it('an undo from a phone whose clock runs behind still undoes; a greeting that arrives after it still counts', async () => {
    const { event, sold, anna, ben } = await setup();
    await greet(c, anna, [{ ticketId: sold[0]!.id, deviceTime: T0 + 5 * MIN }]);
    // Ben's clock is 4 minutes behind: his undo carries an earlier time than the greeting it undoes.
    const undo = await greet(c, ben, [{ kind: 'ungreet', ticketId: sold[0]!.id, deviceTime: T0 + MIN }]);
    expect(undo.results[0]!.result).toBe('ok');
    expect(await greetedCount(event)).toBe(0);
    // A greeting timed before the undo that reaches the server after it counts: the guest was greeted.
    const late = await greet(c, ben, [{ ticketId: sold[0]!.id, deviceTime: T0 + 2 * MIN }]);
    expect(late.results[0]).toMatchObject({ result: 'ok', greetedBy: 'Ben' });
    expect(await greetedCount(event)).toBe(1);
  });

  it('an undo of a guest nobody greeted changes nothing: a greeting timed before it still counts', async () => {
    const { event, sold, anna, ben } = await setup();
    const undo = await greet(c, ben, [{ kind: 'ungreet', ticketId: sold[1]!.id, deviceTime: T0 + 8 * MIN }]);
    expect(undo.results[0]!.result).toBe('not_greeted');
    const res = await greet(c, anna, [{ ticketId: sold[1]!.id, deviceTime: T0 + 4 * MIN }]);
    expect(res.results[0]!.result).toBe('ok');
    expect(await greetedCount(event)).toBe(1);
  });
});

describe('greeting a guest who is not checked in (rule: written, counted, flagged)', () => {
  it('answers not_checked_in but keeps the greeting; the late check-in then fills in, a replay answers alike', async () => {
    const { event, sold, door, anna } = await setup();
    const batch = { greetings: [{ nonce: nonce(), kind: 'greet', ticketId: sold[2]!.id, deviceTime: T0 + 9 * MIN }] };
    const first = (await (await anna.post('/greetings', batch)).json()) as { results: { result: string }[] };
    expect(first.results[0]).toMatchObject({ result: 'not_checked_in', greetedBy: 'Anna', greetedAt: T0 + 9 * MIN });
    expect(await greetedCount(event)).toBe(1);
    const log = async () =>
      (await (await c.adminJson(`/events/${event.id}/greetings`)).json()) as Record<string, never>;
    expect(await log()).toMatchObject({
      timeline: [{ ticketId: sold[2]!.id, checkedInAt: null }],
      noShows: [],
      counts: { present: 3, checkedIn: 2, greeted: 1 },
    });
    // The door phone's offline scan of that guest (08:30 on its clock) arrives later.
    c.clock.advance(MIN);
    await door.scan([{ qr: sold[2]!.qrSecret, deviceTime: T0 + 8 * MIN }]);
    expect(await log()).toMatchObject({ timeline: [{ ticketId: sold[2]!.id, checkedInAt: T0 + 8 * MIN }] });
    expect(await (await anna.post('/greetings', batch)).json()).toEqual(first);
    // A greeting now, after the check-in, is simply ok.
    expect((await greet(c, anna, [{ ticketId: sold[0]!.id }])).results[0]!.result).toBe('ok');
  });
});

describe('two phones greeting the same guest', () => {
  it('the earliest device time is kept whichever syncs first; the other is logged as a second greeting', async () => {
    const { event, sold, anna, ben } = await setup();
    const a = await greet(c, anna, [{ ticketId: sold[0]!.id, deviceTime: T0 + 5 * MIN }]);
    expect(a.results[0]).toMatchObject({ result: 'ok', greetedBy: 'Anna' });
    // Ben was offline and greeted the guest at T0+4; his greeting reaches the server later and is kept.
    const b = await greet(c, ben, [{ ticketId: sold[0]!.id, deviceTime: T0 + 4 * MIN }]);
    expect(b.results[0]).toMatchObject({ result: 'ok', greetedAt: T0 + 4 * MIN, greetedBy: 'Ben' });
    const third = await greet(c, anna, [{ ticketId: sold[0]!.id }]);
    expect(third.results[0]).toMatchObject({ result: 'already_greeted', greetedAt: T0 + 4 * MIN, greetedBy: 'Ben' });
    expect(await greetedCount(event)).toBe(1);
    const log = (await (await c.adminJson(`/events/${event.id}/greetings`)).json()) as {
      timeline: unknown[];
      duplicates: unknown[];
    };
    expect(log.timeline).toEqual([expect.objectContaining({ greetedBy: 'Ben', greetedAt: T0 + 4 * MIN })]);
    expect(log.duplicates).toEqual([
      expect.objectContaining({ greetedBy: 'Anna', greetedAt: T0 + 5 * MIN, firstBy: 'Ben', firstAt: T0 + 4 * MIN }),
      expect.objectContaining({ greetedBy: 'Anna', greetedAt: T0 + 10 * MIN, firstBy: 'Ben' }),
    ]);
    const list = await roster(anna);
    expect(list.tickets.find((t) => t.id === sold[0]!.id)).toMatchObject({ greetedBy: 'Ben' });
  });

  it('two phones greeting at the same moment give one ok and one already_greeted, counted once', async () => {
    const { event, sold, anna, ben } = await setup();
    const at = c.clock.now();
    const answers = await Promise.all([
      greet(c, anna, [{ ticketId: sold[1]!.id, deviceTime: at }]),
      greet(c, ben, [{ ticketId: sold[1]!.id, deviceTime: at }]),
    ]);
    expect(answers.map((a) => a.results[0]!.result).sort()).toEqual(['already_greeted', 'ok']);
    const winner = answers.find((a) => a.results[0]!.result === 'ok')!.results[0]!.greetedBy;
    expect(answers.map((a) => a.results[0]!.greetedBy)).toEqual([winner, winner]);
    expect(await greetedCount(event)).toBe(1);
  });

  it('a phone clock running ahead cannot push its greeting past the server’s arrival time', async () => {
    const { sold, anna, ben } = await setup();
    await greet(c, anna, [{ ticketId: sold[0]!.id, deviceTime: c.clock.now() + 60 * MIN }]);
    c.clock.advance(MIN);
    const res = await greet(c, ben, [{ ticketId: sold[0]!.id }]);
    expect(res.results[0]).toMatchObject({ result: 'already_greeted', greetedBy: 'Anna', greetedAt: T0 + 10 * MIN });
  });
});

describe('co-hosts whose phone clocks are off', () => {
  it('a greeting is dated by its age when sent: a phone whose clock runs behind does not win "first greeting"', async () => {
    const { sold, anna, ben } = await setup();
    const behind = 10 * MIN; // Ben's phone clock; Anna's is right
    const annaAt = c.clock.now();
    const first = await anna.post('/greetings', {
      greetings: [{ nonce: nonce(), kind: 'greet', ticketId: sold[0]!.id, deviceTime: annaAt }],
      sentAt: annaAt,
    });
    expect(((await first.json()) as { results: { result: string }[] }).results[0]!.result).toBe('ok');
    // Ben greets the same guest 30 s later while offline, and his phone syncs 30 s after that.
    c.clock.advance(30_000);
    const benAt = c.clock.now() - behind;
    c.clock.advance(30_000);
    const late = await ben.post('/greetings', {
      greetings: [{ nonce: nonce(), kind: 'greet', ticketId: sold[0]!.id, deviceTime: benAt }],
      sentAt: c.clock.now() - behind,
    });
    expect(((await late.json()) as { results: Record<string, unknown>[] }).results[0]).toMatchObject({
      result: 'already_greeted',
      greetedAt: annaAt,
      greetedBy: 'Anna',
    });
  });
});
