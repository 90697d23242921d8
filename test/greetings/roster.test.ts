import { afterEach, describe, expect, it } from 'vitest';
import { CURSOR_LAG_MS } from '../../src/checkin/roster';
import { type CheckinApp, makeCheckinApp } from '../checkin/setup';
import { T0 } from '../helpers';
import { dinnerWithGuests, greet, roster } from './setup';

let c: CheckinApp;
afterEach(() => c?.close());
const MIN = 60_000;

async function setup() {
  c = await makeCheckinApp();
  const d = await dinnerWithGuests(c, 3);
  await d.door.scan(d.sold.map((t) => ({ qr: t.qrSecret })));
  c.clock.advance(CURSOR_LAG_MS + MIN);
  return d;
}

describe('greeting state in the roster', () => {
  it('carries greetedAt and greetedBy per ticket, null until greeted and again after an undo', async () => {
    const { sold, anna, ben } = await setup();
    await greet(c, anna, [{ ticketId: sold[1]!.id, deviceTime: T0 + MIN }]);
    const state = async (phone: typeof anna) => {
      const byId = new Map((await roster(phone)).tickets.map((t) => [t.id, [t.greetedAt, t.greetedBy]]));
      return sold.map((t) => byId.get(t.id));
    };
    expect(await state(ben)).toEqual([
      [null, null],
      [T0 + MIN, 'Anna'],
      [null, null],
    ]);
    await greet(c, ben, [{ kind: 'ungreet', ticketId: sold[1]!.id }]);
    expect(await state(anna)).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
  });

  it('greetings move the cursor: only the tickets they touch are re-sent, with the other phone’s greeting', async () => {
    const { sold, anna, ben } = await setup();
    const full = await roster(anna);
    expect(full.cursor).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await roster(anna, full.cursor)).tickets).toEqual([]);

    await greet(c, ben, [{ ticketId: sold[2]!.id }]);
    const delta = await roster(anna, full.cursor);
    expect(delta.full).toBe(false);
    expect(delta.tickets.map((t) => [t.id, t.greetedBy])).toEqual([[sold[2]!.id, 'Ben']]);
    expect((await roster(anna, delta.cursor)).tickets).toEqual([]);

    // An earlier-timed greeting that arrives late changes who greeted: the ticket is sent again.
    await greet(c, anna, [{ ticketId: sold[2]!.id, deviceTime: T0 }]);
    const moved = await roster(ben, delta.cursor);
    expect(moved.tickets).toEqual([expect.objectContaining({ id: sold[2]!.id, greetedBy: 'Anna', greetedAt: T0 })]);
  });

  it('greeting changes arrive with the scans sync, and a greeting batch with a cursor brings the roster too', async () => {
    const { sold, door, anna, ben } = await setup();
    const cursor = (await roster(door)).cursor;
    await greet(c, anna, [{ ticketId: sold[0]!.id }]);
    const sync = await door.scan([{ qr: sold[0]!.qrSecret }], cursor);
    expect(sync.results[0]!.result).toBe('already_checked_in');
    expect(sync.roster?.tickets).toEqual([expect.objectContaining({ id: sold[0]!.id, greetedBy: 'Anna' })]);

    const res = await greet(c, ben, [{ ticketId: sold[1]!.id }], sync.roster!.cursor);
    expect(res.roster?.tickets.map((t) => [t.id, t.greetedBy])).toEqual([[sold[1]!.id, 'Ben']]);
  });

  it('a cursor from before greetings (two parts) is still accepted and re-sends the greeted tickets once', async () => {
    const { sold, anna } = await setup();
    await greet(c, anna, [{ ticketId: sold[0]!.id }]);
    const [ts, scanId] = (await roster(anna)).cursor.split('.');
    const delta = await roster(anna, `${ts}.${scanId}`);
    expect(delta.tickets.map((t) => t.id)).toEqual([sold[0]!.id]);
    expect(delta.cursor.split('.')).toHaveLength(3);
  });
});
