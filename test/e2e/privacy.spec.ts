import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { POLICY_VERSION } from '../../src/orders/service';
import { readCsv, readVcards } from '../exports/parse';

/** Set by test/e2e/global-setup.ts in the runner; workers inherit it. */
function server() {
  const url = process.env.KLICK_URL;
  const token = process.env.KLICK_ADMIN_TOKEN;
  if (!url || !token) throw new Error('KLICK_URL / KLICK_ADMIN_TOKEN missing: is globalSetup configured?');
  return { url, token, auth: { authorization: `Bearer ${token}` } };
}

async function createEvent(request: APIRequestContext) {
  const { url, auth } = server();
  const startsAt = Date.now() + 7 * 86_400_000;
  const res = await request.post(`${url}/api/admin/events`, {
    headers: auth,
    data: {
      slug: `privacy-${Date.now().toString(36)}`,
      title: 'Datenschutz Dinner',
      venue: 'Hotel am Main',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 4 * 3_600_000).toISOString(),
      timezone: 'Europe/Berlin',
      priceCents: 5000,
      currency: 'EUR',
      capacity: 20,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; slug: string };
}

/** The real purchase on the phone: form, demo checkout, success page, ticket page. No consent box ticked. */
async function buy(page: Page, slug: string, guest: { name: string; email: string; company: string; role: string }) {
  await page.goto(`${server().url}/e/${slug}`);
  await page.getByLabel('Name', { exact: true }).fill(guest.name);
  await page.getByLabel('E-Mail', { exact: true }).fill(guest.email);
  await page.getByLabel('Firma', { exact: true }).fill(guest.company);
  await page.getByLabel('Position', { exact: true }).fill(guest.role);
  await page.getByLabel('Telefon (optional)').fill('+49 69 123456');
  await page.getByLabel(/^Ich akzeptiere die Bedingungen/).check();
  await page.getByRole('button', { name: /^Weiter zur Zahlung/ }).click();
  await page.getByRole('button', { name: 'Bezahlen (Karte)' }).click();
  await page.getByRole('link', { name: 'Ticket öffnen' }).click();
  await expect(page).toHaveURL(/\/t\/[^/]+$/);
}

const scopeCard = (page: Page, heading: string) =>
  page.locator('.card', { has: page.getByRole('heading', { name: heading, exact: true }) });

test('a guest shares with the host on the ticket page; the organizer downloads CSV, Excel and vCard', async ({
  page,
  browser,
  request,
}, testInfo) => {
  const event = await createEvent(request);
  const lukasz = {
    name: 'Łukasz Żółć',
    email: 'lukasz@example.com',
    company: '=HYPERLINK("x";"y")',
    role: 'CTO, "Gründer"',
  };
  const erika = { name: 'Erika Still', email: 'erika@example.com', company: 'Leise GmbH', role: 'CFO' };
  await buy(page, event.slug, erika);

  await buy(page, event.slug, lukasz);
  const host = scopeCard(page, 'Mit dem Gastgeber teilen');
  await expect(host.locator('.msg')).toHaveText(
    new RegExp(`^Nicht geteilt seit .* \\(Datenschutzhinweis ${POLICY_VERSION}\\)\\.$`),
  );
  // The card lists exactly what the scope shares, with the guest's own values.
  await expect(host.locator('dd').filter({ hasText: lukasz.email })).toBeVisible();
  await expect(host.locator('dd').filter({ hasText: '+49 69 123456' })).toBeVisible();
  await host.getByRole('button', { name: 'Teilen' }).click();
  await expect(page.getByRole('status')).toHaveText('Deine Auswahl ist gespeichert.');
  await expect(scopeCard(page, 'Mit dem Gastgeber teilen').locator('.msg')).toHaveText(/^Geteilt seit /);
  await expect(
    scopeCard(page, 'Mit den anderen Gästen teilen').getByRole('button', { name: 'Teilen', exact: true }),
  ).toBeVisible();
  // The third scope is only on the ticket page: found by name and company for a klick.
  const klick = scopeCard(page, 'Für einen klick auffindbar sein');
  await expect(klick.locator('dt')).toHaveText(['Name', 'Firma']);
  await klick.getByRole('button', { name: 'Teilen', exact: true }).click();
  await expect(scopeCard(page, 'Für einen klick auffindbar sein').locator('.msg')).toHaveText(/^Geteilt seit /);
  await page.screenshot({ path: join(testInfo.project.outputDir, 'ticket-privacy-phone.png'), fullPage: true });

  // The organizer, on a laptop, logged in with the admin token.
  const laptop = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'de-DE',
    acceptDownloads: true,
  });
  const org = await laptop.newPage();
  await org.goto(`${server().url}/admin`);
  await org.getByLabel('Admin-Token').fill(server().token);
  await org.getByRole('button', { name: 'Anmelden' }).click();
  await org.goto(`${server().url}/admin/events/${event.id}`);

  const download = async (name: string) => {
    const [file] = await Promise.all([org.waitForEvent('download'), org.getByRole('link', { name }).click()]);
    const bytes = readFileSync(await file.path());
    return { name: file.suggestedFilename(), text: bytes.toString('utf8'), bytes };
  };
  const csv = await download('CSV (für Programme) · Alle bezahlten');
  expect(csv.name).toBe(`${event.slug}-paid.csv`);
  const { rows } = readCsv(csv.text);
  const byName = Object.fromEntries(rows.map((r) => [r.Name, r]));
  expect(Object.keys(byName).sort()).toEqual([erika.name, lukasz.name].sort());
  expect(byName[lukasz.name]).toMatchObject({
    Company: `'${lukasz.company}`,
    Role: lukasz.role,
    Email: lukasz.email,
    // A phone number is no formula: it reaches the contact importer as typed.
    Phone: '+49 69 123456',
    'Shares contact details': 'yes',
  });
  expect(byName[erika.name]).toMatchObject({ Company: '', Email: '', Phone: '', 'Shares contact details': 'no' });

  const vcf = await download('vCard · Alle bezahlten');
  expect(vcf.name).toBe(`${event.slug}-paid.vcf`);
  const cards = readVcards(vcf.text);
  expect(cards).toHaveLength(1);
  expect(cards[0]).toMatchObject({
    fn: lukasz.name,
    org: lukasz.company,
    title: lukasz.role,
    email: lukasz.email,
    tel: 'tel:+49-69-123456',
  });

  // The organizer's Excel button: a real .xlsx (a zip) with the guest's phone number as typed.
  const xlsx = await download('Excel · Alle bezahlten');
  expect(xlsx.name).toBe(`${event.slug}-paid.xlsx`);
  expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(strFromU8(unzipSync(new Uint8Array(xlsx.bytes))['xl/sharedStrings.xml']!)).toContain('>+49 69 123456</t>');

  // The downloads are in the export log.
  await org.getByRole('link', { name: 'Export-Protokoll und Löschungen' }).click();
  await expect(org.getByRole('heading', { name: 'Export-Protokoll', exact: true })).toBeVisible();
  const log = org.locator('h2:text-is("Export-Protokoll") + table');
  await expect(log.locator('tbody tr')).toHaveCount(3);
  await expect(log.locator('tbody tr').first()).toContainText('Excel');
  await laptop.close();
});
