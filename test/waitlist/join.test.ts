import { count, eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, waitlistEntries } from '../../src/db/schema';
import { sha256Hex } from '../../src/lib/crypto';
import { buyerForm, createDinner, makeTestApp, type TestApp } from '../helpers';
import { entryOf, join, linkMailed, sellSeat, waiterForm } from './setup';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const entries = async () => (await t.deps.db.select({ n: count() }).from(waitlistEntries))[0]!.n;

describe('a sold-out dinner', () => {
  it('shows the waitlist form instead of the purchase form, in German and English', async () => {
    await createDinner(t, { capacity: 1 });
    expect(await (await t.request('/e/dinner')).text()).toContain('action="/e/dinner/checkout"');
    await sellSeat(t, 1);
    const de = await (await t.request('/e/dinner')).text();
    expect(de).not.toContain('action="/e/dinner/checkout"');
    expect(de).toContain('action="/e/dinner/waitlist"');
    expect(de).toContain('Auf die Warteliste setzen');
    // the same unticked consent boxes and the terms, every field with its label
    for (const id of ['name', 'email', 'company', 'askMeAbout', 'consentHost', 'consentGuests', 'terms'])
      expect(de).toMatch(new RegExp(`<label[^>]* for="${id}"`));
    expect(de).not.toMatch(/id="consent(Host|Guests)"[^>]*checked/);
    const en = await (await t.request('/e/dinner?lang=en')).text();
    expect(en).toContain('Join the waitlist');
  });

  it('joining tells the place in line and mails a link to leave; the link is stored hashed', async () => {
    await createDinner(t, { capacity: 1 });
    await sellSeat(t, 1);
    const first = await join(t, 1);
    const second = await join(t, 2);
    const page = await (await t.request(`/w/${second}`)).text();
    expect(page).toContain('Du bist Nummer 2 in der Warteschlange.');
    expect(await (await t.request(`/w/${first}?lang=en`)).text()).toContain('You are number 1 in the line.');
    const mail = (await t.deps.db.select().from(outbox).where(like(outbox.dedupeKey, 'waitlist:%')))[0]!;
    expect(mail.to).toBe('waiter1@example.com');
    expect(mail.text).toContain(`/w/${first}`);
    expect(mail.text).toContain('verlassen');
    const entry = await entryOf(t, 1);
    expect(entry.tokenHash).toBe(await sha256Hex(first));
    expect(JSON.stringify(entry)).not.toContain(first);
  });

  it('nobody on the list sees anybody else on it', async () => {
    await createDinner(t, { capacity: 1 });
    await sellSeat(t, 1);
    await join(t, 1);
    const mine = await join(t, 2);
    const page = await (await t.request(`/w/${mine}`)).text();
    expect(page).not.toContain('Waiter 1');
    expect(page).not.toContain('waiter1@');
    expect((await t.request('/w/0000000000000000000000000000000z')).status).toBe(404);
    expect((await t.request('/w/not-a-token')).status).toBe(404);
  });

  it('the page answers alike whether or not the address is in the line; only the mail tells the difference', async () => {
    await createDinner(t, { capacity: 1 });
    await sellSeat(t, 1);
    const answer = async (res: Response) => ({
      status: res.status,
      location: res.headers.get('location'),
      cookie: res.headers.get('set-cookie'),
      body: await res.text(),
    });
    const fresh = await answer(await t.postForm('/e/dinner/waitlist', waiterForm(1)));
    const first = await linkMailed(t, 'waiter1@example.com');
    const again = await answer(
      await t.postForm('/e/dinner/waitlist', waiterForm(1, { email: 'WAITER1@example.com', name: 'Someone Else' })),
    );
    expect(again).toEqual(fresh);
    expect(fresh).toMatchObject({ status: 303, location: '/e/dinner?waitlist=mailed' });
    // the page the answer leads to says the same neutral thing, in German and English
    const de = await (await t.request('/e/dinner?waitlist=mailed')).text();
    expect(de).toContain('Wir haben eine E-Mail an die angegebene Adresse geschickt');
    expect(de).not.toContain('waiter1@');
    const en = await (await t.request('/e/dinner?waitlist=mailed&lang=en')).text();
    expect(en).toContain('We have sent a mail to the address you gave');
    expect(await entries()).toBe(1);

    // the mail: to the address in the line, with the name and language it joined with, and a new link
    const resent = (await t.deps.db.select().from(outbox).where(like(outbox.dedupeKey, 'waitlist-again-%')))[0]!;
    expect(resent.to).toBe('waiter1@example.com');
    expect(resent.text).toContain('Hallo Waiter 1,');
    expect(resent.text).not.toContain('Someone Else');
    expect(resent.text).toContain('du stehst schon auf der Warteliste');
    const token = await linkMailed(t, 'waiter1@example.com', 'waitlist-again-%');
    expect(await (await t.request(`/w/${token}`)).text()).toContain('Nummer 1');
    expect((await t.request(`/w/${first}`)).status).toBe(404);

    // once a day at most, and the mailed link keeps working through a second try the same day
    const third = await answer(await t.postForm('/e/dinner/waitlist', waiterForm(1)));
    expect(third).toEqual(fresh);
    expect(await t.deps.db.select().from(outbox).where(like(outbox.dedupeKey, 'waitlist-again-%'))).toHaveLength(1);
    expect((await t.request(`/w/${token}`)).status).toBe(200);
  });

  it('a double submit queues once', async () => {
    await createDinner(t, { capacity: 1 });
    await sellSeat(t, 1);
    const results = await Promise.all([1, 2, 3].map(() => t.postForm('/e/dinner/waitlist', waiterForm(7))));
    expect(results.map((r) => r.status)).toEqual([303, 303, 303]);
    expect(await entries()).toBe(1);
  });

  it('a malformed form is refused field by field and queues nothing', async () => {
    await createDinner(t, { capacity: 1 });
    await sellSeat(t, 1);
    const res = await t.postForm('/e/dinner/waitlist', waiterForm(1, { email: 'nope', terms: '' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="email-error"');
    expect(html).toContain('id="terms-error"');
    expect(await entries()).toBe(0);
  });

  it('leaving the line removes the person and deletes their details', async () => {
    await createDinner(t, { capacity: 1 });
    await sellSeat(t, 1);
    const token = await join(t, 1);
    const after = await join(t, 2);
    const res = await t.postForm(`/w/${token}/leave`, {});
    expect(res.status).toBe(303);
    expect(await (await t.request(`/w/${token}`)).text()).toContain('deine Angaben sind gelöscht');
    const row = (await t.deps.db.query.waitlistEntries.findFirst({
      where: eq(waitlistEntries.tokenHash, await sha256Hex(token)),
    }))!;
    expect(row).toMatchObject({ state: 'removed', name: '', email: '', company: '' });
    expect(await (await t.request(`/w/${after}`)).text()).toContain('Nummer 1');
  });

  it('the line is closed once sales end', async () => {
    await createDinner(t, { capacity: 1, salesCloseAt: '2026-11-22T11:00:00Z' });
    await sellSeat(t, 1);
    t.clock.set(Date.parse('2026-11-22T11:00:00Z'));
    const res = await t.postForm('/e/dinner/waitlist', waiterForm(1));
    expect(res.status).toBe(409);
    expect(await entries()).toBe(0);
  });

  it('while people wait, a freed seat is theirs: the purchase form sells none of it', async () => {
    const event = await createDinner(t, { capacity: 2 });
    await sellSeat(t, 1);
    await sellSeat(t, 2);
    await join(t, 1);
    // a seat frees up without any trigger (straight in the database): the line still has it first
    await t.deps.db.run(`UPDATE orders SET status = 'refunded' WHERE email = 'guest1@example.com'` as never);
    const res = await t.postForm('/e/dinner/checkout', buyerForm(9));
    expect(res.status).toBe(409);
    expect((await (await t.adminJson(`/events/${event.id}`)).json()).stats.waitlist).toBe(1);
  });
});
