import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSessions, orders, outbox } from '../../src/db/schema';
import { getEventStats } from '../../src/events/service';
import { holdSeatVia, orderRow, payVia } from '../flow';
import { ADMIN_TOKEN, buyerForm, createDinner, makeTestApp, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const orderCount = async () => (await t.deps.db.select({ n: count() }).from(orders))[0]!.n;
const demoSession = async (id: string) =>
  (await t.deps.db.query.demoSessions.findFirst({ where: eq(demoSessions.id, id) }))!;
const post = (fields: Record<string, string>, lang = 'de') => t.postForm(`/e/dinner/checkout?lang=${lang}`, fields);

describe('leaving the payment page', () => {
  it('cancel on the demo checkout releases the hold at once and says nothing was booked', async () => {
    const event = await createDinner(t, { capacity: 1 });
    const { order, sessionId } = await holdSeatVia(t, 1);
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(0);
    const cancel = await t.postForm(`/demo/checkout/${sessionId}/cancel`, {});
    expect(cancel.status).toBe(303);
    expect(cancel.headers.get('location')).toBe(`http://klick.test/orders/${order.id}/cancel`);
    const back = await t.request(`/orders/${order.id}/cancel`);
    expect(back.headers.get('location')).toBe('/e/dinner?cancelled=1');
    expect((await orderRow(t, order.id)).status).toBe('cancelled');
    expect((await demoSession(sessionId)).status).toBe('expired');
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(1);
    expect(await (await t.request('/e/dinner?cancelled=1')).text()).toContain('es wurde nichts gebucht');
    // the seat is free for the next buyer, long before the hold would have lapsed
    expect((await t.postForm('/e/dinner/checkout', buyerForm(2))).status).toBe(303);
    // a second visit of the cancel link changes nothing
    expect((await t.request(`/orders/${order.id}/cancel`)).status).toBe(303);
  });

  it('the cancel link of a paid order leaves it paid', async () => {
    await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t, 1);
    await payVia(t, sessionId);
    await t.request(`/orders/${order.id}/cancel`);
    expect((await orderRow(t, order.id)).status).toBe('paid');
    expect((await t.request('/orders/nope/cancel')).status).toBe(404);
  });
});

