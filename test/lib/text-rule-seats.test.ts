import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessCodes, events, tickets, ticketTransfers, waitlistEntries } from '../../src/db/schema';
import { login } from '../admin/session';
import { buyerForm, createDinner, makeTestApp, ORIGIN, type TestApp } from '../helpers';
import { entryOf, join, offerMails, refundVia, sellSeat, waiterForm } from '../waitlist/setup';

/**
 * The forms of issue 8 (waitlist, passing a seat on, codes, the dinner's seat policies) under the same rules as
 * every other: the text rule (lib/validation.ts text()) refuses control characters and direction overrides, said
 * at the field in German and English, and a repeated field refuses the whole form. Nothing is stored either way.
 */
const NUL = 'Anna\u0000Evil';
const RLO = 'Anna \u202egnp.exe';
const EN = 'Contains a control character or a hidden text-direction mark.';
const DE = 'Enthält ein Steuerzeichen oder ein verstecktes Schreibrichtungszeichen.';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const n = async (table: typeof waitlistEntries | typeof ticketTransfers | typeof accessCodes) =>
  (await t.deps.db.select({ n: count() }).from(table))[0]!.n;

/** A form post with one field sent twice, as a tampered or buggy client would. */
const postRepeated = (path: string, fields: Record<string, string>, repeat: string, cookie?: string) =>
  t.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...(cookie ? { cookie } : {}) },
    body: `${new URLSearchParams(fields).toString()}&${repeat}=${encodeURIComponent('Someone Else')}`,
  });

const newGuest = (extra: Record<string, string> = {}) => ({
  name: 'Bea Nachfolger',
  email: 'bea@example.com',
  company: 'Nachfolger AG',
  role: 'CTO',
  ...extra,
});

describe('the waitlist join form', () => {
  beforeEach(async () => {
    await createDinner(t, { capacity: 1 });
    await sellSeat(t, 1);
  });

  for (const field of ['name', 'company', 'askMeAbout'] as const)
    it(`refuses NUL and a direction override in ${field}, at the field, in German and English`, async () => {
      for (const bad of [NUL, RLO]) {
        const res = await t.postForm('/e/dinner/waitlist?lang=en', waiterForm(1, { [field]: bad }));
        expect(res.status).toBe(400);
        expect(await res.text()).toContain(`id="${field}-error">${EN}`);
      }
      const de = await t.postForm('/e/dinner/waitlist?lang=de', waiterForm(1, { [field]: NUL }));
      expect(await de.text()).toContain(`id="${field}-error">${DE}`);
      expect(await n(waitlistEntries)).toBe(0);
    });

  it('refuses a repeated field', async () => {
    const res = await postRepeated('/e/dinner/waitlist', waiterForm(1), 'email');
    expect(res.status).toBe(400);
    expect(await n(waitlistEntries)).toBe(0);
  });
});

describe('the waitlist offer’s booking form', () => {
  it('refuses a direction override at the field, in German and English; the offer stays open', async () => {
    await createDinner(t, { capacity: 1 });
    const { order } = await sellSeat(t, 1);
    await join(t, 2);
    expect((await refundVia(t, order.id)).status).toBe(200);
    const [offer] = await offerMails(t);
    const form = { ...buyerForm(2), email: 'waiter2@example.com' };
    const en = await t.postForm(`/w/${offer!.token}?lang=en`, { ...form, company: RLO });
    expect(en.status).toBe(400);
    expect(await en.text()).toContain(`id="company-error">${EN}`);
    const de = await t.postForm(`/w/${offer!.token}?lang=de`, { ...form, name: NUL });
    expect(await de.text()).toContain(`id="name-error">${DE}`);
    expect((await postRepeated(`/w/${offer!.token}`, form, 'name')).status).toBe(400);
    expect((await entryOf(t, 2)).state).toBe('offered');
  });
});

