import { afterEach, describe, expect, it } from 'vitest';
import { type CheckinApp, makeCheckinApp, sellTicket } from '../checkin/setup';
import { createDinner } from '../helpers';
import { dinnerWithGuests, greetingRows } from './setup';

let c: CheckinApp;
afterEach(() => c?.close());

describe('greet by scan: whose code is it (POST /api/devices/greetings/lookup)', () => {
  it('tells a ticket of another dinner, a void one, one of this dinner and no ticket apart; writes nothing', async () => {
    c = await makeCheckinApp();
    const { sold, anna } = await dinnerWithGuests(c, 2);
    await createDinner(c, { slug: 'lunch', title: 'Lunch' });
    const other = await sellTicket(c, 9, 'lunch');
    expect((await c.adminJson(`/orders/${sold[1]!.orderId}/refund`, 'POST')).status).toBe(200);
    const ask = async (qr: string) => {
      const res = await anna.post('/greetings/lookup', { qr });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const foreign = await ask(other.qrSecret);
    expect(foreign).toEqual({ status: 200, body: { result: 'wrong_event' } });
    expect(await ask(sold[1]!.qrSecret)).toEqual({ status: 200, body: { result: 'void' } });
    // As the phone reads it: lower case, with the separators a hand-typed code may have.
    const typed = sold[0]!.qrSecret.toLowerCase().replace(/(.{4})/g, '$1-');
    expect(await ask(typed)).toEqual({ status: 200, body: { result: 'ok' } });
    expect(await ask('ABCDEFGHJKMNPQRSTVWXYZ01')).toEqual({ status: 200, body: { result: 'unknown' } });
    expect(await greetingRows(c)).toBe(0);
  });

  it('refuses what is no ticket code, and a phone without a token', async () => {
    c = await makeCheckinApp();
    const { sold, anna } = await dinnerWithGuests(c, 1);
    for (const body of [{ qr: 'not a code!' }, { qr: 'A'.repeat(101) }, {}, { qr: sold[0]!.qrSecret, x: 1 }]) {
      const res = await anna.post('/greetings/lookup', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const res = await c.request('/api/devices/greetings/lookup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qr: sold[0]!.qrSecret }),
    });
    expect(res.status).toBe(401);
  });
});
