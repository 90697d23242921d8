import { readFileSync } from 'node:fs';
import { count, eq, like } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { consents, demoSessions, orders, outbox, tickets } from '../../src/db/schema';
import { getEventStats } from '../../src/events/service';
import { holdSeatVia, orderRow, payVia } from '../flow';
import { buyerForm, createDinner, makeTestApp, ORIGIN, type TestApp } from '../helpers';

let t: TestApp;
afterEach(() => t?.close());
const orderCount = async () => (await t.deps.db.select({ n: count() }).from(orders))[0]!.n;

describe('event page', () => {
  it('speaks German by default, English by Accept-Language and by ?lang=', async () => {
    t = await makeTestApp();
    await createDinner(t);
    const de = await (await t.request('/e/dinner')).text();
    expect(de).toContain('Noch 92 Plätze frei');
    expect(de).toContain('50,00');
    expect(de).toContain('Donnerstag, 3. Dezember 2026 um 19:00');
    const en = await (await t.request('/e/dinner', { headers: { 'accept-language': 'en-US,en;q=0.9' } })).text();
    expect(en).toContain('92 seats left');
    const switched = await t.request('/e/dinner?lang=en');
    expect(await switched.text()).toContain('Book your seat');
    expect(switched.headers.get('set-cookie')).toContain('lang=en');
  });

  it('labels every form field and answers 404 for an unknown event', async () => {
    t = await makeTestApp();
    await createDinner(t);
    const html = await (await t.request('/e/dinner')).text();
    for (const id of [
      'givenName',
      'familyName',
      'badge-name',
      'email',
      'company',
      'role',
      'phone',
      'linkedin',
      'askMeAbout',
      'consentHost',
      'consentGuests',
      'terms',
    ])
      expect(html).toContain(`for="${id}"`);
    expect(html).not.toMatch(/id="consent\w+"[^>]*checked/);
    // the terms the box accepts can be read, in the page's language (static pages in public/)
    // the test dinner says "du": its German terms do too (public/terms.de-du.html)
    expect(html).toContain('href="/terms.de-du.html"');
    expect(await (await t.request('/e/dinner?lang=en')).text()).toContain('href="/terms.en.html"');
    for (const lang of ['de', 'en']) {
      const page = readFileSync(`public/terms.${lang}.html`, 'utf8');
      expect(page).toContain(`<html lang="${lang}">`);
      expect(page).toMatch(/<title>[^<]+<\/title>/);
    }
    expect((await t.request('/e/nope')).status).toBe(404);
  });

  it('sends secure headers', async () => {
    t = await makeTestApp();
    await createDinner(t);
    const res = await t.request('/e/dinner');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('holding a seat', () => {
  it('holds one seat, records both consents and redirects 303 to the payment page', async () => {
    t = await makeTestApp();
    const event = await createDinner(t);
    const res = await t.postForm('/e/dinner/checkout', buyerForm(1, { consentGuests: 'on' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^http:\/\/klick\.test\/demo\/checkout\/cs_demo_/);
    expect((await getEventStats(t.deps, event)).held).toBe(1);
    const order = (await t.deps.db.select().from(orders))[0]!;
    const rows = await t.deps.db.select().from(consents).where(eq(consents.orderId, order.id));
    expect(rows.map((r) => [r.scope, r.granted]).sort()).toEqual([
      ['guests', true],
      ['host', true],
    ]);
  });

  const bad: [string, Record<string, string>][] = [
    ['missing name', buyerForm(1, { name: '' })],
    ['bad email', buyerForm(1, { email: 'not-an-email' })],
    [
      'terms not accepted',
      (() => {
        const f = buyerForm(1);
        delete f.terms;
        return f;
      })(),
    ],
    ['huge name', buyerForm(1, { name: 'x'.repeat(5000) })],
    ['linkedin not a linkedin link', buyerForm(1, { linkedin: 'javascript:alert(1)' })],
    ['phone with letters', buyerForm(1, { phone: 'call me' })],
    ['checkbox with a strange value', buyerForm(1, { consentHost: 'yes please' })],
  ];
  for (const [name, form] of bad) {
    it(`${name} → 400 page with a message, nothing held`, async () => {
      t = await makeTestApp();
      await createDinner(t);
      const res = await t.postForm('/e/dinner/checkout', form);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Bitte prüfe die markierten Felder');
      expect(await orderCount()).toBe(0);
    });
  }

  it('refuses non-form bodies, oversized bodies and foreign origins without a 500', async () => {
    t = await makeTestApp();
    await createDinner(t);
    const json = await t.request('/e/dinner/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: '{"name":1}',
    });
    expect(json.status).toBe(400);
    const big = await t.postForm('/e/dinner/checkout', buyerForm(1, { askMeAbout: 'x'.repeat(100_000) }));
    expect(big.status).toBe(413);
    const foreign = await t.request('/e/dinner/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams(buyerForm(1)).toString(),
    });
    expect(foreign.status).toBe(403);
    expect((await t.postForm('/e/unknown/checkout', buyerForm(1))).status).toBe(404);
    expect(await orderCount()).toBe(0);
  });

  it('never oversells under concurrent purchases', async () => {
    t = await makeTestApp();
    const event = await createDinner(t, { capacity: 5 });
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => t.postForm('/e/dinner/checkout', buyerForm(i))),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(55);
    expect((await getEventStats(t.deps, event)).held).toBe(5);
    expect(await results.find((r) => r.status === 409)!.text()).toContain('Ausverkauft');
  });

  it('a lapsed hold frees its seat for the next buyer', async () => {
    t = await makeTestApp();
    await createDinner(t, { capacity: 1 });
    await holdSeatVia(t, 1);
    expect((await t.postForm('/e/dinner/checkout', buyerForm(2))).status).toBe(409);
    t.clock.advance(37 * 60_000);
    expect((await t.postForm('/e/dinner/checkout', buyerForm(2))).status).toBe(303);
  });

  it('closed sales and cancelled dinners show why and hold nothing', async () => {
    t = await makeTestApp();
    await createDinner(t, { salesCloseAt: '2026-11-22T09:00:00Z' });
    const closed = await t.postForm('/e/dinner/checkout', buyerForm(1));
    expect(closed.status).toBe(409);
    expect(await (await t.request('/e/dinner')).text()).toContain('Verkauf für dieses Dinner ist beendet');
    await createDinner(t, { slug: 'off', status: 'cancelled' });
    expect((await t.postForm('/e/off/checkout', buyerForm(2))).status).toBe(409);
    expect(await (await t.request('/e/off')).text()).toContain('abgesagt');
    expect(await orderCount()).toBe(0);
  });
});

describe('production without a payment key', () => {
  it('says payments are not configured, answers 503 and has no demo checkout', async () => {
    t = await makeTestApp({ ENVIRONMENT: 'production' });
    await createDinner(t);
    expect(await (await t.request('/api/health')).json()).toEqual({
      ok: true,
      payments: 'none',
      mail: 'none',
      db: 'ok',
    });
    expect(await (await t.request('/e/dinner')).text()).toContain('Zahlungen sind nicht eingerichtet');
    expect((await t.postForm('/e/dinner/checkout', buyerForm(1))).status).toBe(503);
    expect((await t.request('/demo/checkout/cs_demo_x')).status).toBe(404);
    expect(await orderCount()).toBe(0);
  });
});

describe('refunds by the organizer', () => {
  it('refunds through the gateway, voids the ticket and frees the seat; twice is refused', async () => {
    t = await makeTestApp();
    const event = await createDinner(t, { capacity: 1 });
    const { order, sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    const res = await t.adminJson(`/orders/${order.id}/refund`, 'POST');
    expect(res.status).toBe(200);
    expect((await orderRow(t, order.id)).status).toBe('refunded');
    const ticket = await t.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id) });
    expect(ticket!.status).toBe('void');
    const session = await t.deps.db.query.demoSessions.findFirst({ where: eq(demoSessions.id, sessionId) });
    expect(session!.refundedAt).not.toBeNull();
    const stats = await getEventStats(t.deps, event);
    expect(stats).toMatchObject({ sold: 0, seatsLeft: 1, refunded: 1, revenueCents: 0 });
    const again = await t.adminJson(`/orders/${order.id}/refund`, 'POST');
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('not_refundable');
  });
});

describe('cancelling a dinner', () => {
  it('with refund: every paid ticket is refunded and void, open holds are cancelled', async () => {
    t = await makeTestApp();
    const event = await createDinner(t);
    for (const i of [1, 2]) {
      const { sessionId } = await holdSeatVia(t, i);
      await payVia(t, sessionId);
    }
    const hold = await holdSeatVia(t, 3);
    const res = await t.adminJson(`/events/${event.id}/cancel`, 'POST', { refund: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'cancelled', refunds: { refunded: 2, failed: 0 } });
    expect((await orderRow(t, hold.order.id)).status).toBe('cancelled');
    expect((await t.deps.db.select().from(tickets)).map((x) => x.status)).toEqual(['void', 'void']);
    expect((await getEventStats(t.deps, event)).sold).toBe(0);
  });

  it('tells every guest with a paid ticket, once, in the language of the purchase, whether the money comes back', async () => {
    t = await makeTestApp();
    const event = await createDinner(t);
    const paid: { id: string; email: string }[] = [];
    for (const i of [1, 2]) {
      const { order, sessionId } = await holdSeatVia(t, i);
      await payVia(t, sessionId);
      paid.push(order);
    }
    await t.deps.db.update(orders).set({ locale: 'en' }).where(eq(orders.id, paid[1]!.id));
    await holdSeatVia(t, 3);
    const calledOff = () => t.deps.db.select().from(outbox).where(like(outbox.dedupeKey, 'called-off:%'));
    expect(await calledOff()).toHaveLength(0);
    await t.adminJson(`/events/${event.id}/cancel`, 'POST', { refund: true });
    const mails = await calledOff();
    // the two paid seats, not the open hold
    expect(mails.map((m) => m.to).sort()).toEqual([paid[0]!.email, paid[1]!.email].sort());
    const de = mails.find((m) => m.to === paid[0]!.email)!;
    const en = mails.find((m) => m.to === paid[1]!.email)!;
    expect(de.subject).toBe(`Abgesagt: ${event.title}`);
    expect(de.text).toContain('findet nicht statt');
    expect(de.text).toContain('Wir erstatten');
    expect(de.text).toContain('50,00');
    expect(en.subject).toBe(`Cancelled: ${event.title}`);
    expect(en.text).toContain('We are refunding the full');
    // cancelling again mails nobody twice
    await t.adminJson(`/events/${event.id}/cancel`, 'POST', { refund: true });
    expect(await calledOff()).toHaveLength(2);
  });

  it('without refunding, the guests hear that the organizer will contact them about the payment', async () => {
    t = await makeTestApp();
    const event = await createDinner(t);
    const { sessionId } = await holdSeatVia(t, 1);
    await payVia(t, sessionId);
    await t.adminJson(`/events/${event.id}/cancel`, 'POST');
    const [mail] = await t.deps.db.select().from(outbox).where(like(outbox.dedupeKey, 'called-off:%'));
    expect(mail!.text).toContain('meldet sich der Veranstalter');
    expect(mail!.text).not.toContain('erstatten');
  });

  it('without a body it only cancels; a malformed body changes nothing', async () => {
    t = await makeTestApp();
    const event = await createDinner(t);
    const bad = await t.adminJson(`/events/${event.id}/cancel`, 'POST', { refund: 'yes' });
    expect(bad.status).toBe(400);
    expect((await t.adminJson(`/events/${event.id}`)).status).toBe(200);
    expect((await (await t.adminJson(`/events/${event.id}`)).json()).status).toBe('on_sale');
    const ok = await t.adminJson(`/events/${event.id}/cancel`, 'POST');
    expect(await ok.json()).toMatchObject({ status: 'cancelled', refunds: null });
  });
});
