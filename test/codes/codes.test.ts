import { count, eq, isNotNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSessions, orders, outbox, tickets } from '../../src/db/schema';
import type { PaymentGateway } from '../../src/payments/gateway';
import { payVia } from '../flow';
import { buyerForm, createDinner, makeTestApp, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const buy = (i: number, code: string, slug = 'dinner') => t.postForm(`/e/${slug}/checkout`, buyerForm(i, { code }));
const codedOrders = async () =>
  (await t.deps.db.select({ n: count() }).from(orders).where(isNotNull(orders.codeId)))[0]!.n;
const allOrders = async () => (await t.deps.db.select({ n: count() }).from(orders))[0]!.n;

async function makeCode(eventId: string, body: Record<string, unknown>) {
  const res = await t.adminJson(`/events/${eventId}/codes`, 'POST', body);
  if (res.status !== 201) throw new Error(`code: ${res.status} ${await res.text()}`);
  return res.json();
}

describe('codes through the admin API', () => {
  it('creates and lists codes with their uses and revenue after the discount', async () => {
    const event = await createDinner(t);
    const created = await makeCode(event.id, { code: 'spring20', kind: 'percent', value: 20, maxUses: 5 });
    expect(created).toMatchObject({
      code: 'SPRING20',
      kind: 'percent',
      value: 20,
      maxUses: 5,
      uses: 0,
      unlocksSale: false,
    });
    expect(created.expiresAt).toBeNull();
    const res = await buy(1, 'Spring20');
    const order = (await t.deps.db.query.orders.findFirst())!;
    expect(order).toMatchObject({ amountCents: 4000, discountCents: 1000, codeId: created.id });
    const session = (await t.deps.db.query.demoSessions.findFirst({
      where: eq(demoSessions.id, order.providerSessionId!),
    }))!;
    expect(res.headers.get('location')).toContain(session.id);
    expect(session.amountTotal).toBe(4000);
    await payVia(t, order.providerSessionId!);
    const { codes } = await (await t.adminJson(`/events/${event.id}/codes`)).json();
    expect(codes).toEqual([expect.objectContaining({ code: 'SPRING20', uses: 1, paid: 1, revenueCents: 4000 })]);
    expect((await (await t.adminJson(`/events/${event.id}`)).json()).stats.revenueCents).toBe(4000);
  });

  it('refuses bad codes field by field, and a code twice', async () => {
    const event = await createDinner(t);
    const bad = async (body: Record<string, unknown>) => {
      const res = await t.adminJson(`/events/${event.id}/codes`, 'POST', body);
      expect(res.status).toBe(400);
      return (await res.json()).error.details.fields;
    };
    expect(await bad({ code: 'x', kind: 'percent', value: 20, maxUses: 5 })).toHaveProperty('code');
    expect(await bad({ code: 'OK-1', kind: 'percent', value: 150, maxUses: 5 })).toHaveProperty('value');
    expect(await bad({ code: 'OK-1', kind: 'amount', value: 0, maxUses: 5 })).toHaveProperty('value');
    expect(await bad({ code: 'OK-1', kind: 'gift', value: 1, maxUses: 5 })).toHaveProperty('kind');
    expect(await bad({ code: 'OK-1', kind: 'comp', maxUses: 0 })).toHaveProperty('maxUses');
    expect(await bad({ code: 'ÖK', kind: 'comp', maxUses: 1 })).toHaveProperty('code');
    await makeCode(event.id, { code: 'OK-1', kind: 'comp', maxUses: 1 });
    expect(
      (await t.adminJson(`/events/${event.id}/codes`, 'POST', { code: 'ok-1', kind: 'comp', maxUses: 1 })).status,
    ).toBe(409);
    expect((await t.adminJson('/events/nope/codes')).status).toBe(404);
    expect((await t.request(`/api/admin/events/${event.id}/codes`)).status).toBe(401);
  });
});

describe('the purchase form with a code', () => {
  it('?code= prefills the field', async () => {
    await createDinner(t);
    expect(await (await t.request('/e/dinner?code=SPRING20')).text()).toContain('value="SPRING20"');
  });

  it('a wrong, expired or used-up code says so on the field and holds nothing', async () => {
    const event = await createDinner(t);
    await makeCode(event.id, {
      code: 'OLD',
      kind: 'amount',
      value: 1000,
      maxUses: 5,
      expiresAt: '2026-11-22T09:00:00Z',
    });
    await makeCode(event.id, { code: 'ONCE', kind: 'amount', value: 1000, maxUses: 1 });
    expect((await buy(1, 'ONCE')).status).toBe(303);
    const cases: [string, number, string, string][] = [
      ['NOPE', 400, 'Dieser Code gilt nicht für dieses Dinner.', 'This code is not valid for this dinner.'],
      ['OLD', 409, 'Dieser Code ist abgelaufen.', 'This code has expired.'],
      ['ONCE', 409, 'Dieser Code ist aufgebraucht.', 'This code has been used up.'],
      ['a b', 400, 'Ein Code hat 3 bis 40 Buchstaben', 'A code has 3 to 40'],
    ];
    for (const [code, status, de, en] of cases)
      for (const [lang, text] of [
        ['de', de],
        ['en', en],
      ] as const) {
        const res = await t.postForm(`/e/dinner/checkout?lang=${lang}`, buyerForm(2, { code }));
        expect(res.status).toBe(status);
        const html = await res.text();
        expect(/<p class="field-error" id="code-error">([^<]*)<\/p>/.exec(html)?.[1]).toContain(text);
        expect(html).toMatch(/id="code"[^>]*aria-invalid="true"/);
      }
    expect(await allOrders()).toBe(1);
  });

  it('an ended code holds nothing from then on; the seat held with it stays; an unknown code is 404', async () => {
    const event = await createDinner(t);
    const code = await makeCode(event.id, { code: 'LEAKED', kind: 'percent', value: 50, maxUses: 50 });
    expect((await buy(1, 'LEAKED')).status).toBe(303);
    const ended = await t.adminJson(`/events/${event.id}/codes/${code.id}/end`, 'POST');
    expect(ended.status).toBe(200);
    expect(await ended.json()).toMatchObject({ code: 'LEAKED', ended: true, uses: 1 });
    const refused = await buy(2, 'LEAKED');
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Dieser Code ist abgelaufen.');
    expect(await codedOrders()).toBe(1);
    expect((await t.deps.db.query.orders.findFirst({ where: eq(orders.email, 'guest1@example.com') }))!.status).toBe(
      'held',
    );
    // ending it again changes nothing; another dinner's code or a made-up id is not found
    const at = (await t.deps.db.query.accessCodes.findFirst())!.expiresAt;
    t.clock.advance(60_000);
    expect((await t.adminJson(`/events/${event.id}/codes/${code.id}/end`, 'POST')).status).toBe(200);
    expect((await t.deps.db.query.accessCodes.findFirst())!.expiresAt).toBe(at);
    const other = await createDinner(t, { slug: 'other' });
    expect((await t.adminJson(`/events/${other.id}/codes/${code.id}/end`, 'POST')).status).toBe(404);
    expect((await t.adminJson(`/events/${event.id}/codes/nope/end`, 'POST')).status).toBe(404);
  });

  it('a released hold gives its use back', async () => {
    const event = await createDinner(t);
    await makeCode(event.id, { code: 'ONCE', kind: 'percent', value: 50, maxUses: 1 });
    expect((await buy(1, 'ONCE')).status).toBe(303);
    expect((await buy(2, 'ONCE')).status).toBe(409);
    const first = (await t.deps.db.query.orders.findFirst({ where: eq(orders.email, 'guest1@example.com') }))!;
    await t.request(`/orders/${first.id}/cancel`);
    expect((await buy(2, 'ONCE')).status).toBe(303);
    // the same buyer trying again replaces the hold: the use it holds counts as theirs
    expect((await buy(2, 'ONCE')).status).toBe(303);
  });

  it('a code with 5 uses under 200 concurrent purchases: exactly 5', async () => {
    const event = await createDinner(t, { capacity: 500 });
    await makeCode(event.id, { code: 'FIVE', kind: 'percent', value: 10, maxUses: 5 });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => buy(i, 'FIVE')));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(195);
    expect(await codedOrders()).toBe(5);
    expect(await allOrders()).toBe(5);
  });

  it('a pre-sale: before the sale opens only a code that unlocks it holds a seat', async () => {
    const event = await createDinner(t, { salesOpenAt: '2026-11-25T10:00:00Z' });
    await makeCode(event.id, { code: 'MEMBERS', kind: 'percent', value: 10, maxUses: 50, unlocksSale: true });
    await makeCode(event.id, { code: 'TENOFF', kind: 'percent', value: 10, maxUses: 50 });
    const page = await (await t.request('/e/dinner')).text();
    expect(page).toContain('Vorverkauf: Buchung vorerst nur mit Zugangscode.');
    expect(page).toContain('action="/e/dinner/checkout"');
    const plain = await buy(1, '');
    expect(plain.status).toBe(409);
    expect(await plain.text()).toContain('Der Verkauf hat noch nicht begonnen.');
    expect((await buy(2, 'TENOFF')).status).toBe(409);
    expect(await allOrders()).toBe(0);
    expect((await buy(3, 'members')).status).toBe(303);
    t.clock.set(Date.parse('2026-11-25T10:00:00Z'));
    expect((await buy(4, '')).status).toBe(303);
  });
});

