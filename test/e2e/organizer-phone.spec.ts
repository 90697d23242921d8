import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { greetDinner } from './greet-support';
import { buyTicket, createEvent, e2eServer } from './host-support';

/**
 * The organizer alone with one phone (issue 10, section 2): every organizer page at 390 × 844 (isMobile,
 * hasTouch, from playwright.config.ts) without horizontal scrolling, and the main tasks done with taps.
 * The width is compared with the viewport's 390 px: on a mobile viewport innerWidth grows with the content.
 */
const PHONE_WIDTH = 390;

async function widthOf(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** Every page measured, its width kept for the report; a page wider than the phone fails the test. */
async function fits(page: Page, widths: Record<string, number>, name: string) {
  await page.waitForLoadState('domcontentloaded');
  const w = await widthOf(page);
  widths[name] = w;
  expect.soft(w, `${name} (${page.url()}) is ${w} px wide`).toBeLessThanOrEqual(PHONE_WIDTH);
}

async function api(path: string, body: unknown, expected = 201) {
  const { url, token } = e2eServer();
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== expected) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

async function login(page: Page) {
  const { url, token } = e2eServer();
  await page.goto(`${url}/admin`);
  await page.getByLabel('Admin-Token').fill(token);
  await page.getByRole('button', { name: 'Anmelden' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: 'Dinner' })).toBeVisible();
}

