import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { isCheckedIn } from '../../src/checkin/state';
import { getCheckinStats } from '../../src/checkin/stats';
import { scans } from '../../src/db/schema';
import { createDinner, T0 } from '../helpers';
import { type CheckinApp, makeCheckinApp, nonce, pairPhone, sellTicket } from './setup';

let c: CheckinApp;
afterEach(() => c?.close());
const MIN = 60_000;

async function setup(tickets = 2) {
  c = await makeCheckinApp();
  const event = await createDinner(c);
  const sold = [];
  for (let i = 0; i < tickets; i++) sold.push(await sellTicket(c, i));
  const door = await pairPhone(c, event.id, 'Door');
  const bar = await pairPhone(c, event.id, 'Bar');
  c.clock.advance(10 * MIN);
  return { event, sold, door, bar };
}

describe('scanning at the door', () => {
  it('checks a ticket in once; the second scan is already_checked_in with the time and phone of the first', async () => {
    const { event, sold, door, bar } = await setup();
    const first = await door.scan([{ qr: sold[0]!.qrSecret, deviceTime: T0 + 9 * MIN }]);
    expect(first.results[0]).toMatchObject({
      result: 'ok',
      ticketId: sold[0]!.id,
      name: 'Guest 0',
      checkedInAt: T0 + 9 * MIN,
      checkedInBy: 'Door',
    });
    const second = await bar.scan([{ qr: sold[0]!.qrSecret.toLowerCase() }]);
    expect(second.results[0]).toMatchObject({
      result: 'already_checked_in',
      checkedInAt: T0 + 9 * MIN,
      checkedInBy: 'Door',
    });
    const stats = await getCheckinStats(c.deps, event.id);
    expect(stats).toMatchObject({ checkedIn: 1, paid: 2 });
    expect(stats.devices.map((d) => [d.name, d.checkedIn, d.share])).toEqual([
      ['Door', 1, 1],
      ['Bar', 0, 0],
    ]);
  });

  it('answers unknown for a well-formed code or ticket id that matches nothing, and void for a refunded ticket', async () => {
    const { sold, door } = await setup();
    const refund = await c.adminJson(`/orders/${sold[1]!.orderId}/refund`, 'POST');
    expect(refund.status).toBe(200);
    const res = await door.scan([
      { qr: 'ABCDEFGHJKMNPQRSTVWXYZ01' },
      { ticketId: 'abcdefghjkmnpqrstvwxyz012' },
      { qr: sold[1]!.qrSecret },
      { ticketId: sold[1]!.id },
    ]);
    expect(res.results.map((r) => r.result)).toEqual(['unknown', 'unknown', 'void', 'void']);
    expect(res.results[0]).not.toHaveProperty('ticketId');
    expect(res.results[2]).toMatchObject({ ticketId: sold[1]!.id });
  });

  it('a replayed batch gives the same results and writes nothing twice', async () => {
    const { sold, door } = await setup();
    const batch = {
      scans: [
        { nonce: nonce(), kind: 'entry', qr: sold[0]!.qrSecret, deviceTime: T0 + MIN },
        { nonce: nonce(), kind: 'entry', qr: sold[0]!.qrSecret, deviceTime: T0 + 2 * MIN },
        { nonce: nonce(), kind: 'entry', ticketId: sold[1]!.id, deviceTime: T0 + 3 * MIN },
      ],
    };
    const first = await (await door.post('/scans', batch)).json();
    const before = await c.countRows();
    c.clock.advance(MIN);
    const again = await (await door.post('/scans', batch)).json();
    expect(again).toEqual(first);
    expect((first as { results: { result: string }[] }).results.map((r) => r.result)).toEqual([
      'ok',
      'already_checked_in',
      'ok',
    ]);
    expect(await c.countRows()).toEqual(before);
    expect(before.scans).toBe(3);
  });

  it('a nonce repeated inside one batch is written once and answered alike', async () => {
    const { sold, door } = await setup();
    const n = nonce();
    const res = await door.scan([
      { nonce: n, qr: sold[0]!.qrSecret },
      { nonce: n, qr: sold[1]!.qrSecret },
      { qr: sold[0]!.qrSecret },
    ]);
    expect(res.results.map((r) => [r.nonce === n, r.result, r.ticketId])).toEqual([
      [true, 'ok', sold[0]!.id],
      [true, 'ok', sold[0]!.id],
      [false, 'already_checked_in', sold[0]!.id],
    ]);
    expect((await c.countRows()).scans).toBe(2);
  });

  it('a nonce another phone used is not answered with that phone’s scan', async () => {
    const { sold, door, bar } = await setup();
    const n = nonce();
    await door.scan([{ nonce: n, qr: sold[0]!.qrSecret }]);
    const res = await bar.scan([{ nonce: n, qr: sold[1]!.qrSecret }]);
    expect(res.results).toEqual([{ nonce: n, result: 'unknown' }]);
    expect((await c.countRows()).scans).toBe(1);
  });

  it('two phones scanning one ticket at the same moment give one ok and one already_checked_in', async () => {
    const { event, sold, door, bar } = await setup();
    const at = c.clock.now();
    const answers = await Promise.all([
      door.scan([{ qr: sold[0]!.qrSecret, deviceTime: at }]),
      bar.scan([{ qr: sold[0]!.qrSecret, deviceTime: at }]),
    ]);
    expect(answers.map((a) => a.results[0]!.result).sort()).toEqual(['already_checked_in', 'ok']);
    const winner = answers.find((a) => a.results[0]!.result === 'ok')!.results[0]!.checkedInBy;
    expect(answers.map((a) => a.results[0]!.checkedInBy)).toEqual([winner, winner]);
    expect((await getCheckinStats(c.deps, event.id)).checkedIn).toBe(1);
  });
});

