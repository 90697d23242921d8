import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventForm, login } from '../admin/session';
import { dinnerInput, makeTestApp, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

describe('the seat policies in the event JSON', () => {
  it('defaults: offers hold 12 h, passing on until the start, not cancellable; stats count the waitlist', async () => {
    const res = await t.adminJson('/events', 'POST', dinnerInput());
    expect(res.status).toBe(201);
    const event = await res.json();
    expect(event).toMatchObject({
      offerHours: 12,
      transferUntil: '2026-12-03T18:00:00.000Z',
      cancellation: null,
      salesOpenAt: null,
    });
    expect(event).not.toHaveProperty('cancelUntilDays');
    const read = await (await t.adminJson(`/events/${event.id}`)).json();
    expect(read.stats).toMatchObject({ waitlist: 0, sold: 0 });
    expect(read.transferUntil).toBe('2026-12-03T18:00:00.000Z');
  });

  it('sets and changes them; the default cut-off moves with the start, a chosen one does not', async () => {
    const created = await (
      await t.adminJson('/events', 'POST', {
        ...dinnerInput(),
        offerHours: 6,
        cancellation: { untilDaysBefore: 14, refundPercent: 90 },
      })
    ).json();
    expect(created).toMatchObject({ offerHours: 6, cancellation: { untilDaysBefore: 14, refundPercent: 90 } });
    const moved = await (
      await t.adminJson(`/events/${created.id}`, 'PATCH', {
        startsAt: '2026-12-10T18:00:00Z',
        endsAt: '2026-12-10T22:00:00Z',
      })
    ).json();
    expect(moved.transferUntil).toBe('2026-12-10T18:00:00.000Z');
    const fixed = await (
      await t.adminJson(`/events/${created.id}`, 'PATCH', { transferUntil: '2026-12-09T12:00:00Z', cancellation: null })
    ).json();
    expect(fixed).toMatchObject({ transferUntil: '2026-12-09T12:00:00.000Z', cancellation: null });
    const later = await (
      await t.adminJson(`/events/${created.id}`, 'PATCH', { startsAt: '2026-12-10T17:00:00Z' })
    ).json();
    expect(later.transferUntil).toBe('2026-12-09T12:00:00.000Z');
    const personal = await (await t.adminJson(`/events/${created.id}`, 'PATCH', { transferUntil: null })).json();
    expect(personal.transferUntil).toBeNull();
  });

  it('refuses what makes no sense, field by field, and changes nothing', async () => {
    const created = await (await t.adminJson('/events', 'POST', dinnerInput())).json();
    const bad = async (patch: Record<string, unknown>) => {
      const res = await t.adminJson(`/events/${created.id}`, 'PATCH', patch);
      expect(res.status).toBe(400);
      return Object.keys((await res.json()).error.details.fields);
    };
    expect(await bad({ cancellation: { untilDaysBefore: 3, refundPercent: 101 } })).toEqual([
      'cancellation.refundPercent',
    ]);
    expect(await bad({ cancellation: { untilDaysBefore: -1, refundPercent: 50 } })).toEqual([
      'cancellation.untilDaysBefore',
    ]);
    expect(await bad({ offerHours: 0 })).toEqual(['offerHours']);
    expect(await bad({ transferUntil: '2026-12-04T00:00:00Z' })).toEqual(['transferUntil']);
    expect(await bad({ salesOpenAt: '2026-12-03T18:00:00Z' })).toEqual(['salesOpenAt']);
    expect(await (await t.adminJson(`/events/${created.id}`)).json()).toMatchObject({
      offerHours: 12,
      cancellation: null,
      salesOpenAt: null,
    });
  });
});

describe('the organizer’s form', () => {
  it('sets the offer hours, the transfer cut-off, the cancellation policy and a pre-sale', async () => {
    const admin = await login(t);
    const res = await admin.post(
      '/admin/events',
      eventForm({
        offerHours: '4',
        transfer: 'until',
        transferUntil: '2026-12-02T12:00',
        cancellation: 'yes',
        cancelDays: '10',
        refundPercent: '50',
        salesOpenAt: '2026-11-25T09:00',
      }),
    );
    expect(res.status).toBe(303);
    const { events } = await (await t.adminJson('/events')).json();
    expect(events[0]).toMatchObject({
      offerHours: 4,
      transferUntil: '2026-12-02T11:00:00.000Z',
      cancellation: { untilDaysBefore: 10, refundPercent: 50 },
      salesOpenAt: Date.parse('2026-11-25T08:00:00Z'),
    });
    const page = await (await admin.get(res.headers.get('location')!)).text();
    expect(page).toMatch(/<option value="until" selected/);
    expect(page).toMatch(/<option value="yes" selected/);
    expect(page).toContain('value="50"');
    expect(page).toContain('<label for="offerHours">');
    // not transferable, not cancellable
    const id = events[0].id;
    await admin.post(`/admin/events/${id}`, eventForm({ transfer: 'no', cancellation: 'no' }));
    expect(await (await t.adminJson(`/events/${id}`)).json()).toMatchObject({
      transferUntil: null,
      cancellation: null,
    });
  });

  it('shows each wrong setting at its field', async () => {
    const admin = await login(t);
    const res = await admin.post(
      '/admin/events',
      eventForm({ cancellation: 'yes', cancelDays: 'x', refundPercent: '120', offerHours: '0', transfer: 'until' }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const f of ['cancelDays', 'refundPercent', 'offerHours', 'transferUntil'])
      expect(html).toContain(`id="${f}-error"`);
  });
});
