import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events, greetings, orders, pairingCodes, tickets } from '../../src/db/schema';
import { hasForbiddenChars } from '../../src/lib/validation';
import { login } from '../admin/session';
import { type CheckinApp, makeCheckinApp, pairPhone, sellTicket } from '../checkin/setup';
import { greet } from '../greetings/setup';
import { buyerForm, createDinner, dinnerInput } from '../helpers';

/** What a spreadsheet, a terminal or a bidi-aware reader would misread: one of each kind the rule refuses. */
const BAD: [string, string][] = [
  ['NUL', 'Anna\u0000Evil'],
  ['a C0 control (BEL)', 'Anna\u0007'],
  ['DEL', 'An\u007fna'],
  ['a C1 control (NEL)', 'An\u0085na'],
  ['RIGHT-TO-LEFT OVERRIDE', 'Anna \u202egnp.exe'],
  ['LEFT-TO-RIGHT EMBEDDING', 'Anna \u202aX'],
  ['POP DIRECTIONAL FORMATTING', 'Anna\u202c'],
  ['FIRST STRONG ISOLATE', 'Anna \u2068X\u2069'],
  ['LEFT-TO-RIGHT ISOLATE', 'Anna \u2066X'],
  ['a LINE SEPARATOR', 'Anna\u2028Evil'],
  ['half a surrogate pair', 'Anna \ud83c'],
];

describe('the text rule (hasForbiddenChars)', () => {
  it.each(BAD)('refuses %s', (_name, value) => {
    expect(hasForbiddenChars(value)).toBe(true);
    expect(hasForbiddenChars(value, true)).toBe(true);
  });

  it.each([
    ['line feed', 'a\nb'],
    ['CR LF (what a textarea sends)', 'a\r\nb'],
    ['tab', 'a\tb'],
  ])('refuses a %s in a single-line field, allows it in a multi-line one', (_name, value) => {
    expect(hasForbiddenChars(value)).toBe(true);
    expect(hasForbiddenChars(value, true)).toBe(false);
  });

  it.each([
    'Jörg Heinicke',
    'Łukasz Żółć',
    '李小龙 🍷',
    'محمد علي',
    'שלום \u200f(CEO)',
    'O’Brien & Söhne — "Die Firma"',
    '+49 (0)69 123/456',
  ])('allows ordinary text: %s', (value) => {
    expect(hasForbiddenChars(value)).toBe(false);
  });
});

let c: CheckinApp;
beforeEach(async () => {
  c = await makeCheckinApp();
});
afterEach(() => c.close());

const rows = async (table: typeof orders | typeof events | typeof pairingCodes | typeof greetings) =>
  (await c.deps.db.select({ n: count() }).from(table))[0]!.n;

describe('every text a guest types: the purchase form', () => {
  const fields = ['name', 'email', 'company', 'role', 'askMeAbout'] as const;
  for (const field of fields)
    it(`refuses NUL and a direction override in ${field}, says so in the reader's language, holds nothing`, async () => {
      await createDinner(c);
      for (const [, bad] of [BAD[0]!, BAD[4]!]) {
        const value = field === 'email' ? `anna${bad.slice(4)}@example.com` : bad;
        const res = await c.postForm('/e/dinner/checkout?lang=en', buyerForm(1, { [field]: value }));
        expect(res.status).toBe(400);
        const html = await res.text();
        expect(html).toContain(`id="${field}-error">Contains a control character or a hidden text-direction mark.`);
      }
      const de = await c.postForm('/e/dinner/checkout?lang=de', buyerForm(1, { [field]: BAD[0]![1] }));
      expect(await de.text()).toContain('Enthält ein Steuerzeichen oder ein verstecktes Schreibrichtungszeichen.');
      expect(await rows(orders)).toBe(0);
    });

  it('refuses a line break in a one-line field (role), where a spreadsheet would start a new row', async () => {
    await createDinner(c);
    const res = await c.postForm('/e/dinner/checkout', buyerForm(1, { role: 'Chef\r\n=1+1' }));
    expect(res.status).toBe(400);
    expect(await rows(orders)).toBe(0);
  });
});

