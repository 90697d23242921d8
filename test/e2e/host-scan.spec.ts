import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  buyTicket,
  checkinStats,
  clipFolder,
  createEvent,
  e2eServer,
  launchWithCamera,
  makeClip,
  pairingLink,
  phoneContext,
  refund,
  showGuests,
  tapCheckIn,
} from './host-support';

const clip = clipFolder();

test('the door: pair through the organizer’s link, scan green / amber / red, search, tap-check-in, undo', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Network Dinner Frankfurt');
  const erika = await buyTicket(url, event.slug, 'Erika Mustermann', 'Segeln auf dem Main');
  const max = await buyTicket(url, event.slug, 'Max Weber');
  const lena = await buyTicket(url, event.slug, 'Lena Fischer');
  const paul = await buyTicket(url, event.slug, 'Paul Erstattet');
  const sofia = await buyTicket(url, event.slug, 'Sofia Suche', 'Weinbau');
  await refund(url, token, paul.orderId);

  // Erika twice (the second time after the cooldown: a second scan, amber), Paul's refunded ticket last.
  const file = await makeClip(
    browser,
    [erika.secret, max.secret, lena.secret, erika.secret, paul.secret],
    join(clip(), 'door.mjpeg'),
  );
  // The camera is allowed once the app has its roster, so the clip starts with the first guest in view.
  const camera = await launchWithCamera(file, { grant: false });
  try {
    const link = await pairingLink(camera, url, token, event.id, 'Tür 1');
    expect(link).toMatch(new RegExp(`^${url}/host/pair#[0-9a-z]{32}$`));

    const ctx = await phoneContext(camera);
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(link);
    // The code is used and gone from the address bar; the roster is on the phone.
    await expect(page).toHaveURL(`${url}/host/`);
    await expect(page).toHaveTitle('Einlass · Network Dinner Frankfurt · Tür 1');
    await expect(page.locator('#counts')).toHaveText('Eingecheckt 0 / bezahlt 4');
    await ctx.grantPermissions(['camera'], { origin: url });
    await page.getByRole('button', { name: 'Kamera erneut versuchen' }).click();

    const log = page.locator('#log');
    // The clip loops every 7.5 s: a frame the decoder misses comes round again.
    for (const g of [erika, max, lena])
      await expect(log.locator('li.green', { hasText: g.name }).first()).toBeVisible({ timeout: 20_000 });
    const amber = log.locator('li.amber', { hasText: erika.name }).first();
    await expect(amber).toBeVisible();
    await expect(amber).toContainText(/Schon eingecheckt \(um \d\d:\d\d von Tür 1\)/);
    const red = log.locator('li.red', { hasText: paul.name }).first();
    await expect(red).toBeVisible();
    await expect(red).toContainText('Ticket storniert oder erstattet');
    // The verdict fills the screen.
    const verdict = page.locator('#verdict');
    await expect(verdict).toBeVisible();
    const box = await verdict.boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    await page.screenshot({ path: join(testInfo.outputDir, 'verdict.png') });

    // Search by name, check in by tap: green with "ask me about"; undo from the verdict screen.
    // A tap on the verdict closes it (away from its Undo button); new scans keep coming until the tab changes.
    const dismiss = () => verdict.click({ position: { x: 20, y: 20 } });
    await showGuests(page);
    await expect(verdict).toBeHidden({ timeout: 5000 });
    const search = page.getByLabel('Suchen (Name, Firma oder E-Mail)');
    await search.fill('sofia');
    const sofiaRow = page.locator('#guests li', { hasText: sofia.name });
    await tapCheckIn(sofiaRow);
    await expect(verdict).toHaveClass(/green/);
    await expect(page.locator('#verdict-name')).toHaveText(sofia.name);
    await expect(page.locator('#verdict-detail')).toHaveText('Sprich mich an auf: Weinbau');
    await page.locator('#verdict-undo').click();
    await expect(verdict).toHaveClass(/neutral/);
    await expect(page.locator('#verdict-headline')).toHaveText('Check-in rückgängig gemacht');
    await dismiss();
    await expect(sofiaRow.getByRole('button', { name: 'Einchecken' })).toBeVisible();
    await tapCheckIn(sofiaRow);
    await dismiss();
    await expect(sofiaRow).toContainText(/✓ um \d\d:\d\d von Tür 1/);

    // Undo from the guest's row, found by exact e-mail (the phone holds only its hash).
    await search.fill(max.email.toUpperCase());
    const maxRow = page.locator('#guests li', { hasText: max.name });
    await expect(page.locator('#guests li')).toHaveCount(1);
    await maxRow.getByRole('button', { name: 'Rückgängig' }).click();
    await dismiss();
    await expect(maxRow.getByRole('button', { name: 'Einchecken' })).toBeVisible();

    // Without a search, the count of the still expected but no names (the list is search-only); the
    // refunded seat is not counted as paid.
    await search.fill('');
    await expect(page.locator('#list-title')).toHaveText('Noch erwartet (1)');
    await expect(page.locator('#guests li')).toHaveCount(0);
    await expect(page.locator('#counts')).toHaveText('Eingecheckt 3 / bezahlt 4');

    // Everything reaches the server: Erika, Lena and Sofia checked in by "Tür 1", Max not.
    await expect(page.locator('#sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
    const stats = await checkinStats(url, token, event.id);
    expect(stats).toMatchObject({ checkedIn: 3, paid: 4, devices: [{ name: 'Tür 1', checkedIn: 3 }] });

    // English on request.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('#counts')).toHaveText('Checked in 3 / paid 4');
    await expect(page.getByRole('tab', { name: 'Guests' })).toBeVisible();
    expect(pageErrors).toEqual([]);
    await ctx.close();
  } finally {
    await camera.close();
  }
});
