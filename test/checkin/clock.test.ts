import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { scans } from '../../src/db/schema';
import { createDinner } from '../helpers';
import { type CheckinApp, makeCheckinApp, nonce, pairPhone, sellTicket } from './setup';

let c: CheckinApp;
afterEach(() => c?.close());
const MIN = 60_000;

async function setup() {
  c = await makeCheckinApp();
  const event = await createDinner(c);
  const sold = [await sellTicket(c, 0), await sellTicket(c, 1)];
  const door = await pairPhone(c, event.id, 'Door');
  const bar = await pairPhone(c, event.id, 'Bar');
  c.clock.advance(10 * MIN);
  return { event, sold, door, bar };
}

type Phone = Awaited<ReturnType<typeof pairPhone>>;
/** A scan as the app sends it: made at `at` and sent at `sentAt`, both read from the phone's own clock. */
async function send(phone: Phone, qr: string, at: number, sentAt?: number) {
  const body = {
    scans: [{ nonce: nonce(), kind: 'entry', qr, deviceTime: at }],
    ...(sentAt === undefined ? {} : { sentAt }),
  };
  const res = await phone.post('/scans', body);
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Record<string, unknown>[] }).results[0]!;
}

describe('phone clocks that are off', () => {
  it('a phone whose clock runs behind does not win "earliest scan": a scan is dated by its age', async () => {
    const { sold, door, bar } = await setup();
    const behind = 10 * MIN; // Door's clock; Bar's is right
    const barAt = c.clock.now();
    expect(await send(bar, sold[0]!.qrSecret, barAt, barAt)).toMatchObject({ result: 'ok', checkedInById: bar.id });
    // Door scans the same guest 30 s later while offline, and syncs 30 s after that.
    c.clock.advance(30_000);
    const doorAt = c.clock.now() - behind;
    c.clock.advance(30_000);
    const late = await send(door, sold[0]!.qrSecret, doorAt, c.clock.now() - behind);
    expect(late).toMatchObject({
      result: 'already_checked_in',
      checkedInAt: barAt,
      checkedInBy: 'Bar',
      checkedInById: bar.id,
    });
    const [row] = await c.deps.db.select().from(scans).where(eq(scans.deviceId, door.id));
    expect(row!.deviceTime).toBe(barAt + 30_000);
  });

  it('the same phone still wins when it really scanned first, whatever its clock says', async () => {
    const { sold, door, bar } = await setup();
    const behind = 10 * MIN;
    const doorAt = c.clock.now() - behind; // Door scans offline first
    c.clock.advance(30_000);
    const barAt = c.clock.now();
    expect(await send(bar, sold[0]!.qrSecret, barAt, barAt)).toMatchObject({ result: 'ok' });
    c.clock.advance(30_000);
    const first = await send(door, sold[0]!.qrSecret, doorAt, c.clock.now() - behind);
    expect(first).toMatchObject({
      result: 'ok',
      checkedInAt: barAt - 30_000,
      checkedInBy: 'Door',
      checkedInById: door.id,
    });
    const roster = await bar.roster();
    expect(roster.tickets.find((t) => t.id === sold[0]!.id)).toMatchObject({
      checkedInById: door.id,
      checkedInBy: 'Door',
    });
  });

  it('a clock running ahead is corrected the same way; a scan never dates after its arrival', async () => {
    const { sold, door } = await setup();
    const ahead = 60 * MIN;
    const now = c.clock.now();
    expect(await send(door, sold[0]!.qrSecret, now - 5_000 + ahead, now + ahead)).toMatchObject({
      checkedInAt: now - 5_000,
    });
    // a scan "made after it was sent" (the phone clock was set back in between) is dated at its arrival
    expect(await send(door, sold[1]!.qrSecret, now + 9 * MIN, now)).toMatchObject({ checkedInAt: now });
  });

  it('without sentAt (an app from before) the phone clock is taken as it is, capped at arrival', async () => {
    const { sold, door } = await setup();
    const now = c.clock.now();
    expect(await send(door, sold[0]!.qrSecret, now - 7 * MIN)).toMatchObject({ checkedInAt: now - 7 * MIN });
    expect(await send(door, sold[1]!.qrSecret, now + 7 * MIN)).toMatchObject({ checkedInAt: now });
  });

  it('refuses a sentAt that is not a time', async () => {
    const { sold, door } = await setup();
    const before = await c.countRows();
    for (const sentAt of [-1, 1.5, 'now', null]) {
      const scansIn = [{ nonce: nonce(), kind: 'entry', qr: sold[0]!.qrSecret, deviceTime: c.clock.now() }];
      expect((await door.post('/scans', { scans: scansIn, sentAt })).status).toBe(400);
    }
    expect(await c.countRows()).toEqual(before);
  });
});

describe('one scan, one statement', () => {
  it('a fresh scan is answered exactly as its stored row reads back, for every verdict', async () => {
    const { sold, door, bar } = await setup();
    const refund = await c.adminJson(`/orders/${sold[1]!.orderId}/refund`, 'POST');
    expect(refund.status).toBe(200);
    const lunch = await createDinner(c, { slug: 'lunch', title: 'Lunch' });
    const other = await sellTicket(c, 5, 'lunch');
    await pairPhone(c, lunch.id, 'Lunch door');
    const t0 = sold[0]!;
    const cases: [Phone, Record<string, unknown>][] = [
      [door, { kind: 'entry', qr: t0.qrSecret }], // ok
      [bar, { kind: 'entry', ticketId: t0.id }], // already_checked_in (by Door)
      [bar, { kind: 'annul', ticketId: t0.id }], // ok (undone)
      [bar, { kind: 'annul', ticketId: t0.id }], // not_checked_in
      [door, { kind: 'entry', qr: sold[1]!.qrSecret }], // void
      [door, { kind: 'entry', qr: other.qrSecret }], // wrong_event
      [door, { kind: 'entry', qr: 'ABCDEFGHJKMNPQRSTVWXYZ01' }], // unknown
    ];
    const seen: unknown[] = [];
    for (const [phone, s] of cases) {
      c.clock.advance(1000);
      const body = { scans: [{ nonce: nonce(), deviceTime: c.clock.now(), ...s }] };
      const fresh = await (await phone.post('/scans', body)).json();
      // A replay inserts nothing and reads the stored row: the fresh answer must be the same.
      expect(await (await phone.post('/scans', body)).json()).toEqual(fresh);
      seen.push((fresh as { results: { result: string }[] }).results[0]!.result);
    }
    expect(seen).toEqual(['ok', 'already_checked_in', 'ok', 'not_checked_in', 'void', 'wrong_event', 'unknown']);
  });
});
