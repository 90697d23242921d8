/**
 * The accessibility specs' world: dinners in the states a guest, host or organizer meets (on sale, sold out
 * with a line, over with the guests' exchange open), bought through klick's own HTTP routes, and axe-core
 * run with the WCAG 2.1 A/AA tags. Plain fetch, as in host-support.ts.
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { createClient } from '@libsql/client';
import { expect, type Page } from '@playwright/test';
import { buyTicket, e2eServer, ticketPath } from './host-support';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DAY = 86_400_000;
export type Lang = 'de' | 'en';

/** axe on the page as it stands; a failure lists each rule with the first offending elements. */
export async function expectNoViolations(page: Page, what = '') {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join(' | ')}`,
  );
  expect(found, `axe on ${what || page.url()}`).toEqual([]);
}

/** The second klick global-setup.ts starts, with Apple and Google Wallet configured (same admin token). */
export function walletServer() {
  const url = process.env.KLICK_WALLET_URL;
  if (!url) throw new Error('KLICK_WALLET_URL missing: is globalSetup configured?');
  return url;
}

async function call<T>(
  path: string,
  init: RequestInit & { json?: unknown; base?: string } = {},
  expected = 200,
): Promise<T> {
  const { token } = e2eServer();
  const url = init.base ?? e2eServer().url;
  const res = await fetch(`${url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
  });
  if (res.status !== expected) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

