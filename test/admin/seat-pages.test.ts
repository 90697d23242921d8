import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tickets } from '../../src/db/schema';
import { createDinner, makeTestApp, type TestApp } from '../helpers';
import { join, line, sellSeat } from '../waitlist/setup';
import { login } from './session';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

describe('the organizer’s pages for filling seats', () => {
  it('codes: created through the form (an amount as money), listed with uses and revenue', async () => {
    const event = await createDinner(t);
    const admin = await login(t);
    expect(await (await admin.get(`/admin/events/${event.id}`)).text()).toContain(`/admin/events/${event.id}/codes`);
    const ok = await admin.post(`/admin/events/${event.id}/codes`, {
      code: 'sponsor10',
      kind: 'amount',
      value: '10,00',
      maxUses: '3',
      expiresAt: '2026-12-01T12:00',
    });
    expect(ok.status).toBe(303);
    await t.postForm('/e/dinner/checkout', {
      givenName: 'A',
      familyName: 'B',
      email: 'a@example.com',
      company: 'C',
      role: 'R',
      terms: 'on',
      code: 'SPONSOR10',
    });
    const page = await (await admin.get(`/admin/events/${event.id}/codes`)).text();
    expect(page).toContain('<code>SPONSOR10</code>');
    expect(page).toContain('1 / 3');
    const { codes } = await (await t.adminJson(`/events/${event.id}/codes`)).json();
    expect(codes[0]).toMatchObject({ kind: 'amount', value: 1000, expiresAt: '2026-12-01T11:00:00.000Z' });
    const bad = await admin.post(`/admin/events/${event.id}/codes`, {
      code: 'x',
      kind: 'percent',
      value: '',
      maxUses: '',
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    for (const f of ['code', 'value', 'maxUses']) expect(html).toContain(`id="${f}-error"`);
    const twice = await admin.post(`/admin/events/${event.id}/codes`, {
      code: 'SPONSOR10',
      kind: 'comp',
      maxUses: '1',
    });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('Dieses Dinner hat diesen Code schon.');
  });

  it('codes: ended from the page with one button, behind the CSRF check; the list says so', async () => {
    const event = await createDinner(t);
    const admin = await login(t);
    await admin.post(`/admin/events/${event.id}/codes`, { code: 'PARTNER', kind: 'comp', maxUses: '5' });
    const code = (await t.deps.db.query.accessCodes.findFirst())!;
    const page = await (await admin.get(`/admin/events/${event.id}/codes`)).text();
    expect(page).toContain(`action="/admin/events/${event.id}/codes/${code.id}/end"`);
    expect(page).toContain('aria-label="Code beenden: PARTNER"');
    const forged = await admin.post(`/admin/events/${event.id}/codes/${code.id}/end`, {}, { csrf: false });
    expect(forged.status).toBe(403);
    expect((await t.deps.db.query.accessCodes.findFirst())!.expiresAt).toBeNull();
    const ok = await admin.post(`/admin/events/${event.id}/codes/${code.id}/end`);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toContain('msg=codeEnded');
    const after = await (await admin.get(ok.headers.get('location')!)).text();
    expect(after).toContain('Der Code ist beendet');
    expect(after).toContain('>beendet<');
    expect(after).not.toContain(`/codes/${code.id}/end"`);
  });

  it('the waitlist: the line with its states; offer by hand and remove, behind the CSRF check', async () => {
    const event = await createDinner(t, { capacity: 1 });
    await sellSeat(t, 1);
    await join(t, 1);
    await join(t, 2);
    const admin = await login(t);
    const page = await (await admin.get(`/admin/events/${event.id}/waitlist`)).text();
    expect(page).toContain('Waiter 1');
    expect(page).toContain('waiter2@example.com');
    expect(page).toContain('Wartet');
    const second = (await t.deps.db.query.waitlistEntries.findMany()).find((w) => w.email === 'waiter2@example.com')!;
    const forged = await admin.post(`/admin/events/${event.id}/waitlist/${second.id}/offer`, {}, { csrf: false });
    expect(forged.status).toBe(403);
    const moved = await admin.post(`/admin/events/${event.id}/waitlist/${second.id}/offer`);
    expect(moved.headers.get('location')).toBe(`/admin/events/${event.id}/waitlist?msg=moved`);
    expect(await line(t, event.id)).toEqual(['waiter2:waiting', 'waiter1:waiting']);
    const removed = await admin.post(`/admin/events/${event.id}/waitlist/${second.id}/remove`);
    expect(removed.headers.get('location')).toBe(`/admin/events/${event.id}/waitlist?msg=removed`);
    const again = await admin.post(`/admin/events/${event.id}/waitlist/${second.id}/remove`);
    expect(again.headers.get('location')).toBe(`/admin/events/${event.id}/waitlist?err=conflict`);
    expect(await (await admin.get(again.headers.get('location')!)).text()).toContain('role="alert"');
  });

  it('a seat’s history, and passing it on from the dinner’s page', async () => {
    const event = await createDinner(t, { transferUntil: null });
    const { order, ticket } = await sellSeat(t, 1);
    const admin = await login(t);
    expect(await (await admin.get(`/admin/events/${event.id}`)).text()).toContain(`/admin/orders/${order.id}`);
    const page = await (await admin.get(`/admin/orders/${order.id}`)).text();
    expect(page).toContain('Bisheriger Gast: Guest 1');
    const bad = await admin.post(`/admin/orders/${order.id}/transfer`, { name: '', email: 'x' });
    expect(bad.status).toBe(400);
    const res = await admin.post(`/admin/orders/${order.id}/transfer`, {
      name: 'Kollegin Kim',
      email: 'kim@example.com',
      company: 'Company 1',
      role: 'COO',
    });
    expect(res.headers.get('location')).toBe(`/admin/orders/${order.id}?msg=transferred`);
    const history = await (await admin.get(`/admin/orders/${order.id}`)).text();
    expect(history).toContain('vom Veranstalter weitergegeben');
    expect(history).toContain('Kollegin Kim');
    const current = await t.deps.db.query.tickets.findFirst({
      where: and(eq(tickets.orderId, order.id), eq(tickets.status, 'valid')),
    });
    expect(current!.id).not.toBe(ticket.id);
    expect(await (await admin.get(`/admin/events/${event.id}`)).text()).toContain('→ Kollegin Kim');
  });
});
