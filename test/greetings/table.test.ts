import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { CURSOR_LAG_MS } from '../../src/checkin/roster';
import { tickets } from '../../src/db/schema';
import { login } from '../admin/session';
import { type CheckinApp, makeCheckinApp } from '../checkin/setup';
import { ADMIN_TOKEN } from '../helpers';
import { dinnerWithGuests, roster } from './setup';

let c: CheckinApp;
afterEach(() => c?.close());

async function setup() {
  c = await makeCheckinApp();
  const d = await dinnerWithGuests(c, 2);
  c.clock.advance(CURSOR_LAG_MS + 60_000);
  return d;
}
const stored = async (id: string) =>
  (await c.deps.db.query.tickets.findFirst({ where: eq(tickets.id, id) }))!.tableLabel;
type Table = { tableLabel?: string | null };
const tableOf = async (phone: Parameters<typeof roster>[0], id: string, since?: string) =>
  ((await roster(phone, since)).tickets.find((t) => t.id === id) as Table | undefined)?.tableLabel;

describe('the table of a ticket (admin API)', () => {
  it('is set (trimmed) and cleared by PATCH /api/admin/tickets/:id, and reaches the phones in the full roster and the delta', async () => {
    const { event, sold, anna } = await setup();
    const before = await roster(anna);
    expect(await tableOf(anna, sold[0]!.id)).toBeNull();

    const res = await c.adminJson(`/tickets/${sold[0]!.id}`, 'PATCH', { tableLabel: '  3 ' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: sold[0]!.id, eventId: event.id, tableLabel: '3' });
    expect(await tableOf(anna, sold[0]!.id)).toBe('3');
    const delta = await roster(anna, before.cursor);
    expect(delta.full).toBe(false);
    expect(delta.tickets.map((t) => [t.id, (t as Table).tableLabel])).toEqual([[sold[0]!.id, '3']]);

    // Empty clears, and so does null; the delta carries the cleared table too.
    c.clock.advance(CURSOR_LAG_MS + 60_000);
    const mid = (await roster(anna)).cursor;
    expect((await (await c.adminJson(`/tickets/${sold[0]!.id}`, 'PATCH', { tableLabel: ' ' })).json()).tableLabel).toBe(
      null,
    );
    expect(await tableOf(anna, sold[0]!.id, mid)).toBeNull();
    await c.adminJson(`/tickets/${sold[1]!.id}`, 'PATCH', { tableLabel: 'Fenster' });
    expect((await c.adminJson(`/tickets/${sold[1]!.id}`, 'PATCH', { tableLabel: null })).status).toBe(200);
    expect(await stored(sold[1]!.id)).toBeNull();
  });

  it('bad input is a clear 4xx and changes nothing', async () => {
    const { sold } = await setup();
    await c.adminJson(`/tickets/${sold[0]!.id}`, 'PATCH', { tableLabel: '7' });
    const bad: unknown[] = [{ tableLabel: 'x'.repeat(21) }, { tableLabel: 7 }, {}, { tableLabel: '1', extra: 1 }, []];
    for (const body of bad) {
      const res = await c.adminJson(`/tickets/${sold[0]!.id}`, 'PATCH', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
    const notJson = await c.request(`/api/admin/tickets/${sold[0]!.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect((await c.adminJson('/tickets/nosuchticket0', 'PATCH', { tableLabel: '1' })).status).toBe(404);
    const noBearer = await c.request(`/api/admin/tickets/${sold[0]!.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tableLabel: '9' }),
    });
    expect(noBearer.status).toBe(401);
    expect(await stored(sold[0]!.id)).toBe('7');
  });
});

describe('the table form on the dinner page', () => {
  it('shows a labelled field per valid ticket and saves through the CSRF-checked form', async () => {
    const { event, sold } = await setup();
    const s = await login(c);
    const page = await (await s.get(`/admin/events/${event.id}?lang=de`)).text();
    expect(page).toContain(`action="/admin/tickets/${sold[0]!.id}/table"`);
    expect(page).toMatch(/<label>Tisch <input name="tableLabel" value="" maxlength="20"/);

    const res = await s.post(`/admin/tickets/${sold[0]!.id}/table`, { tableLabel: ' 12 ' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/events/${event.id}?msg=saved`);
    expect(await stored(sold[0]!.id)).toBe('12');
    expect(await (await s.get(`/admin/events/${event.id}`)).text()).toContain('name="tableLabel" value="12"');

    // Without the session's CSRF token, or too long: refused, nothing changed.
    const forged = await s.post(`/admin/tickets/${sold[0]!.id}/table`, { tableLabel: '1' }, { csrf: false });
    expect(forged.status).toBe(403);
    const long = await s.post(`/admin/tickets/${sold[0]!.id}/table`, { tableLabel: 'y'.repeat(21) });
    expect(long.status).toBe(303);
    expect(long.headers.get('location')).toBe(`/admin/events/${event.id}?err=invalid_input`);
    expect(await stored(sold[0]!.id)).toBe('12');
    // Emptying the field clears the table.
    await s.post(`/admin/tickets/${sold[0]!.id}/table`, { tableLabel: '' });
    expect(await stored(sold[0]!.id)).toBeNull();
    // No session: to the login page, nothing changed.
    const anon = await c.postForm(`/admin/tickets/${sold[0]!.id}/table`, { tableLabel: '1' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/admin');
    expect(await stored(sold[0]!.id)).toBeNull();
  });
});
