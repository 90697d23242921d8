import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminSessions, events, outbox } from '../../src/db/schema';
import { holdSeatVia, orderRow, payVia } from '../flow';
import { ADMIN_TOKEN, createDinner, makeTestApp, type TestApp } from '../helpers';
import { type AdminSession, eventForm, login, sessionCookie } from './session';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const allEvents = () => t.deps.db.select().from(events);

describe('login', () => {
  it('without a session GET /admin shows the login form, not cached', async () => {
    const res = await t.request('/admin');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html).toContain('<label for="token">Admin-Token</label>');
    expect(html).toContain('name="token"');
  });

  it('a wrong token → 401, the form again with a message, no cookie', async () => {
    const res = await t.postForm('/admin/login', { token: 'wrong-token-wrong-token' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const html = await res.text();
    expect(html).toContain('name="token"');
    expect(html).toContain('role="alert"');
    expect(await t.deps.db.select().from(adminSessions)).toHaveLength(0);
  });

  it('the right token → 303 to /admin with an HttpOnly SameSite=Strict cookie', async () => {
    const res = await t.postForm('/admin/login', { token: ADMIN_TOKEN });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    const header = res.headers.get('set-cookie')!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Strict/i);
    const cookie = sessionCookie(res)!;
    const page = await t.request('/admin?lang=en', { headers: { cookie } });
    const html = await page.text();
    expect(html).toContain('Create a dinner');
    expect(html).toContain('href="/admin/events/new"');
    expect(html).toContain('href="/admin?lang=de"');
  });

  it('logout ends the session: the old cookie opens nothing', async () => {
    const s = await login(t);
    const res = await s.post('/admin/logout');
    expect(res.status).toBe(303);
    const after = await s.get('/admin/events/new');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/admin');
  });
});

describe('without a session', () => {
  it.each(['/admin/events/new', '/admin/events/abc', '/admin/events/abc/cancel', '/admin/outbox', '/admin/outbox/x'])(
    'GET %s → 303 to /admin',
    async (path) => {
      const res = await t.request(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin');
    },
  );

  it('form posts → 303 to /admin and change nothing', async () => {
    const event = await createDinner(t);
    const create = await t.postForm('/admin/events', eventForm({ csrf: 'guess' }));
    const cancel = await t.postForm(`/admin/events/${event.id}/cancel`, { csrf: 'guess' });
    const edit = await t.postForm(`/admin/events/${event.id}`, eventForm({ slug: 'dinner', csrf: 'guess' }));
    for (const res of [create, cancel, edit]) {
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin');
    }
    const rows = await allEvents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'on_sale', title: 'Network Dinner Frankfurt' });
  });
});

