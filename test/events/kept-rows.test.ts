import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_ROW_MS } from '../../src/events/by-slug';
import { t as messages } from '../../src/lib/messages';
import { holdSeatVia } from '../flow';
import { buyerForm, createDinner, makeTestApp, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const attempt = (i: number, headers: Record<string, string> = {}) =>
  t.request('/e/dinner/checkout', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://klick.test', ...headers },
    body: new URLSearchParams(buyerForm(i)).toString(),
  });
const page = async (path = '/e/dinner') => (await t.request(path)).text();
/** the page with every echoed value taken out: what two buyers' answers must share */
const withoutValues = (html: string) => html.replace(/ value="[^"]*"/g, '');

describe('public event rows, kept per instance for at most EVENT_ROW_MS', () => {
  it('an edit through klick is seen at once: title, form of address, slug', async () => {
    const event = await createDinner(t);
    expect(await page()).toContain('Network Dinner');
    const patch = { title: 'Sommerfest am Main', addressForm: 'sie', slug: 'sommerfest' };
    expect((await t.adminJson(`/events/${event.id}`, 'PATCH', patch)).status).toBe(200);
    expect((await t.request('/e/dinner')).status).toBe(404);
    const renamed = await page('/e/sommerfest');
    expect(renamed).toContain('Sommerfest am Main');
    expect(renamed).toContain(messages('de', 'sie').consentHost);
  });

  it('a change made by another instance is seen within EVENT_ROW_MS', async () => {
    await createDinner(t);
    expect(await page()).toContain('Network Dinner');
    await t.deps.db.run(sql`UPDATE events SET title = 'Changed elsewhere'`);
    expect(await page()).not.toContain('Changed elsewhere');
    t.clock.advance(EVENT_ROW_MS);
    expect(await page()).toContain('Changed elsewhere');
  });

  it('a hold never relies on a kept row: a sale closed elsewhere refuses at once', async () => {
    await createDinner(t);
    expect(await page()).toContain('Network Dinner');
    await t.deps.db.run(sql`UPDATE events SET sales_close_at = ${t.clock.now() - 1}`);
    const res = await attempt(1);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(messages('de').salesClosed);
  });
});

describe('the sold-out answer, its page kept while the dinner is known to be full', () => {
  it('gives each buyer their own entries and nobody else’s', async () => {
    await createDinner(t, { capacity: 1 });
    await holdSeatVia(t, 1);
    const [first, second] = [await attempt(2), await attempt(3)];
    expect([first.status, second.status]).toEqual([409, 409]);
    const [a, b] = [await first.text(), await second.text()];
    expect(a).toContain('value="guest2@example.com"');
    expect(b).toContain('value="guest3@example.com"');
    expect(b).not.toContain('guest2@example.com');
    expect(withoutValues(b)).toBe(withoutValues(a));
  });

  it('speaks the language of each buyer who asks, and links the other one to the event page', async () => {
    await createDinner(t, { capacity: 1 });
    await holdSeatVia(t, 1);
    const de = await (await attempt(2)).text();
    const en = await (await attempt(3, { 'accept-language': 'en-US,en;q=0.9' })).text();
    const deAgain = await (await attempt(4)).text();
    expect(de).toContain('<html lang="de">');
    expect(de).toContain(messages('de').soldOut);
    expect(de).toContain('href="/e/dinner?lang=en"');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain(messages('en').soldOut);
    expect(en).toContain(messages('en').seats.waitlistTitle);
    expect(en).toContain('href="/e/dinner?lang=de"');
    expect(withoutValues(deAgain)).toBe(withoutValues(de));
  });

  it('is made again after an edit of the dinner, in its new title and form of address', async () => {
    const event = await createDinner(t, { capacity: 1 });
    await holdSeatVia(t, 1);
    // the test dinner says "du"
    expect(await (await attempt(2)).text()).toContain(messages('de', 'du').seats.waitlistIntro);
    const patch = { title: 'Sommerfest am Main', addressForm: 'sie' };
    expect((await t.adminJson(`/events/${event.id}`, 'PATCH', patch)).status).toBe(200);
    const res = await attempt(3);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Sommerfest am Main');
    expect(html).toContain(messages('de', 'sie').seats.waitlistIntro);
  });
});