describe('offline phones in conflict', () => {
  it('the earliest device time wins even when its batch arrives last', async () => {
    const { event, sold, door, bar } = await setup();
    // Both phones were offline; Door scanned at 19:05 and syncs first, Bar scanned at 19:02 and syncs later.
    const doorRes = await door.scan([{ qr: sold[0]!.qrSecret, deviceTime: T0 + 5 * MIN }]);
    expect(doorRes.results[0]).toMatchObject({ result: 'ok', checkedInBy: 'Door' });
    const barRes = await bar.scan([{ qr: sold[0]!.qrSecret, deviceTime: T0 + 2 * MIN }]);
    expect(barRes.results[0]).toMatchObject({ result: 'ok', checkedInAt: T0 + 2 * MIN, checkedInBy: 'Bar' });

    // After its next sync, Door sees the ticket checked in by Bar at 19:02.
    const roster = await door.roster();
    expect(roster.tickets.find((t) => t.id === sold[0]!.id)).toMatchObject({
      checkedInAt: T0 + 2 * MIN,
      checkedInBy: 'Bar',
    });
    const rescan = await door.scan([{ qr: sold[0]!.qrSecret }]);
    expect(rescan.results[0]).toMatchObject({
      result: 'already_checked_in',
      checkedInAt: T0 + 2 * MIN,
      checkedInBy: 'Bar',
    });
    const stats = await getCheckinStats(c.deps, event.id);
    expect(stats.checkedIn).toBe(1);
    const [row] = await c.deps.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM tickets t WHERE t.event_id = ${event.id} AND ${isCheckedIn('t')}`,
    );
    expect(row!.n).toBe(1);
    const viaApi = await c.admin(`/events/${event.id}/checkin`);
    expect(await viaApi.json()).toEqual(stats);
    expect(stats.devices.map((d) => [d.name, d.checkedIn])).toEqual([
      ['Door', 0],
      ['Bar', 1],
    ]);
    // append-only: Door's first row still says what Door was told
    const rows = await c.deps.db.select().from(scans).orderBy(scans.id);
    expect(rows.map((r) => r.result)).toEqual(['ok', 'ok', 'already_checked_in']);
  });

  it('a phone clock running ahead cannot push its scan past the server’s arrival time', async () => {
    const { sold, door, bar } = await setup();
    await door.scan([{ qr: sold[0]!.qrSecret, deviceTime: c.clock.now() + 60 * MIN }]);
    c.clock.advance(MIN);
    const res = await bar.scan([{ qr: sold[0]!.qrSecret }]);
    expect(res.results[0]).toMatchObject({
      result: 'already_checked_in',
      checkedInBy: 'Door',
      checkedInAt: T0 + 10 * MIN,
    });
  });
});

describe('undo (annul)', () => {
  it('annul undoes the check-in, a second annul is a no-op, and re-entry checks in again', async () => {
    const { event, sold, door } = await setup();
    const t = sold[0]!.id;
    await door.scan([{ qr: sold[0]!.qrSecret, deviceTime: T0 + MIN }]);
    const undo = await door.scan([
      { kind: 'annul', ticketId: t, deviceTime: T0 + 2 * MIN },
      { kind: 'annul', ticketId: t, deviceTime: T0 + 3 * MIN },
    ]);
    expect(undo.results.map((r) => r.result)).toEqual(['ok', 'not_checked_in']);
    expect(undo.results[0]).not.toHaveProperty('checkedInAt');
    expect((await getCheckinStats(c.deps, event.id)).checkedIn).toBe(0);
    const back = await door.scan([{ qr: sold[0]!.qrSecret, deviceTime: T0 + 4 * MIN }]);
    expect(back.results[0]).toMatchObject({ result: 'ok', checkedInAt: T0 + 4 * MIN, checkedInBy: 'Door' });
    expect((await getCheckinStats(c.deps, event.id)).checkedIn).toBe(1);
    const annulUnknown = await door.scan([{ kind: 'annul', qr: 'ABCDEFGHJKMNPQRSTVWXYZ01' }]);
    expect(annulUnknown.results[0]!.result).toBe('unknown');
  });

  it('an undo from a phone whose clock runs behind still undoes, and its re-entry still counts', async () => {
    const { event, sold, door, bar } = await setup();
    await door.scan([{ qr: sold[0]!.qrSecret, deviceTime: T0 + 5 * MIN }]);
    // Bar's clock is 4 minutes behind Door's: its undo carries an earlier time than the check-in it undoes.
    const undo = await bar.scan([{ kind: 'annul', ticketId: sold[0]!.id, deviceTime: T0 + 2 * MIN }]);
    expect(undo.results[0]!.result).toBe('ok');
    expect((await getCheckinStats(c.deps, event.id)).checkedIn).toBe(0);
    const again = await bar.scan([{ qr: sold[0]!.qrSecret, deviceTime: T0 + 3 * MIN }]);
    expect(again.results[0]).toMatchObject({ result: 'ok', checkedInBy: 'Bar' });
    expect((await getCheckinStats(c.deps, event.id)).checkedIn).toBe(1);
  });

  it('an undo covers the check-ins known when it arrives; an entry that arrives later counts', async () => {
    const { event, sold, door, bar } = await setup();
    await door.scan([{ qr: sold[0]!.qrSecret, deviceTime: T0 + 2 * MIN }]);
    await door.scan([{ kind: 'annul', ticketId: sold[0]!.id, deviceTime: T0 + 4 * MIN }]);
    // Bar was offline and scanned the guest before the undo; its scan reaches the server after it.
    const late = await bar.scan([{ qr: sold[0]!.qrSecret, deviceTime: T0 + 3 * MIN }]);
    expect(late.results[0]).toMatchObject({ result: 'ok', checkedInBy: 'Bar' });
    expect((await getCheckinStats(c.deps, event.id)).checkedIn).toBe(1);
    const later = await door.scan([{ qr: sold[0]!.qrSecret, deviceTime: T0 + MIN }]);
    expect(later.results[0]).toMatchObject({ result: 'already_checked_in', checkedInBy: 'Bar' });
  });
});
