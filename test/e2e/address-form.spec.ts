import { createClient } from '@libsql/client';
import { expect, type Page, test } from '@playwright/test';
import { duWords, mailWords } from '../fixtures/du-words';
import { GUEST_PAGES } from './a11y-pages';
import { buy, cancelDinner, createDinner, formPost, getWorld, joinLine } from './a11y-support';
import { e2eServer } from './host-support';

/**
 * A dinner set to "Sie" addresses its German guests as "Sie" everywhere they read: every guest page in
 * every state (the tables in a11y-pages.ts; the world's dinners keep the default, Sie), the terms and the
 * accessibility statement its footer links, and the mails its guests got. A "du" dinner says "du".
 * Words, not substrings: "Dupont" or "Dublin" are no "du".
 */
/** What the page says, to the eye and to a screen reader: its text, title and the names in attributes. */
const readable = (page: Page) =>
  page.evaluate(() => {
    const out = [document.title];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode())
      if (!n.parentElement?.closest('script, style, template')) out.push(n.nodeValue ?? '');
    for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder], input[value]'))
      for (const a of ['aria-label', 'title', 'alt', 'placeholder'])
        if (el.hasAttribute(a)) out.push(el.getAttribute(a) ?? '');
    for (const el of document.querySelectorAll<HTMLInputElement>('input[type=submit], input[type=button]'))
      out.push(el.value);
    return out.join(' \n ');
  });

test.use({ locale: 'de-DE' });

test('a Sie dinner: no "du" on any German guest page, nor on the terms and statement they link', async ({ page }) => {
  test.setTimeout(240_000);
  const w = await getWorld();
  const found: string[] = [];
  const linked = new Set<string>();
  // every page but the du dinners' terms, which a Sie dinner never links (checked below)
  for (const [name, open] of GUEST_PAGES.filter(([n]) => n !== 'terms, du form')) {
    await open(page, w, 'de');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    for (const hit of duWords(await readable(page))) found.push(`${name}: …${hit}…`);
    for (const href of await page
      .locator('footer a, a[href^="/terms"]')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? '')))
      linked.add(href);
  }
  expect(linked.size).toBeGreaterThanOrEqual(2);
  for (const href of linked) {
    await page.goto(`${e2eServer().url}${href}`);
    for (const hit of duWords(await readable(page))) found.push(`${href}: …${hit}…`);
  }
  expect(found).toEqual([]);
});

test('a Sie dinner’s mails (subject, text and HTML) never say "du"', async () => {
  const w = await getWorld();
  // Beyond the world's tickets and line: a cancelled seat, a seat passed on, a dinner called off with its line.
  const sie = await createDinner('Sie Post Dinner', 2, { cancellation: { untilDaysBefore: 2, refundPercent: 80 } });
  const carla = await buy(sie.slug, 'Carla Storno');
  await formPost(`${carla.ticketPath}/cancel`, { confirm: 'yes' });
  const tom = await buy(sie.slug, 'Tom Weiter');
  await formPost(`${tom.ticketPath}/transfer`, {
    givenName: 'Nele',
    familyName: 'Neu',
    email: `nele.${Date.now()}@example.com`,
    company: 'Neu AG',
    role: 'CTO',
  });
  await buy(sie.slug, 'Sara Voll');
  await joinLine(sie.slug, 'Lutz Linie');
  await cancelDinner(sie.id);

  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const ids = [w.onSale.id, w.soldOut.id, w.over.id, sie.id];
    const marks = ids.map(() => '?').join(', ');
    const rows = await db.execute({
      sql: `SELECT subject, text, html FROM outbox WHERE subject != '' AND "to" IN (
              SELECT email FROM orders WHERE event_id IN (${marks})
              UNION SELECT email FROM waitlist_entries WHERE event_id IN (${marks}))`,
      args: [...ids, ...ids],
    });
    const subjects = rows.rows.map((r) => String(r.subject).split(':')[0]);
    // tickets, a cancellation, a seat passed on, the line (joined, closed)
    for (const kind of ['Ihr Ticket', 'Storniert', 'Platz weitergegeben', 'Warteliste'])
      expect(subjects, kind).toContain(kind);
    expect(rows.rows.length, subjects.join(' | ')).toBeGreaterThanOrEqual(12);
    const found = rows.rows.flatMap((r) =>
      duWords(mailWords({ subject: r.subject, text: r.text, html: r.html })).map((hit) => `${r.subject}: …${hit}…`),
    );
    expect(found).toEqual([]);
  } finally {
    db.close();
  }
});

test('a du dinner says "du" on its pages, its terms and its mail', async ({ page }) => {
  const event = await createDinner('Du Dinner', 10, { addressForm: 'du' });
  const guest = await buy(event.slug, 'Dora Duzen');
  const { url } = e2eServer();
  await page.goto(`${url}/e/${event.slug}`);
  expect(duWords(await readable(page)).length).toBeGreaterThan(0);
  await page.goto(`${url}${guest.ticketPath}`);
  expect(duWords(await readable(page)).length).toBeGreaterThan(0);
  await page.locator('footer a[href^="/terms"]').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(duWords(await readable(page)).length).toBeGreaterThan(0);
  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const mail = await db.execute({
      sql: 'SELECT o.subject, o.text FROM outbox o JOIN orders r ON r.email = o."to" WHERE r.id = ?',
      args: [guest.orderId],
    });
    expect(duWords(`${mail.rows[0]?.subject}\n${mail.rows[0]?.text}`).length).toBeGreaterThan(0);
  } finally {
    db.close();
  }
});
