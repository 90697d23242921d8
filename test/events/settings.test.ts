import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getEventStats } from '../../src/events/service';
import { eventForm, login } from '../admin/session';
import { holdSeatVia, payVia } from '../flow';
import { createDinner, dinnerInput, makeTestApp, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

describe('event currency', () => {
  it('accepts currencies with cents, in any letter case', async () => {
    for (const [i, currency] of ['EUR', 'chf', ' usd '].entries()) {
      const res = await t.adminJson('/events', 'POST', { ...dinnerInput({ slug: `c${i}` }), currency });
      expect(res.status).toBe(201);
      expect((await res.json()).currency).toBe(currency.trim().toUpperCase());
    }
  });

  // integer cents would be charged 100× (JPY: no minor unit) or a tenth (KWD: three) of the price
  for (const currency of ['JPY', 'KRW', 'KWD', 'BHD', 'XYZ', 'EU', 'EURO', '123']) {
    it(`refuses ${currency} with a clear message, nothing created`, async () => {
      const res = await t.adminJson('/events', 'POST', { ...dinnerInput(), currency });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.details.fields.currency).toContain('currency with cents');
      expect((await (await t.adminJson('/events')).json()).events).toHaveLength(0);
    });
  }

  it('the organizer form says so in German', async () => {
    const admin = await login(t);
    const res = await admin.post('/admin/events', eventForm({ currency: 'JPY' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Der Code einer Währung mit Cent, etwa EUR.');
  });
});

describe('event capacity', () => {
  it('may not be edited below the seats sold and held; at or above them it may', async () => {
    const event = await createDinner(t, { capacity: 5 });
    const paid = await holdSeatVia(t, 1);
    await payVia(t, paid.sessionId);
    await holdSeatVia(t, 2);
    const low = await t.adminJson(`/events/${event.id}`, 'PATCH', { capacity: 1 });
    expect(low.status).toBe(400);
    const body = await low.json();
    expect(body.error.message).toBe('capacity must be at least 2, the seats sold or held.');
    expect(body.error.details.fields).toEqual({ capacity: 'at least 2' });
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(3);
    const ok = await t.adminJson(`/events/${event.id}`, 'PATCH', { capacity: 2, title: 'Smaller' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ capacity: 2, title: 'Smaller' });
    // a lapsed hold no longer counts
    t.clock.advance(40 * 60_000);
    expect((await t.adminJson(`/events/${event.id}`, 'PATCH', { capacity: 1 })).status).toBe(200);
  });

  it('a refused capacity changes nothing else of the same edit', async () => {
    const event = await createDinner(t, { capacity: 3 });
    await holdSeatVia(t, 1);
    await holdSeatVia(t, 2);
    expect((await t.adminJson(`/events/${event.id}`, 'PATCH', { capacity: 1, title: 'Changed' })).status).toBe(400);
    expect(await (await t.adminJson(`/events/${event.id}`)).json()).toMatchObject({ capacity: 3, title: event.title });
  });
});