describe('every text an organizer types', () => {
  const apiFields = ['title', 'description', 'venue', 'address', 'hostName'] as const;
  for (const field of apiFields)
    it(`the event API refuses NUL and a direction override in ${field}, with the field named`, async () => {
      for (const [, bad] of [BAD[0]!, BAD[4]!]) {
        const res = await c.adminJson('/events', 'POST', dinnerInput({ [field]: bad }));
        expect(res.status).toBe(400);
        const body = (await res.json()) as { error: { code: string; details: { fields: Record<string, string> } } };
        expect(body.error.code).toBe('invalid_input');
        expect(body.error.details.fields[field]).toMatch(/control characters/);
      }
      expect(await rows(events)).toBe(0);
    });

  it('the description (a textarea) keeps its line breaks; the title may not have one', async () => {
    const ok = await c.adminJson('/events', 'POST', dinnerInput({ description: 'Menu:\r\n- soup\n- fish' }));
    expect(ok.status).toBe(201);
    const bad = await c.adminJson('/events', 'POST', dinnerInput({ slug: 'two', title: 'Dinner\nTwo' }));
    expect(bad.status).toBe(400);
    const event = (await ok.json()) as { id: string };
    const patch = await c.adminJson(`/events/${event.id}`, 'PATCH', { venue: 'Hotel\u0000' });
    expect(patch.status).toBe(400);
  });

  it('the event form says so at the field, in German and English', async () => {
    const s = await login(c);
    const form = {
      slug: 'winter',
      title: 'Winter \u202eDinner',
      description: '',
      venue: 'Hotel',
      address: '',
      hostName: '',
      startsAt: '2026-12-03T19:00',
      endsAt: '2026-12-03T23:00',
      timezone: 'Europe/Berlin',
      price: '50',
      currency: 'EUR',
      capacity: '10',
      salesCloseAt: '',
      status: 'on_sale',
    };
    const en = await s.post('/admin/events?lang=en', form);
    expect(en.status).toBe(400);
    expect(await en.text()).toMatch(/id="title-error">Contains a control character or a hidden text-direction mark/);
    const de = await s.post('/admin/events?lang=de', form);
    expect(await de.text()).toMatch(/id="title-error">Enthält ein Steuerzeichen/);
    expect(await rows(events)).toBe(0);
  });

  it('a table label: refused by the API (JSON) and by the page form (back with the reason), not stored', async () => {
    const event = await createDinner(c);
    const ticket = await sellTicket(c, 1);
    const api = await c.adminJson(`/tickets/${ticket.id}`, 'PATCH', { tableLabel: '3\u0000' });
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    const s = await login(c);
    const page = await s.post(`/admin/tickets/${ticket.id}/table`, { tableLabel: '\u202e3' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/admin/events/${event.id}?err=invalid_input`);
    const shown = await (await s.get(`/admin/events/${event.id}?err=invalid_input&lang=en`)).text();
    expect(shown).toContain('Not saved: the value is too long or holds a control character');
    const stored = await c.deps.db.select({ label: tickets.tableLabel }).from(tickets);
    expect(stored).toEqual([{ label: null }]);
  });

  it('a phone’s name: refused by the pairing API and the pairing page, no code made', async () => {
    const event = await createDinner(c);
    const api = await c.admin(`/events/${event.id}/pairings`, 'POST', { deviceName: 'Door\u00001' });
    expect(api.status).toBe(400);
    const s = await login(c);
    const page = await s.post(`/admin/events/${event.id}/pairings?lang=en`, { deviceName: 'Door \u2066one' });
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/id="deviceName-error">Contains a control character/);
    expect(await rows(pairingCodes)).toBe(0);
  });

  it('a greeting note from the host’s phone', async () => {
    const event = await createDinner(c);
    const ticket = await sellTicket(c, 1);
    const phone = await pairPhone(c, event.id, 'Host');
    const res = await phone.post('/greetings', {
      greetings: [
        { nonce: 'n-note-0000000000001', kind: 'greet', ticketId: ticket.id, deviceTime: 1, note: 'a\u0000b' },
      ],
    });
    expect(res.status).toBe(400);
    expect(await rows(greetings)).toBe(0);
    await greet(c, phone, [{ ticketId: ticket.id, note: 'likes sailing' }]);
    expect(await rows(greetings)).toBe(1);
  });
});