describe('one live hold per email and dinner', () => {
  it('a second attempt with the same email replaces the first hold instead of taking a second seat', async () => {
    const event = await createDinner(t, { capacity: 2 });
    const first = await holdSeatVia(t, 1);
    // the same address in other letter case, with a corrected company
    const again = await post(buyerForm(1, { email: 'Guest1@EXAMPLE.com', company: 'Corrected GmbH' }));
    expect(again.status).toBe(303);
    expect(await orderCount()).toBe(2);
    expect((await orderRow(t, first.order.id)).status).toBe('cancelled');
    expect((await demoSession(first.sessionId)).status).toBe('expired');
    const stats = await getEventStats(t.deps, event);
    expect(stats.held).toBe(1);
    const live = await t.deps.db.query.orders.findFirst({ where: eq(orders.status, 'held') });
    expect(live!.company).toBe('Corrected GmbH');
    expect(again.headers.get('location')).toContain(live!.providerSessionId!);
    // another buyer still finds the second seat
    expect((await post(buyerForm(2))).status).toBe(303);
    expect((await getEventStats(t.deps, event)).seatsLeft).toBe(0);
  });

  it('replacing works on a full dinner, since the replaced hold frees its own seat', async () => {
    await createDinner(t, { capacity: 1 });
    await holdSeatVia(t, 1);
    expect((await post(buyerForm(2))).status).toBe(409);
    expect((await post(buyerForm(1))).status).toBe(303);
  });

  it('an attempt that is refused (sales closed meanwhile) leaves the first hold and its checkout as they were', async () => {
    const event = await createDinner(t, { capacity: 2 });
    const first = await holdSeatVia(t, 1);
    const closed = await t.request(`/api/admin/events/${event.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ salesCloseAt: new Date(t.clock.now() - 60_000).toISOString() }),
    });
    expect(closed.status).toBe(200);
    expect((await post(buyerForm(1, { company: 'Corrected GmbH' }))).status).toBe(409);
    expect(await orderCount()).toBe(1);
    expect((await orderRow(t, first.order.id)).status).toBe('held');
    expect((await demoSession(first.sessionId)).status).toBe('open');
  });

  it('the demo checkout is opened in the hold’s own batch: a refused hold leaves no session behind', async () => {
    await createDinner(t, { capacity: 1 });
    const first = await holdSeatVia(t, 1);
    // refused by the INSERT itself (nothing is known sold out yet), after the demo's session was made for it
    expect((await post(buyerForm(2))).status).toBe(409);
    expect(await orderCount()).toBe(1);
    const sessions = await t.deps.db.select().from(demoSessions);
    expect(sessions.map((s) => [s.id, s.orderId])).toEqual([[first.sessionId, first.order.id]]);
    expect((await orderRow(t, first.order.id)).providerSessionId).toBe(first.sessionId);
  });

  it('an email that already has a paid ticket may book again (one form, one attendee)', async () => {
    const event = await createDinner(t);
    const { sessionId } = await holdSeatVia(t, 1);
    await payVia(t, sessionId);
    expect((await post(buyerForm(1, { name: 'Colleague of Guest 1' }))).status).toBe(303);
    expect(await getEventStats(t.deps, event)).toMatchObject({ sold: 1, held: 1 });
  });
});

describe('internationalised email domains', () => {
  it('accepts anna@müller.de and stores and mails the ASCII (punycode) form', async () => {
    await createDinner(t);
    const res = await post(buyerForm(1, { email: ' anna@Müller.de ' }));
    expect(res.status).toBe(303);
    const order = (await t.deps.db.select().from(orders))[0]!;
    expect(order.email).toBe('anna@xn--mller-kva.de');
    await payVia(t, order.providerSessionId!);
    expect((await t.deps.db.select().from(outbox))[0]!.to).toBe('anna@xn--mller-kva.de');
  });

  for (const email of ['anna@müller.de/x', 'anna@xn--zz', 'anna@exa%6dple.com', 'anna@müller', 'ännä@müller.de']) {
    it(`refuses ${email} with the email message, nothing held`, async () => {
      await createDinner(t);
      const res = await post(buyerForm(1, { email }));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Bitte gib eine gültige E-Mail-Adresse ein.');
      expect(await orderCount()).toBe(0);
    });
  }
});

describe('purchase form messages', () => {
  const cases: [string, Record<string, string>, string, string, string][] = [
    ['a phone with letters', { phone: 'call me' }, 'phone', 'Bitte nur Ziffern', 'Only digits'],
    ['a phone too long', { phone: '1'.repeat(41) }, 'phone', 'Zu lang.', 'Too long.'],
    ['a company too long', { company: 'x'.repeat(161) }, 'company', 'Zu lang.', 'Too long.'],
    ['a role too long', { role: 'x'.repeat(161) }, 'role', 'Zu lang.', 'Too long.'],
    ['an empty company', { company: ' ' }, 'company', 'Pflichtfeld.', 'Required.'],
    [
      'a consent box with a strange value',
      { consentHost: 'yes' },
      'consentHost',
      'Dieser Wert ist ungültig.',
      'not valid',
    ],
    ['a guest consent with a strange value', { consentGuests: 'x' }, 'consentGuests', 'Dieser Wert', 'not valid'],
  ];
  for (const [name, extra, field, de, en] of cases) {
    it(`${name}: marks ${field} with its own message in both languages`, async () => {
      await createDinner(t);
      for (const [lang, text] of [
        ['de', de],
        ['en', en],
      ] as const) {
        const res = await post(buyerForm(1, extra), lang);
        expect(res.status).toBe(400);
        const html = await res.text();
        const error = new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`).exec(html);
        expect(error?.[1]).toContain(text);
        expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
        expect(html.match(/class="field-error"/g)).toHaveLength(1);
      }
      expect(await orderCount()).toBe(0);
    });
  }

  it('a stray lang value (lang=fr) does not fail the purchase', async () => {
    await createDinner(t);
    expect((await post(buyerForm(1, { lang: 'fr' }))).status).toBe(303);
  });
});

describe('the event page', () => {
  it('shows start and end in the event time zone, and the end in full across midnight', async () => {
    await createDinner(t);
    await createDinner(t, { slug: 'late', startsAt: '2026-12-03T21:00:00Z', endsAt: '2026-12-04T01:30:00Z' });
    expect(await (await t.request('/e/dinner')).text()).toContain('Donnerstag, 3. Dezember 2026 um 19:00–23:00');
    expect(await (await t.request('/e/dinner?lang=en')).text()).toContain('Thursday, 3 December 2026 at 19:00–23:00');
    expect(await (await t.request('/e/late')).text()).toContain(
      'Donnerstag, 3. Dezember 2026 um 22:00–Freitag, 4. Dezember 2026 um 02:30',
    );
  });
});
