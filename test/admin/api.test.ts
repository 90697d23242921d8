import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema';
import { holdSeatVia } from '../flow';
import { dinnerInput, makeTestApp, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const eventCount = async () => (await t.deps.db.select().from(events)).length;
const create = async (overrides = {}) => {
  const res = await t.adminJson('/events', 'POST', dinnerInput(overrides));
  return { res, body: (await res.json()) as Record<string, unknown> & { id: string } };
};

describe('bearer token', () => {
  it.each([
    ['missing', {}],
    ['wrong', { authorization: 'Bearer not-the-admin-token' }],
    ['not bearer', { authorization: 'Basic dGVzdA==' }],
  ])('%s → 401 unauthorized JSON, nothing created', async (_name, headers) => {
    for (const [method, path] of [
      ['GET', '/api/admin/events'],
      ['POST', '/api/admin/events'],
    ] as const) {
      const res = await t.request(path, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: method === 'POST' ? JSON.stringify(dinnerInput()) : undefined,
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    expect(await eventCount()).toBe(0);
  });
});

describe('POST /api/admin/events', () => {
  it('creates an event: 201 with its id, listed afterwards', async () => {
    const { res, body } = await create();
    expect(res.status).toBe(201);
    expect(body.id).toEqual(expect.any(String));
    expect(body).toMatchObject({ slug: 'dinner', priceCents: 5000, startsAt: Date.parse('2026-12-03T18:00:00Z') });
    const list = (await (await t.adminJson('/events')).json()) as { events: { id: string }[] };
    expect(list.events.map((e) => e.id)).toEqual([body.id]);
  });

  it.each([
    ['missing title', { title: undefined }],
    ['price as a float', { priceCents: 49.9 }],
    ['negative capacity', { capacity: -1 }],
    ['unknown time zone', { timezone: 'Mars/Olympus' }],
    ['bad slug', { slug: 'Not A Slug!' }],
    ['a local time the zone skips (summer time)', { startsAt: '2026-03-29T02:30', endsAt: '2026-03-29T05:00' }],
    ['a local time that is no calendar time', { startsAt: '2026-02-30T19:00' }],
    ['a local time with a stray zone name', { startsAt: '2026-12-03T19:00 Europe/Berlin' }],
    ['an unknown field', { priceEuros: 49 }],
    ['end before start', { endsAt: '2026-12-03T17:00:00Z' }],
  ])('%s → 400 invalid_input, nothing created', async (_name, overrides) => {
    const { res, body } = await create(overrides);
    expect(res.status).toBe(400);
    expect((body as unknown as { error: { code: string } }).error.code).toBe('invalid_input');
    expect(await eventCount()).toBe(0);
  });

  it('reads a time without offset in the event’s zone, the repeated autumn hour as its first, summer-time one', async () => {
    const { res, body } = await create({ startsAt: '2026-12-03T19:00', endsAt: '2026-12-03T23:00:00' });
    expect(res.status).toBe(201);
    expect(body).toMatchObject({
      startsAt: Date.parse('2026-12-03T18:00:00Z'),
      endsAt: Date.parse('2026-12-03T22:00:00Z'),
    });
    const autumn = await create({ slug: 'autumn', startsAt: '2026-10-25T02:30', endsAt: '2026-10-25T05:00' });
    expect(autumn.body.startsAt).toBe(Date.parse('2026-10-25T00:30:00Z'));
    // an instant with its offset is taken as given: it always exists
    const instant = await create({ slug: 'instant', startsAt: '2026-03-29T01:30:00Z', endsAt: '2026-03-29T05:00:00Z' });
    expect(instant.body.startsAt).toBe(Date.parse('2026-03-29T01:30:00Z'));
  });

  it('refuses a local time the zone skips with the field named, in a PATCH too (the stored zone applies)', async () => {
    const gap = await create({ startsAt: '2026-03-29T02:30', endsAt: '2026-03-29T05:00' });
    expect(gap.res.status).toBe(400);
    const err = (gap.body as unknown as { error: { details: { fields: Record<string, string> } } }).error;
    expect(err.details.fields.startsAt).toMatch(/does not exist in Europe\/Berlin/);
    const { body } = await create();
    const patch = await t.adminJson(`/events/${body.id}`, 'PATCH', { salesCloseAt: '2026-03-29T02:15' });
    expect(patch.status).toBe(400);
    const ny = await t.adminJson(`/events/${body.id}`, 'PATCH', {
      timezone: 'America/New_York',
      salesCloseAt: '2026-03-29T02:15',
    });
    expect(ny.status).toBe(200);
    expect(((await ny.json()) as { salesCloseAt: number }).salesCloseAt).toBe(Date.parse('2026-03-29T06:15:00Z'));
  });

  it('a body that is not JSON → 400 invalid_input', async () => {
    const res = await t.request('/api/admin/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.deps.config.adminToken}`, 'content-type': 'application/json' },
      body: '{"slug":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
  });

  it('a duplicate slug → 409 conflict, the first event unchanged', async () => {
    await create();
    const { res, body } = await create({ title: 'Another' });
    expect(res.status).toBe(409);
    expect((body as unknown as { error: { code: string } }).error.code).toBe('conflict');
    const rows = await t.deps.db.select().from(events);
    expect(rows.map((r) => r.title)).toEqual(['Network Dinner Frankfurt']);
  });
});

describe('GET /api/admin/events/:id', () => {
  it('answers the event with stats', async () => {
    const { body: created } = await create();
    const res = await t.adminJson(`/events/${created.id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; stats: unknown };
    expect(body.id).toBe(created.id);
    expect(body.stats).toMatchObject({ sold: 0, held: 0, seatsLeft: 92, checkedIn: 0, greeted: 0, revenueCents: 0 });
  });

  it('counts a live hold in the stats', async () => {
    const { body: created } = await create();
    await holdSeatVia(t);
    const body = (await (await t.adminJson(`/events/${created.id}`)).json()) as { stats: Record<string, number> };
    expect(body.stats).toMatchObject({ sold: 0, held: 1, seatsLeft: 91, revenueCents: 0 });
  });

  it.each([
    ['GET', '/events/nope'],
    ['PATCH', '/events/nope'],
    ['POST', '/events/nope/cancel'],
    ['POST', '/orders/nope/refund'],
  ])('%s %s of an unknown id → 404 JSON', async (method, path) => {
    const res = await t.adminJson(path, method, method === 'PATCH' ? { title: 'x' } : undefined);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('PATCH and cancel', () => {
  it('PATCH edits the given fields only', async () => {
    const { body: created } = await create();
    const res = await t.adminJson(`/events/${created.id}`, 'PATCH', { title: 'Renamed', capacity: 40 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ title: 'Renamed', capacity: 40, slug: 'dinner', priceCents: 5000 });
  });

  it('PATCH with invalid input → 400 and the event unchanged', async () => {
    const { body: created } = await create();
    const res = await t.adminJson(`/events/${created.id}`, 'PATCH', { capacity: 'many' });
    expect(res.status).toBe(400);
    const after = (await (await t.adminJson(`/events/${created.id}`)).json()) as { capacity: number };
    expect(after.capacity).toBe(92);
  });

  it('cancel sets the status; the public page then says so and offers no form', async () => {
    const { body: created } = await create();
    const before = await (await t.request('/e/dinner?lang=en')).text();
    expect(before).toContain('<form');
    const res = await t.adminJson(`/events/${created.id}/cancel`, 'POST');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'cancelled' });
    const page = await t.request('/e/dinner?lang=en');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('This dinner has been cancelled.');
    expect(html).not.toContain('<form');
  });
});