describe('creating an event through the form', () => {
  let s: AdminSession;
  beforeEach(async () => {
    s = await login(t);
  });

  it('stores local Berlin time as UTC and "49,90" as 4990 cents', async () => {
    const form = await s.get('/admin/events/new');
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    const res = await s.post('/admin/events', eventForm());
    expect(res.status).toBe(303);
    const [row] = await allEvents();
    expect(row).toMatchObject({ slug: 'winter-dinner', priceCents: 4990, capacity: 92, timezone: 'Europe/Berlin' });
    expect(row!.startsAt).toBe(Date.parse('2026-12-03T18:00:00Z'));
    expect(row!.endsAt).toBe(Date.parse('2026-12-03T22:00:00Z'));
    expect(row!.salesCloseAt).toBeNull();
    expect(res.headers.get('location')).toBe(`/admin/events/${row!.id}?msg=created`);
    const page = await (await s.get(`/admin/events/${row!.id}?msg=created&lang=en`)).text();
    expect(page).toContain('The dinner was created.');
    expect(page).toContain('value="2026-12-03T19:00"');
    expect(page).toContain('value="49.90"');
    expect(page).toContain('/e/winter-dinner');
  });

  it('without the csrf field → 403 and nothing created', async () => {
    const res = await s.post('/admin/events', eventForm(), { csrf: false });
    expect(res.status).toBe(403);
    expect(await allEvents()).toHaveLength(0);
  });

  it('with a wrong csrf token → 403 and nothing created', async () => {
    const res = await s.post('/admin/events', eventForm({ csrf: 'x'.repeat(32) }), { csrf: false });
    expect(res.status).toBe(403);
    expect(await allEvents()).toHaveLength(0);
  });

  it('without the Origin header → 403 and nothing created', async () => {
    const res = await s.post('/admin/events', eventForm(), { origin: false });
    expect(res.status).toBe(403);
    expect(await allEvents()).toHaveLength(0);
  });

  it('garbage → 400, the form again with the values and per-field messages, no row', async () => {
    const res = await s.post('/admin/events?lang=en', eventForm({ capacity: 'abc', title: '', price: '49,9,0' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Please check the marked fields.');
    expect(html).toMatch(/id="title-error">Required\./);
    expect(html).toMatch(/id="capacity-error">Please enter a whole number\./);
    expect(html).toMatch(/id="price-error">/);
    expect(html).toContain('value="abc"');
    expect(html).toContain('value="winter-dinner"');
    expect(await allEvents()).toHaveLength(0);
  });

  it.each([
    ['end before start', { endsAt: '2026-12-03T18:00' }, 'endsAt'],
    ['unknown time zone', { timezone: 'Europe/Atlantis' }, 'timezone'],
    ['no start', { startsAt: '' }, 'startsAt'],
    ['price below the minimum', { price: '0,20' }, 'price'],
    ['bad slug', { slug: 'Winter Dinner' }, 'slug'],
    ['bad status', { status: 'open' }, 'status'],
  ])('%s → 400 with a message at %s, never a 500', async (_name, overrides, field) => {
    const res = await s.post('/admin/events', eventForm(overrides));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`id="${field}-error"`);
    expect(await allEvents()).toHaveLength(0);
  });

  it('a start the zone skips (summer time) → 400 with a message in the reader’s language, nothing created', async () => {
    const gap = eventForm({ startsAt: '2026-03-29T02:30', endsAt: '2026-03-29T06:00' });
    const en = await (await s.post('/admin/events?lang=en', gap)).text();
    expect(en).toMatch(/id="startsAt-error">This time does not exist in the time zone/);
    const res = await s.post('/admin/events?lang=de', gap);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="startsAt-error">Diese Uhrzeit gibt es in der Zeitzone nicht/);
    expect(await allEvents()).toHaveLength(0);
  });

  it('a taken slug → the form again with a message at the slug', async () => {
    await createDinner(t, { slug: 'winter-dinner' });
    const res = await s.post('/admin/events?lang=en', eventForm());
    expect(res.status).toBe(409);
    expect(await res.text()).toMatch(/id="slug-error">This slug is already taken\./);
    expect(await allEvents()).toHaveLength(1);
  });
});

describe('the event page', () => {
  let s: AdminSession;
  beforeEach(async () => {
    s = await login(t);
  });

  it('edits through the form; invalid edits change nothing', async () => {
    const event = await createDinner(t);
    const ok = await s.post(`/admin/events/${event.id}`, eventForm({ slug: 'dinner', title: 'Renamed', price: '55' }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/admin/events/${event.id}?msg=saved`);
    const bad = await s.post(`/admin/events/${event.id}`, eventForm({ slug: 'dinner', capacity: '-3' }));
    expect(bad.status).toBe(400);
    const [row] = await allEvents();
    expect(row).toMatchObject({ title: 'Renamed', priceCents: 5500, capacity: 92 });
  });

  it('cancels after a confirmation page; the public page then says so', async () => {
    const event = await createDinner(t);
    const confirm = await s.get(`/admin/events/${event.id}/cancel`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain(`action="/admin/events/${event.id}/cancel"`);
    const res = await s.post(`/admin/events/${event.id}/cancel`);
    expect(res.status).toBe(303);
    expect((await allEvents())[0]!.status).toBe('cancelled');
    expect(await (await t.request('/e/dinner?lang=en')).text()).toContain('This dinner has been cancelled.');
  });

  it('cancels and refunds every paid ticket when the box stays ticked', async () => {
    const event = await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    expect(await (await s.get(`/admin/events/${event.id}/cancel`)).text()).toMatch(/id="refund"[^>]*checked/);
    const res = await s.post(`/admin/events/${event.id}/cancel`, { refund: 'on' });
    expect(res.headers.get('location')).toContain('msg=cancelledRefunded');
    expect((await orderRow(t, order.id)).status).toBe('refunded');
  });

  it('refunds a paid order, and says so when an order is not refundable', async () => {
    const event = await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    const page = await (await s.get(`/admin/events/${event.id}`)).text();
    expect(page).toContain(`action="/admin/orders/${order.id}/refund"`);
    const res = await s.post(`/admin/orders/${order.id}/refund`, { event: event.id });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/events/${event.id}?msg=refunded`);
    expect((await orderRow(t, order.id)).status).toBe('refunded');
    const again = await s.post(`/admin/orders/${order.id}/refund`, { event: event.id });
    expect(again.headers.get('location')).toBe(`/admin/events/${event.id}?err=not_refundable`);
    const shown = await s.get(`/admin/events/${event.id}?err=not_refundable&lang=en`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('This order cannot be refunded');
  });

  it('an unknown event → 404 page', async () => {
    expect((await s.get('/admin/events/nope')).status).toBe(404);
  });

  it('a flash code that is not ours shows nothing', async () => {
    const event = await createDinner(t);
    const html = await (await s.get(`/admin/events/${event.id}?msg=constructor&err=%3Cb%3E`)).text();
    expect(html).not.toContain('class="msg ok"');
    expect(html).not.toContain('<b>');
  });
});

describe('the outbox', () => {
  it('lists mails and shows one escaped, with attachment names', async () => {
    const s = await login(t);
    await createDinner(t);
    const { sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    await t.deps.db.update(outbox).set({ text: 'Hi <script>alert(1)</script> & bye' });
    const [mail] = await t.deps.db.select().from(outbox);
    const list = await (await s.get('/admin/outbox')).text();
    expect(list).toContain(`href="/admin/outbox/${mail!.id}"`);
    expect(list).toContain('guest0@example.com');
    const res = await s.get(`/admin/outbox/${mail!.id}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; bye');
    expect(html).toContain('ticket.ics');
    expect((await s.get('/admin/outbox/nope')).status).toBe(404);
  });
});
