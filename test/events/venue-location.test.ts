import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyEventForm, parseEventForm, parseVenueLocation } from '../../src/admin/event-form';
import { makeTestApp, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const event = (extra: Record<string, unknown>) => ({
  slug: `loc-${Math.random().toString(36).slice(2, 8)}`,
  title: 'Dinner',
  venue: 'Hotel',
  startsAt: '2027-01-14T18:00:00Z',
  endsAt: '2027-01-14T22:00:00Z',
  timezone: 'Europe/Berlin',
  priceCents: 5000,
  currency: 'EUR',
  capacity: 10,
  ...extra,
});

describe("the venue's coordinates", () => {
  it('are both or neither, in range, through the admin API; null clears them', async () => {
    const ok = await t.adminJson('/events', 'POST', event({ venueLatitude: 50.1109, venueLongitude: 8.6821 }));
    expect(ok.status).toBe(201);
    const created = (await ok.json()) as { id: string; venueLatitude: number; venueLongitude: number };
    expect([created.venueLatitude, created.venueLongitude]).toEqual([50.1109, 8.6821]);
    expect((await t.adminJson('/events', 'POST', event({ venueLatitude: 50.1 }))).status).toBe(400);
    expect((await t.adminJson('/events', 'POST', event({ venueLatitude: 91, venueLongitude: 8 }))).status).toBe(400);
    expect((await t.adminJson(`/events/${created.id}`, 'PATCH', { venueLongitude: null })).status).toBe(400);
    const cleared = await t.adminJson(`/events/${created.id}`, 'PATCH', { venueLatitude: null, venueLongitude: null });
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toMatchObject({ venueLatitude: null, venueLongitude: null });
    const plain = (await (await t.adminJson('/events', 'POST', event({}))).json()) as Record<string, unknown>;
    expect(plain).toMatchObject({ venueLatitude: null, venueLongitude: null });
  });

  it('are typed in the form as maps apps copy them', () => {
    expect(parseVenueLocation('')).toBeNull();
    expect(parseVenueLocation('50.1109, 8.6821')).toEqual({ latitude: 50.1109, longitude: 8.6821 });
    expect(parseVenueLocation(' -33.8568 151.2153 ')).toEqual({ latitude: -33.8568, longitude: 151.2153 });
    expect(parseVenueLocation('50,1109; 8,6821')).toEqual({ latitude: 50.1109, longitude: 8.6821 });
    for (const bad of ['50.1109', 'Frankfurt', '95, 8', '50, 181', '50,1109, 8,6821'])
      expect(parseVenueLocation(bad)).toBe('invalid');
  });

  it("reach the event from the organizer's form, and a wrong entry is that field's error", () => {
    const form = {
      ...emptyEventForm(),
      slug: 'loc',
      title: 'Dinner',
      venue: 'Hotel',
      startsAt: '2027-01-14T19:00',
      endsAt: '2027-01-14T23:00',
      price: '50',
      capacity: '10',
    };
    const ok = parseEventForm({ ...form, venueLocation: '50.1109, 8.6821' });
    expect(ok.ok && [ok.input.venueLatitude, ok.input.venueLongitude]).toEqual([50.1109, 8.6821]);
    const none = parseEventForm(form);
    expect(none.ok && [none.input.venueLatitude, none.input.venueLongitude]).toEqual([null, null]);
    const bad = parseEventForm({ ...form, venueLocation: 'Frankfurt' });
    expect(!bad.ok && bad.errors).toEqual({ venueLocation: { code: 'coordinates' } });
  });
});