export async function formPost(path: string, form: Record<string, string>) {
  const { url } = e2eServer();
  const res = await fetch(new URL(path, url), {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  if (res.status !== 303) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  // a path, as the pages link it
  const location = new URL(res.headers.get('location') ?? '', url);
  return `${location.pathname}${location.search}`;
}

export async function createDinner(
  title: string,
  capacity: number,
  extra: Record<string, unknown> = {},
  base = e2eServer().url,
) {
  const startsAt = Date.now() + 30 * DAY;
  return call<{ id: string; slug: string }>(
    '/api/admin/events',
    {
      base,
      method: 'POST',
      json: {
        slug: `a11y-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        title,
        description: 'Ein Abend mit 92 Gästen aus der Region.',
        venue: 'Hotel am Main',
        address: 'Mainkai 1, Frankfurt',
        hostName: 'Erika Gastgeberin',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 4 * 3_600_000).toISOString(),
        timezone: 'Europe/Berlin',
        priceCents: 5000,
        currency: 'EUR',
        capacity,
        ...extra,
      },
    },
    201,
  );
}

export interface Bought {
  orderId: string;
  ticketPath: string;
  ticketId: string;
  secret: string;
}

/** The form's given and family name from "Given Family". */
const parts = (name: string) => ({
  givenName: name.split(' ').slice(0, -1).join(' ') || name,
  familyName: name.split(' ').at(-1) ?? '',
});

/** Purchase form → demo "pay" → success page → ticket page, as the guest's browser would go. */
export async function buy(slug: string, name: string, consent = false): Promise<Bought> {
  const { url } = e2eServer();
  // a name in another script gives no letters here: the address starts with `guest`
  const local =
    name
      .toLowerCase()
      .replace(/[^a-z]+/g, '.')
      .replace(/^\.|\.$/g, '') || 'guest';
  const email = `${local}.${randomUUID().slice(0, 6)}@example.com`;
  const form: Record<string, string> = { ...parts(name), email, company: 'Muster GmbH', role: 'CEO', terms: 'on' };
  if (consent) Object.assign(form, { consentHost: 'on', consentGuests: 'on', phone: '+49 69 123456' });
  const pay = await formPost(`${await formPost(`/e/${slug}/checkout`, form)}/pay`, {});
  const orderId = /\/orders\/([^/]+)\/done/.exec(pay)?.[1] ?? '';
  const ticketPath = /href="(\/t\/[0-9a-z]+)"/.exec(await (await fetch(`${url}${pay}`)).text())?.[1] ?? '';
  const html = await (await fetch(`${url}${ticketPath}`)).text();
  const secret = (/<p class="code">([^<]+)<\/p>/.exec(html)?.[1] ?? '').replace(/\s+/g, '');
  if (!orderId || !ticketPath || !secret) throw new Error(`purchase for ${slug} did not end on a ticket`);
  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const row = await db.execute({ sql: 'SELECT id FROM tickets WHERE order_id = ?', args: [orderId] });
    return { orderId, ticketPath, secret, ticketId: String(row.rows[0]?.id) };
  } finally {
    db.close();
  }
}

/** A seat held but not yet paid: the buyer's success page waits for the payment. */
export async function hold(slug: string) {
  const email = `held.${randomUUID().slice(0, 8)}@example.com`;
  const checkout = await formPost(`/e/${slug}/checkout`, {
    ...parts('Hanna Halt'),
    email,
    company: 'Warte AG',
    role: 'CFO',
    terms: 'on',
  });
  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const row = await db.execute({ sql: 'SELECT id FROM orders WHERE email = ?', args: [email] });
    return { checkout, orderId: String(row.rows[0]?.id) };
  } finally {
    db.close();
  }
}

/** The sold-out dinner's line: a place in it, from the public form; the personal link comes by mail. */
export async function joinLine(slug: string, name: string) {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${randomUUID().slice(0, 6)}@example.com`;
  await formPost(`/e/${slug}/waitlist`, { ...parts(name), email, company: 'Warte AG', terms: 'on' });
  return (await mailedPath(email, /\/w\/[0-9a-z]+/)) ?? '';
}

/** A path a mail to `to` links, read where the guest reads it: in the outbox. */
export async function mailedPath(to: string, pattern: RegExp) {
  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const rows = await db.execute({ sql: 'SELECT text FROM outbox WHERE "to" = ? ORDER BY rowid DESC', args: [to] });
    return rows.rows.map((r) => pattern.exec(String(r.text))?.[0]).find(Boolean);
  } finally {
    db.close();
  }
}

/** The newest mail in the outbox that still has its subject. */
export async function newestMailId() {
  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const rows = await db.execute("SELECT id FROM outbox WHERE subject != '' ORDER BY rowid DESC LIMIT 1");
    return String(rows.rows[0]?.id);
  } finally {
    db.close();
  }
}

/** The organizer calls a dinner off and refunds every paid order (the API, as tooling would). */
export async function cancelDinner(eventId: string) {
  await call(`/api/admin/events/${eventId}/cancel`, { method: 'POST', json: { refund: true } });
}

export async function leaveLine(path: string) {
  await formPost(`${path}/leave`, {});
}

export async function pairDevice(eventId: string, name: string) {
  const { code } = await call<{ code: string }>(
    `/api/admin/events/${eventId}/pairings`,
    { method: 'POST', json: { deviceName: name } },
    201,
  );
  const { token } = await call<{ token: string }>('/api/devices/pair', { method: 'POST', json: { code } }, 201);
  return token;
}

export async function asDevice(token: string, path: string, body: unknown) {
  await call(path, { method: 'POST', json: body, headers: { authorization: `Bearer ${token}` } });
}

/** Moves a dinner into the past (the API refuses past times for new dinners; the clock cannot be set). */
async function endDinner(eventId: string) {
  const db = createClient({ url: e2eServer().databaseUrl });
  const startsAt = Date.now() - 6 * 3_600_000;
  try {
    await db.execute({
      sql: 'UPDATE events SET starts_at = ?, ends_at = ?, sales_close_at = NULL, transfer_until = NULL WHERE id = ?',
      args: [startsAt, startsAt + 4 * 3_600_000, eventId],
    });
  } finally {
    db.close();
  }
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

export async function buildWorld() {
  // On sale, cancellable (the ticket page offers cancelling and passing on), with a code and a held seat.
  const onSale = await createDinner('Barrierefrei Dinner', 40, {
    cancellation: { untilDaysBefore: 2, refundPercent: 80 },
  });
  await call(
    `/api/admin/events/${onSale.id}/codes`,
    { method: 'POST', json: { code: 'FREUNDE', kind: 'percent', value: 20, maxUses: 5 } },
    201,
  );
  const guest = await buy(onSale.slug, 'Erika Muster', true);
  const held = await hold(onSale.slug);
  const door = await pairDevice(onSale.id, 'Tür 1');
  const other = await buy(onSale.slug, 'Jonas Zweit');
  await asDevice(door, '/api/devices/scans', {
    scans: [{ nonce: randomUUID().replace(/-/g, ''), kind: 'entry', qr: other.secret, deviceTime: Date.now() }],
  });
  await asDevice(door, '/api/devices/greetings', {
    greetings: [
      { nonce: randomUUID().replace(/-/g, ''), kind: 'greet', ticketId: other.ticketId, deviceTime: Date.now() },
    ],
  });

  // Sold out: one seat, taken; a line.
  const soldOut = await createDinner('Ausverkauft Dinner', 1);
  await buy(soldOut.slug, 'Anna Erste');
  const inLine = await joinLine(soldOut.slug, 'Ben Wartend');

  // Over: two guests who share with guests were there; the exchange is open on their ticket pages.
  const over = await createDinner('Vorbei Dinner', 10);
  const anna = await buy(over.slug, 'Anna Adler', true);
  const ben = await buy(over.slug, 'Ben Bauer', true);
  const overDoor = await pairDevice(over.id, 'Tür');
  await asDevice(overDoor, '/api/devices/scans', {
    scans: [anna, ben].map((g) => ({
      nonce: randomUUID().replace(/-/g, ''),
      kind: 'entry',
      qr: g.secret,
      deviceTime: Date.now(),
    })),
  });
  await endDinner(over.id);

  // A guest whose name needs the browser's shaping (Arabic): the badge PDF answers with the page that says so.
  const shaped = await createDinner('Schilder Dinner', 10);
  await buy(shaped.slug, 'ليلى حداد');

  // On the klick with both wallets configured: a ticket whose page shows the Apple and Google Wallet buttons.
  const walletDinner = await createDinner('Wallet Dinner', 10, {}, walletServer());
  const walletGuest = await buyTicket(walletServer(), walletDinner.slug, 'Wanda Wallet');
  const walletTicket = await ticketPath(walletServer(), walletGuest.orderId);

  return { onSale, guest, held, soldOut, inLine, over, shaped, anna, ben, doorToken: door, walletTicket };
}

let world: Promise<World> | undefined;
/** Built once per worker (workers: 1), shared by every test of the specs. */
export const getWorld = () => {
  world ??= buildWorld();
  return world;
};

/** The organizer's login form, as typed. */
export async function adminLogin(page: Page) {
  const { url, token } = e2eServer();
  await page.goto(`${url}/admin`);
  await page.locator('#token').fill(token);
  await page.locator('#token').press('Enter');
  await page.waitForURL(`${url}/admin`);
  await expect(page.locator('nav form')).toBeVisible();
}

/**
 * Buttons, form controls (a box with its label: the label takes the tap), button-like links and links that
 * stand alone in their block are at least 44 × 44 CSS px. Links inside running text are exempt.
 */
export async function smallTargets(page: Page) {
  return page.evaluate(() => {
    const small: string[] = [];
    const targets = document.querySelectorAll<HTMLElement>(
      'button, input:not([type=hidden]), select, textarea, summary, a[href]',
    );
    for (const el of targets) {
      if (!el.checkVisibility()) continue;
      if (el.tagName === 'A' && !el.classList.contains('button')) {
        const block = el.parentElement;
        const alone = block && (block.textContent ?? '').trim() === (el.textContent ?? '').trim();
        if (!alone) continue;
      }
      const box = (el.closest('label') ?? el).getBoundingClientRect();
      if (box.width < 44 - 0.5 || box.height < 44 - 0.5)
        small.push(
          `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
    }
    return small;
  });
}