test('every organizer page fits a 390 px phone, and the main tasks work with taps', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const { url, token } = e2eServer();
  const widths: Record<string, number> = {};

  // A dinner that has been: guests checked in and greeted, one passed on; a sold-out one with a waitlist.
  const { event, guests, doorToken } = await greetDinner(url, token, 3, 'Handschlag-Dinner im Hotel am Main');
  const roster = (await (
    await fetch(`${url}/api/devices/roster`, { headers: { authorization: `Bearer ${doorToken}` } })
  ).json()) as { tickets: { id: string }[] };
  await fetch(`${url}/api/devices/greetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${doorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      greetings: roster.tickets.slice(0, 2).map((t, i) => ({
        nonce: randomUUID().replace(/-/g, ''),
        kind: 'greet',
        ticketId: t.id,
        deviceTime: Date.now() - 60_000 + i * 5_000,
      })),
    }),
  });
  await api(`/api/admin/events/${event.id}/codes`, { code: 'FREUNDE-2026', kind: 'percent', value: 20, maxUses: 10 });
  const full = await createEvent(url, token, 'Ausverkauftes Dinner mit einem sehr langen Titel', 1);
  await buyTicket(url, full.slug, 'Frieda Erste');
  const join = await fetch(`${url}/e/${full.slug}/waitlist`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      givenName: 'Wilma',
      familyName: 'Warteliste',
      email: 'wilma.warteliste.mit.langer.adresse@example.com',
      company: 'Geduld GmbH',
      terms: 'on',
    }),
  });
  expect(join.status).toBe(303);

  await page.goto(`${url}/admin`);
  await fits(page, widths, 'login');
  await login(page);
  await fits(page, widths, 'events list');

  // Create a dinner with taps.
  await page.getByRole('link', { name: 'Dinner anlegen' }).tap();
  await expect(page).toHaveURL(/\/admin\/events\/new$/);
  await fits(page, widths, 'new dinner');
  const slug = `phone-${Date.now().toString(36)}`;
  await page.getByLabel('Slug (Webadresse)').fill(slug);
  await page.getByLabel('Titel', { exact: true }).fill('Dinner vom Handy');
  await page.getByLabel('Ort', { exact: true }).fill('Hotel am Main');
  await page.getByLabel('Beginn', { exact: true }).fill('2027-03-01T19:00');
  await page.getByLabel('Ende', { exact: true }).fill('2027-03-01T23:00');
  await page.getByLabel('Preis pro Platz').fill('50');
  await page.getByLabel('Plätze', { exact: true }).fill('12');
  await page.getByRole('button', { name: 'Dinner anlegen' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: 'Dinner vom Handy' })).toBeVisible();
  await fits(page, widths, 'new dinner page');

  // The dinner with orders: set a table, refund an order, all by tapping.
  await page.goto(`${url}/admin/events/${event.id}`);
  await fits(page, widths, 'dinner page');
  const first = page.locator('tr', { hasText: guests[0]!.name });
  await first.getByLabel('Tisch').fill('7');
  await first.getByRole('button', { name: 'Setzen' }).tap();
  await expect(page.locator('tr', { hasText: guests[0]!.name }).getByLabel('Tisch')).toHaveValue('7');
  await page.getByRole('button', { name: `Erstatten: ${guests[2]!.name}` }).tap();
  await expect(page.locator('tr', { hasText: guests[2]!.name })).toContainText('Erstattet');
  await fits(page, widths, 'dinner page after refund');

  // Export with a tap: the download arrives.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Excel · Alle bezahlten' }).first().tap();
  expect((await (await download).path()) ?? '').not.toBe('');

  // Pair a phone with taps: the link and its QR code appear.
  await page.getByLabel('Name des Handys').fill('Tür links');
  await page.getByRole('button', { name: 'Kopplungslink erzeugen' }).tap();
  await expect(page.locator('.qr svg')).toBeVisible();
  await expect(page.getByLabel('Link zum Kopieren')).toHaveValue(/\/host\/pair#/);
  await fits(page, widths, 'pairing link');

  for (const [name, path] of [
    ['pair form', `/admin/events/${event.id}/pair`],
    ['check-in live', `/admin/events/${event.id}/checkin`],
    ['handshake log', `/admin/events/${event.id}/greetings`],
    ['contacts', `/admin/events/${event.id}/contacts`],
    ['codes', `/admin/events/${event.id}/codes`],
    ['seat history', `/admin/orders/${guests[1]!.orderId}`],
    ['cancel dinner', `/admin/events/${event.id}/cancel`],
    ['waitlist', `/admin/events/${full.id}/waitlist`],
    ['outbox', '/admin/outbox'],
  ] as const) {
    await page.goto(`${url}${path}`);
    await fits(page, widths, name);
  }
  await page.locator('table a').first().tap();
  await expect(page).toHaveURL(/\/admin\/outbox\/./);
  await expect(page.getByRole('link', { name: 'Zurück' })).toBeVisible();
  await fits(page, widths, 'outbox mail');

  // Revoking a phone on the live page is a tap too.
  await page.goto(`${url}/admin/events/${event.id}/checkin`);
  await page.getByRole('button', { name: 'Entkoppeln: Tür', exact: true }).tap();
  await expect(page.locator('#phones tr', { hasText: 'Tür' })).toContainText('Entkoppelt');

  await testInfo.attach('widths.json', { body: JSON.stringify(widths, null, 2), contentType: 'application/json' });
  console.log('organizer page widths at 390 px:', JSON.stringify(widths));
  expect(Object.entries(widths).filter(([, w]) => w > PHONE_WIDTH)).toEqual([]);
});

test('"use this phone for the door": one tap on the dinner page pairs the phone in hand and opens the door', async ({
  page,
}) => {
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Dinner am eigenen Handy', 8);
  await buyTicket(url, event.slug, 'Otto Erster');
  await login(page);
  await page.goto(`${url}/admin/events/${event.id}`);
  await page.getByRole('button', { name: 'Dieses Handy für den Einlass nutzen' }).tap();

  // The host app on this very browser, paired for this dinner, shows the door; no code left in the address.
  await expect(page).toHaveURL(`${url}/host/`);
  await expect(page).toHaveTitle('Einlass · Dinner am eigenen Handy · Handy des Veranstalters');
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 0 / bezahlt 1');
  expect(await widthOf(page)).toBeLessThanOrEqual(PHONE_WIDTH);

  // The same one-time pairing underneath: the phone is listed on the live page, like one paired by QR.
  await page.goto(`${url}/admin/events/${event.id}/checkin`);
  await expect(page.locator('#phones tr', { hasText: 'Handy des Veranstalters' })).toContainText('Aktiv');
});