describe('a free seat (comp)', () => {
  it('needs no payment and never reaches the payment gateway', async () => {
    const event = await createDinner(t);
    await makeCode(event.id, { code: 'SPEAKER', kind: 'comp', maxUses: 3 });
    const calls: string[] = [];
    const real = t.deps.payments!;
    // every call to the gateway is counted and fails: a comp seat must not make one
    t.deps.payments = new Proxy(real, {
      get(target, prop) {
        const v = Reflect.get(target, prop);
        if (typeof v !== 'function' || prop === 'routes') return v;
        return () => {
          calls.push(String(prop));
          throw new Error(`gateway called: ${String(prop)}`);
        };
      },
    }) as PaymentGateway;
    const res = await buy(1, 'speaker');
    expect(res.status).toBe(303);
    const order = (await t.deps.db.query.orders.findFirst())!;
    expect(res.headers.get('location')).toBe(`http://klick.test/orders/${order.id}/done`);
    expect(order).toMatchObject({ status: 'paid', amountCents: 0, discountCents: 5000, provider: 'free' });
    expect(order.providerSessionId).toBeNull();
    const ticket = (await t.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id) }))!;
    expect(await (await t.request(`/orders/${order.id}/done`)).text()).toContain(`/t/${ticket.token}`);
    const mail = (await t.deps.db.query.outbox.findFirst({ where: eq(outbox.dedupeKey, `ticket:${order.id}`) }))!;
    expect(mail.text).toContain('kostenlos (Freiplatz)');
    expect(calls).toEqual([]);
    expect(await t.deps.db.select().from(demoSessions)).toHaveLength(0);
    t.deps.payments = real;
  });
});