describe('passing a seat on', () => {
  it('the guest’s form: refused at the field, the ticket stays valid', async () => {
    await createDinner(t);
    const { ticket } = await sellSeat(t, 1);
    for (const field of ['name', 'company', 'role', 'askMeAbout'])
      for (const bad of [NUL, RLO]) {
        const res = await t.postForm(`/t/${ticket.token}/transfer?lang=en`, newGuest({ [field]: bad }));
        expect(res.status, field).toBe(400);
        expect(await res.text()).toContain(`id="${field}-error">${EN}`);
      }
    const de = await t.postForm(`/t/${ticket.token}/transfer?lang=de`, newGuest({ name: RLO }));
    expect(await de.text()).toContain(`id="name-error">${DE}`);
    const repeated = await postRepeated(`/t/${ticket.token}/transfer`, newGuest(), 'name');
    expect(repeated.status).toBe(400);
    expect(await n(ticketTransfers)).toBe(0);
    expect((await t.deps.db.query.tickets.findFirst({ where: eq(tickets.id, ticket.id) }))!.status).toBe('valid');
  });

  it('the organizer’s page and API', async () => {
    await createDinner(t);
    const { order, ticket } = await sellSeat(t, 1);
    const s = await login(t);
    const page = await s.post(`/admin/orders/${order.id}/transfer?lang=en`, newGuest({ company: NUL }));
    expect(page.status).toBe(400);
    expect(await page.text()).toContain(`id="company-error">${EN}`);
    const repeated = await postRepeated(
      `/admin/orders/${order.id}/transfer`,
      { csrf: s.csrf, ...newGuest() },
      'email',
      s.cookie,
    );
    expect(repeated.status).toBe(400);
    const api = await t.adminJson(`/tickets/${ticket.id}/transfer`, 'POST', newGuest({ name: RLO }));
    expect(api.status).toBe(400);
    const body = (await api.json()) as { error: { code: string; details: { fields: Record<string, string> } } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.fields.name).toMatch(/control characters/);
    expect(await n(ticketTransfers)).toBe(0);
  });
});

describe('the organizer’s codes and seat policies', () => {
  it('a code is letters, digits, - and _ only: a control or direction character is refused, page and API', async () => {
    const event = await createDinner(t);
    const s = await login(t);
    const form = { code: 'VIP\u202e', kind: 'percent', value: '10', maxUses: '5', expiresAt: '' };
    const page = await s.post(`/admin/events/${event.id}/codes?lang=en`, form);
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/id="code-error"/);
    const repeated = await postRepeated(
      `/admin/events/${event.id}/codes`,
      { csrf: s.csrf, ...form, code: 'VIP' },
      'code',
      s.cookie,
    );
    expect(repeated.status).toBe(400);
    const api = await t.adminJson(`/events/${event.id}/codes`, 'POST', { code: 'VIP\u0000', kind: 'comp', maxUses: 1 });
    expect(api.status).toBe(400);
    expect(await n(accessCodes)).toBe(0);
  });

  it('a code’s expiry the zone skips (a DST gap) is refused at the field, never shifted', async () => {
    const event = await createDinner(t);
    const s = await login(t);
    const form = { code: 'SPRING', kind: 'percent', value: '10', maxUses: '5', expiresAt: '2027-03-28T02:30' };
    const page = await s.post(`/admin/events/${event.id}/codes?lang=en`, form);
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/id="expiresAt-error">This time does not exist in the time zone/);
    expect(await n(accessCodes)).toBe(0);
  });

  it('the cancellation policy’s numbers take digits only', async () => {
    const event = await createDinner(t);
    const res = await t.adminJson(`/events/${event.id}`, 'PATCH', {
      cancellation: { untilDaysBefore: '3\u0000', refundPercent: 50 },
    });
    expect(res.status).toBe(400);
    const stored = await t.deps.db.query.events.findFirst({ where: eq(events.id, event.id) });
    expect(stored!.cancelUntilDays).toBeNull();
  });
});
