import { afterEach, describe, expect, it } from 'vitest';
import { CURSOR_LAG_MS, emailHash } from '../../src/checkin/roster';
import { sha256Hex } from '../../src/lib/crypto';
import { createDinner, T0 } from '../helpers';
import { type CheckinApp, makeCheckinApp, nonce, pairPhone, sellTicket } from './setup';

let c: CheckinApp;
afterEach(() => c?.close());
const MIN = 60_000;

describe('roster', () => {
  it('holds only the phone’s own event: hashes, names and check-in state, never the QR secret', async () => {
    c = await makeCheckinApp();
    const dinner = await createDinner(c);
    const lunch = await createDinner(c, { slug: 'lunch', title: 'Lunch' });
    const a = await sellTicket(c, 1);
    const b = await sellTicket(c, 2, 'lunch');
    const door = await pairPhone(c, dinner.id, 'Door');
    const lunchPhone = await pairPhone(c, lunch.id, 'Lunch door');

    const roster = await door.roster();
    expect(roster.full).toBe(true);
    expect(roster.tickets).toEqual([
      {
        id: a.id,
        qrHash: await sha256Hex(a.qrSecret),
        emailHash: await sha256Hex(`${dinner.id}\nguest1@example.com`),
        name: 'Guest 1',
        givenName: 'Guest',
        company: 'Company 1',
        askMeAbout: 'sailing',
        badgeHash: null,
        status: 'valid',
        checkedInAt: null,
        checkedInById: null,
        checkedInBy: null,
        greetedAt: null,
        greetedBy: null,
        tableLabel: null,
      },
    ]);
    expect(JSON.stringify(roster)).not.toContain(a.qrSecret);
    expect(JSON.stringify(roster)).not.toContain('example.com');
    expect(await emailHash(dinner.id, ' Guest1@Example.com ')).toBe(roster.tickets[0]!.emailHash);
    expect(JSON.stringify(roster)).not.toContain(b.id);
    expect((await lunchPhone.roster()).tickets.map((t) => t.id)).toEqual([b.id]);
  });

  it('a ticket of another event is wrong_event and its own event does not change', async () => {
    c = await makeCheckinApp();
    const dinner = await createDinner(c);
    const lunch = await createDinner(c, { slug: 'lunch', title: 'Lunch' });
    const b = await sellTicket(c, 2, 'lunch');
    const door = await pairPhone(c, dinner.id, 'Door');
    const lunchPhone = await pairPhone(c, lunch.id, 'Lunch door');
    // A guest can really hold another dinner's ticket: its QR is a red verdict, stored like any scan.
    const res = await door.scan([{ qr: b.qrSecret }]);
    expect(res.results.map((r) => r.result)).toEqual(['wrong_event']);
    expect(JSON.stringify(res)).not.toContain(b.id);
    expect(JSON.stringify(res)).not.toContain('Guest 2');
    // A tap names a ticket id, and a phone only knows its own roster's: another event's id is a bad
    // request, alone or inside a batch, and nothing of the batch is written.
    const before = await c.countRows();
    for (const scans of [
      [{ nonce: nonce(), kind: 'entry', ticketId: b.id, deviceTime: T0 }],
      [
        { nonce: nonce(), kind: 'entry', qr: b.qrSecret, deviceTime: T0 },
        { nonce: nonce(), kind: 'annul', ticketId: b.id, deviceTime: T0 },
      ],
    ]) {
      const refused = await door.post('/scans', { scans });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        error: { code: 'invalid_input', message: 'A tap names a ticket of another event.' },
      });
    }
    expect(await c.countRows()).toEqual(before);
    expect((await lunchPhone.roster()).tickets[0]).toMatchObject({ id: b.id, checkedInAt: null });
    // the lunch phone still checks the guest in normally
    expect((await lunchPhone.scan([{ qr: b.qrSecret }])).results[0]!.result).toBe('ok');
  });

  it('sends only what changed since the cursor: a sale, a refund and a check-in', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const [t0, t1, t2] = [await sellTicket(c, 0), await sellTicket(c, 1), await sellTicket(c, 2)];
    const door = await pairPhone(c, event.id, 'Door');
    const bar = await pairPhone(c, event.id, 'Bar');
    c.clock.advance(CURSOR_LAG_MS + MIN);
    const full = await door.roster();
    expect(full.tickets).toHaveLength(3);
    expect(full.cursor).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await door.roster(full.cursor)).tickets).toEqual([]);

    c.clock.advance(MIN);
    const t3 = await sellTicket(c, 3);
    expect((await c.adminJson(`/orders/${t1!.orderId}/refund`, 'POST')).status).toBe(200);
    await bar.scan([{ qr: t2!.qrSecret }]);
    const delta = await door.roster(full.cursor);
    expect(delta.full).toBe(false);
    expect(delta.tickets.map((t) => [t.id, t.status, t.checkedInBy]).sort()).toEqual(
      [
        [t1!.id, 'void', null],
        [t2!.id, 'valid', 'Bar'],
        [t3.id, 'valid', null],
      ].sort(),
    );
    expect(delta.tickets.map((t) => t.id)).not.toContain(t0!.id);

    // The next cursor still re-sends ticket rows changed within the lag, and nothing once it has passed.
    expect((await door.roster(delta.cursor)).tickets.map((t) => t.id).sort()).toEqual([t1!.id, t3.id].sort());
    c.clock.advance(CURSOR_LAG_MS);
    const settled = await door.roster(delta.cursor);
    expect(settled.tickets.map((t) => t.id).sort()).toEqual([t1!.id, t3.id].sort());
    expect((await door.roster(settled.cursor)).tickets).toEqual([]);
  });

  it('re-sends a ticket whose check-in moved to an earlier scan that arrived late', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const t0 = await sellTicket(c, 0);
    const door = await pairPhone(c, event.id, 'Door');
    const bar = await pairPhone(c, event.id, 'Bar');
    c.clock.advance(CURSOR_LAG_MS + 10 * MIN);
    const first = await door.scan([{ qr: t0.qrSecret, deviceTime: T0 + 5 * MIN }], '0.0');
    expect(first.roster?.tickets.map((t) => [t.id, t.checkedInBy])).toEqual([[t0.id, 'Door']]);
    const cursor = first.roster!.cursor;
    await bar.scan([{ qr: t0.qrSecret, deviceTime: T0 + 2 * MIN }]);
    const delta = await door.roster(cursor);
    expect(delta.tickets).toEqual([
      expect.objectContaining({ id: t0.id, checkedInBy: 'Bar', checkedInAt: T0 + 2 * MIN }),
    ]);
  });

  it('refuses a malformed cursor', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const door = await pairPhone(c, event.id, 'Door');
    for (const since of ['abc', '1.2.3.4', '-1.0', `${'9'.repeat(20)}.1`]) {
      expect((await door.get(`/roster?since=${since}`)).status).toBe(400);
    }
  });
});
