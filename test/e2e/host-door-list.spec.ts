import { expect, type Page, test } from '@playwright/test';
import { buyTicket, checkinStats, createEvent, e2eServer, pairingLink, phoneContext, showGuests } from './host-support';

/**
 * The door's guest list is search-only unless the organizer chose the full list (web/host/door.ts), and a
 * check-in from it takes a confirming tap: a bystander reads no names, a phone in a pocket checks nobody in.
 */
const search = (page: Page) => page.getByLabel('Suchen (Name, Firma oder E-Mail)');

test('search-only: no names until two characters, then only the matches; a tap alone checks nobody in', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Private Dinner');
  const anna = await buyTicket(url, event.slug, 'Anna Adler');
  await buyTicket(url, event.slug, 'Bernd Adler');
  await buyTicket(url, event.slug, 'Carla Berg');
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  await page.goto(await pairingLink(browser, url, token, event.id, 'Tür Liste'));
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 0 / bezahlt 3');
  await showGuests(page);

  const rows = page.locator('#guests li');
  // The count shows, no name does.
  await expect(page.locator('#list-title')).toHaveText('Noch erwartet (3)');
  await expect(page.locator('#search-hint')).toHaveText(
    'Mindestens zwei Buchstaben eingeben: Die Liste zeigt nur Treffer.',
  );
  await expect(rows).toHaveCount(0);
  await expect(page.getByText('Anna Adler')).toHaveCount(0);
  await search(page).fill('a');
  await expect(rows).toHaveCount(0);
  await search(page).fill('ad');
  await expect(page.locator('#list-title')).toHaveText('Treffer (2)');
  await expect(rows).toHaveText([/Anna Adler/, /Bernd Adler/]);
  await expect(page.locator('#search-hint')).toBeHidden();
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 0 / bezahlt 3');

  // One tap: the row offers the confirming button, and nobody is checked in.
  const row = rows.filter({ hasText: anna.name });
  const tapped = (await row.getByRole('button', { name: 'Einchecken', exact: true }).boundingBox())!;
  await row.getByRole('button', { name: 'Einchecken', exact: true }).click();
  const confirm = row.getByRole('button', { name: 'Einchecken bestätigen' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toBeFocused();
  const box = await confirm.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await page.waitForTimeout(500);
  await expect(page.locator('#verdict')).toBeHidden();
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 0 / bezahlt 3');
  // A second tap where the first landed confirms nothing: the confirming button is below it.
  expect(box!.y).toBeGreaterThanOrEqual(tapped.y + tapped.height);
  await page.mouse.click(tapped.x + tapped.width / 2, tapped.y + tapped.height / 2);
  await page.waitForTimeout(300);
  await expect(page.locator('#verdict')).toBeHidden();
  await row.getByRole('button', { name: 'Abbrechen' }).click();
  await expect(row.getByRole('button', { name: 'Einchecken', exact: true })).toBeVisible();
  expect((await checkinStats(url, token, event.id)).checkedIn).toBe(0);

  // Tap and confirm: checked in.
  await row.getByRole('button', { name: 'Einchecken', exact: true }).click();
  await confirm.click();
  await expect(page.locator('#verdict')).toHaveClass(/green/);
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 1 / bezahlt 3');
  await expect(page.locator('#sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
  expect((await checkinStats(url, token, event.id)).checkedIn).toBe(1);

  // English too.
  await page.locator('#verdict').click({ position: { x: 20, y: 20 } });
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByLabel('Search (name, company or e-mail)').fill('');
  await expect(page.locator('#search-hint')).toHaveText('Type at least two letters: the list shows only the matches.');
  await ctx.close();
});

test('the organizer switches a dinner to the full list: the door shows every name without a search', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Small Dinner');
  await buyTicket(url, event.slug, 'Anna Adler');
  await buyTicket(url, event.slug, 'Carla Berg');
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  await page.goto(await pairingLink(browser, url, token, event.id, 'Tür Voll'));
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 0 / bezahlt 2');
  await showGuests(page);
  await expect(page.locator('#guests li')).toHaveCount(0);

  // The organizer's settings page (a laptop): "full list".
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });
  const admin = await laptop.newPage();
  await admin.goto(`${url}/admin`);
  await admin.getByLabel('Admin-Token').fill(token);
  await admin.getByRole('button', { name: 'Anmelden' }).click();
  await admin.goto(`${url}/admin/events/${event.id}`);
  const setting = admin.getByLabel('Gästeliste auf den Einlass-Handys');
  await expect(setting).toHaveValue('search');
  await setting.selectOption('full');
  await admin.getByRole('button', { name: 'Änderungen speichern' }).click();
  await admin.goto(`${url}/admin/events/${event.id}`);
  await expect(admin.getByLabel('Gästeliste auf den Einlass-Handys')).toHaveValue('full');
  await laptop.close();

  // The phone learns it with its next roster, and keeps it across a reload.
  await page.reload();
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 0 / bezahlt 2');
  await showGuests(page);
  await expect(page.locator('#guests li')).toHaveText([/Anna Adler/, /Carla Berg/], { timeout: 15_000 });
  await expect(page.locator('#search-hint')).toBeHidden();
  await ctx.close();
});
