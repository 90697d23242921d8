import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { decodeQr } from './qr-decode';

/** Set by test/e2e/global-setup.ts in the runner; workers inherit it. */
function server() {
  const url = process.env.KLICK_URL;
  const token = process.env.KLICK_ADMIN_TOKEN;
  if (!url || !token) throw new Error('KLICK_URL / KLICK_ADMIN_TOKEN missing: is globalSetup configured?');
  return { url, auth: { authorization: `Bearer ${token}` } };
}

interface EventStats {
  sold: number;
  held: number;
  seatsLeft: number;
}

const DAY = 86_400_000;

/** Each test gets its own event through the admin JSON API (same path an organizer's tooling uses). */
async function createEvent(request: APIRequestContext, title: string) {
  const { url, auth } = server();
  const slug = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const startsAt = Date.now() + 30 * DAY;
  const res = await request.post(`${url}/api/admin/events`, {
    headers: auth,
    data: {
      slug,
      title,
      description: 'Ein Abend mit 92 Gästen.',
      venue: 'Hotel am Main',
      address: 'Mainkai 1, Frankfurt',
      hostName: 'Host',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 4 * 3_600_000).toISOString(),
      timezone: 'Europe/Berlin',
      priceCents: 5000,
      currency: 'EUR',
      capacity: 92,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const event = (await res.json()) as { id: string; slug: string };
  expect(event.slug).toBe(slug);
  return event;
}

async function eventStats(request: APIRequestContext, id: string): Promise<EventStats> {
  const { url, auth } = server();
  const res = await request.get(`${url}/api/admin/events/${id}`, { headers: auth });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { stats: EventStats }).stats;
}

test('a guest buys a seat on a phone and gets a ticket with a QR code', async ({ page, request }, testInfo) => {
  const title = 'Network Dinner Frankfurt';
  const event = await createEvent(request, title);
  const { url } = server();

  // Event page, German (locale de-DE → Accept-Language).
  await page.goto(`${url}/e/${event.slug}`);
  await expect(page).toHaveTitle(`${title} · klick`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.locator('dd').getByText('50,00 €', { exact: true })).toBeVisible();
  await expect(page.getByText('Noch 92 Plätze frei')).toBeVisible();

  // Every field by its visible label.
  await page.getByLabel('Name', { exact: true }).fill('Erika Mustermann');
  await page.getByLabel('E-Mail', { exact: true }).fill('erika@example.com');
  await page.getByLabel('Firma', { exact: true }).fill('Muster GmbH');
  await page.getByLabel('Position', { exact: true }).fill('Geschäftsführerin');
  await page.getByLabel('Telefon (optional)').fill('+49 69 123456');
  await page.getByLabel('LinkedIn-Profil (optional)').fill('https://www.linkedin.com/in/erika-mustermann');
  await page.getByLabel('Sprich mich an auf (optional)').fill('Segeln auf dem Main');
  await page.getByLabel('Meine Kontaktdaten nach dem Dinner mit dem Gastgeber teilen.').check();
  await page.getByLabel(/^Ich akzeptiere die Bedingungen/).check();
  await page.getByRole('button', { name: 'Weiter zur Zahlung · 50,00 €' }).click();

  // Demo checkout.
  await expect(page).toHaveURL(/\/demo\/checkout\/cs_demo_/);
  await expect(page.locator('.msg.demo')).toContainText('DEMO');
  await expect(page.getByText('50,00 € · erika@example.com')).toBeVisible();
  await page.getByRole('button', { name: 'Bezahlen (Karte)' }).click();

  // Success page → ticket.
  await expect(page).toHaveURL(/\/orders\/[^/]+\/done$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Danke!');
  await page.getByRole('link', { name: 'Ticket öffnen' }).click();

  // Ticket page.
  await expect(page).toHaveURL(/\/t\/[^/]+$/);
  await expect(page).toHaveTitle(`Dein Ticket · ${title}`);
  await expect(page.locator('.card strong').getByText('Erika Mustermann', { exact: true })).toBeVisible();
  const qr = page.locator('.qr svg');
  await expect(qr).toBeVisible();
  const box = await qr.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(100);
  expect(box?.height ?? 0).toBeGreaterThan(100);
  // Grouped for reading aloud: blocks of four characters separated by single spaces.
  await expect(page.locator('.code')).toHaveText(/^[A-Za-z0-9]{4}( [A-Za-z0-9]{1,4})+$/);
  // The code on screen scans: zxing reads the rendered QR back as the secret printed under it.
  const printed = ((await page.locator('.code').textContent()) ?? '').replace(/ /g, '');
  expect(await decodeQr(await qr.screenshot())).toEqual([printed]);

  await page.screenshot({ path: join(testInfo.project.outputDir, 'ticket-phone.png'), fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Zum Kalender hinzufügen (.ics)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${event.slug}.ics`);
  const ics = readFileSync(await download.path(), 'utf8');
  expect(ics.startsWith('BEGIN:VCALENDAR')).toBe(true);
  expect(ics).toContain('END:VCALENDAR');

  // Server state.
  const stats = await eventStats(request, event.id);
  expect(stats.sold).toBe(1);
  expect(stats.held).toBe(0);
  expect(stats.seatsLeft).toBe(91);
});

test('submitting the form empty shows German field errors and creates no order', async ({ page, request }) => {
  const event = await createEvent(request, 'Leeres Formular Dinner');
  const { url } = server();

  await page.goto(`${url}/e/${event.slug}`);
  await page.getByRole('button', { name: /^Weiter zur Zahlung/ }).click();

  await expect(page).toHaveURL(new RegExp(`/e/${event.slug}/checkout$`));
  await expect(page.getByRole('alert')).toHaveText('Bitte prüfe die markierten Felder.');
  await expect(page.locator('#name-error')).toHaveText('Pflichtfeld.');
  // an empty address is missing, not malformed
  await expect(page.locator('#email-error')).toHaveText('Pflichtfeld.');
  await expect(page.locator('#company-error')).toHaveText('Pflichtfeld.');
  await expect(page.locator('#role-error')).toHaveText('Pflichtfeld.');
  await expect(page.locator('#terms-error')).toHaveText('Bitte akzeptiere die Bedingungen.');
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('E-Mail', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // Optional fields carry no error.
  await expect(page.locator('#phone-error')).toHaveCount(0);

  const stats = await eventStats(request, event.id);
  expect(stats.held).toBe(0);
  expect(stats.sold).toBe(0);
  expect(stats.seatsLeft).toBe(92);
});
