import { createClient } from '@libsql/client';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { greetDinner, greetingLog, openGreetMode } from './greet-support';
import {
  buyTicket,
  checkinStats,
  createEvent,
  e2eServer,
  type Guest,
  pairingLink,
  phoneContext,
  showGuests,
} from './host-support';

/**
 * A hardware scanner (keyboard wedge) at the door: it types the code fast and ends with Enter
 * (web/host/wedge.ts). Playwright types as a scanner does: 8 ms between keys; a person: 90 ms.
 */
const burst = async (page: Page, text: string) => {
  await page.keyboard.type(text, { delay: 8 });
  await page.keyboard.press('Enter');
};
const swapYZ = (s: string) => s.replace(/[YZ]/g, (c) => (c === 'Y' ? 'Z' : 'Y'));

/** Buys tickets until one's code holds a Y or a Z (a random code lacks both about one time in five). */
async function guestWithYZ(url: string, slug: string) {
  for (let i = 0; i < 12; i++) {
    const g = await buyTicket(url, slug, `Zoe Ypsilon${'i'.repeat(i)}`);
    if (/[YZ]/.test(g.secret)) return g;
  }
  throw new Error('no code with Y or Z in 12 tickets');
}

/** Counts every request for the camera in the context's pages (asked() reads the count). */
const countCameraRequests = (ctx: BrowserContext) =>
  ctx.addInitScript(() => {
    const w = window as unknown as { cameraAsked: number };
    w.cameraAsked = 0;
    const md = navigator.mediaDevices;
    if (!md) return;
    const original = md.getUserMedia.bind(md);
    md.getUserMedia = (c) => {
      w.cameraAsked++;
      return original(c);
    };
  });
const asked = (page: Page) => page.evaluate(() => (window as unknown as { cameraAsked: number }).cameraAsked);

async function openDoor(page: Page, link: string, paid: number) {
  await page.goto(link);
  await expect(page.locator('#counts')).toHaveText(`Eingecheckt 0 / bezahlt ${paid}`);
}

async function scansOf(eventId: string) {
  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const rs = await db.execute({
      sql: `SELECT s.kind, s.result, t.name FROM scans s LEFT JOIN tickets t ON t.id = s.ticket_id WHERE s.event_id = ?`,
      args: [eventId],
    });
    return rs.rows.map((r) => ({ kind: r.kind, result: r.result, name: r.name }));
  } finally {
    db.close();
  }
}

test('a hardware scanner: green, amber on the second burst, a person typing checks nobody in, German layout, search box', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Scanner Dinner');
  const erika = await buyTicket(url, event.slug, 'Erika Scanner');
  const max = await buyTicket(url, event.slug, 'Max Tipper');
  const zoe = await guestWithYZ(url, event.slug);
  const { paid } = await checkinStats(url, token, event.id);
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await openDoor(page, await pairingLink(browser, url, token, event.id, 'Tür Scanner'), paid);
  const verdict = page.locator('#verdict');
  const indicator = page.locator('#wedge');
  await expect(indicator).toBeHidden();

  // No field focused: the burst is a scan, with the camera's verdict.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await burst(page, erika.secret);
  await expect(verdict).toHaveClass(/green/);
  await expect(page.locator('#verdict-name')).toHaveText(erika.name);
  await expect(page.locator('#counts')).toHaveText(`Eingecheckt 1 / bezahlt ${paid}`);
  // The indicator says so, in words.
  await expect(indicator).toBeVisible();
  await expect(indicator).toHaveText('⌨ Handscanner erkannt');
  await expect(page.getByRole('status').filter({ hasText: 'Handscanner erkannt' })).toBeVisible();
  await burst(page, erika.secret);
  await expect(verdict).toHaveClass(/amber/);
  await expect(page.locator('#verdict-headline')).toHaveText('Schon eingecheckt');
  await expect(indicator).toHaveAttribute('data-heard', '2');

  // A US-configured scanner on a German phone types Y for Z and Z for Y: still Zoe's ticket.
  await burst(page, swapYZ(zoe.secret));
  await expect(verdict).toHaveClass(/green/);
  await expect(page.locator('#verdict-name')).toHaveText(zoe.name);

  // A person typing the same characters slowly into the search box checks nobody in.
  await verdict.click({ position: { x: 20, y: 20 } });
  await showGuests(page);
  const search = page.getByLabel('Suchen (Name, Firma oder E-Mail)');
  await search.click();
  await page.keyboard.type(max.secret, { delay: 90 });
  await page.keyboard.press('Enter');
  await expect(search).toHaveValue(max.secret);
  await page.waitForTimeout(300);
  await expect(verdict).toBeHidden();
  await expect(page.locator('#counts')).toHaveText(`Eingecheckt 2 / bezahlt ${paid}`);

  // A burst while the search box has the focus is a scan all the same, and leaves the box as it was.
  await search.fill('');
  await search.focus();
  await burst(page, max.secret);
  await expect(verdict).toHaveClass(/green/);
  await expect(page.locator('#verdict-name')).toHaveText(max.name);
  await expect(search).toHaveValue('');
  await expect(page.locator('#counts')).toHaveText(`Eingecheckt 3 / bezahlt ${paid}`);

  // All reach the server: one check-in each, and the one amber.
  await expect(page.locator('#sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
  expect(await checkinStats(url, token, event.id)).toMatchObject({ checkedIn: 3 });
  const stored = await scansOf(event.id);
  expect(
    stored
      .filter((s) => s.result === 'ok')
      .map((s) => s.name)
      .sort(),
  ).toEqual([erika.name, max.name, zoe.name].sort());
  expect(stored.filter((s) => s.result === 'already_checked_in').map((s) => s.name)).toEqual([erika.name]);

  // English too.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(indicator).toHaveText('⌨ Hardware scanner heard');
  expect(pageErrors).toEqual([]);
  await ctx.close();
});

test('offline, a scanner check-in syncs like a camera scan: exactly one check-in on the server', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Scanner Offline Dinner');
  const anna: Guest = await buyTicket(url, event.slug, 'Anna Offline');
  await buyTicket(url, event.slug, 'Ben Kommtnicht');
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  await openDoor(page, await pairingLink(browser, url, token, event.id, 'Tür Scanner Offline'), 2);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await ctx.setOffline(true);
  await expect(page.locator('#sync')).toHaveClass('offline');
  await burst(page, anna.secret);
  await expect(page.locator('#verdict')).toHaveClass(/green/);
  await expect(page.locator('#sync')).toHaveAttribute('data-pending', '1');
  expect((await checkinStats(url, token, event.id)).checkedIn).toBe(0);

  await ctx.setOffline(false);
  await expect(page.locator('#sync')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
  expect(await checkinStats(url, token, event.id)).toMatchObject({ checkedIn: 1, paid: 2 });
  expect(await scansOf(event.id)).toEqual([{ kind: 'entry', result: 'ok', name: anna.name }]);
  await ctx.close();
});

test('a scanner-only door: the camera switched off never asks for it, and stays off after a reload', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Scanner Only Dinner');
  const anna = await buyTicket(url, event.slug, 'Anna Handscanner');
  const ctx = await phoneContext(browser);
  await countCameraRequests(ctx);
  const page = await ctx.newPage();
  await openDoor(page, await pairingLink(browser, url, token, event.id, 'Tür Nur Scanner'), 1);
  const toggle = page.getByRole('button', { name: 'Kamera aus' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(page.getByRole('button', { name: 'Kamera an' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#camera-note')).toHaveText(/Kamera ist aus/);

  await page.reload();
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 0 / bezahlt 1');
  await expect(page.getByRole('button', { name: 'Kamera an' })).toBeVisible();
  await page.getByRole('tab', { name: 'Gäste' }).click();
  await page.getByRole('tab', { name: 'Scannen' }).click();
  await burst(page, anna.secret);
  await expect(page.locator('#verdict')).toHaveClass(/green/);
  expect(await asked(page)).toBe(0);
  await ctx.close();
});

test('greet mode: a scanner burst greets the guest, the second says already greeted', async ({ browser }) => {
  test.setTimeout(90_000);
  const { url, token } = e2eServer();
  const { event, guests, phoneLink } = await greetDinner(url, token, 2, 'Scanner Greet Dinner');
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  await openGreetMode(page, phoneLink, 2);
  const guest = guests[0]!;
  await burst(page, guest.secret);
  await expect(page.locator('#verdict')).toHaveClass(/green/);
  await expect(page.locator('#verdict-headline')).toHaveText('Begrüßt');
  await expect(page.locator('#verdict-name')).toHaveText(guest.name);
  await expect(page.locator('#wedge')).toBeVisible();
  await burst(page, guest.secret);
  await expect(page.locator('#verdict-headline')).toHaveText('Schon begrüßt');
  await expect(async () => {
    const log = await greetingLog(url, token, event.id);
    expect(log.counts.greeted).toBe(1);
  }).toPass({ timeout: 20_000 });
  await ctx.close();
});

test('greet mode’s scan tab has the door’s camera switch: one setting, off never asks for the camera, a scanner greets', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { url, token } = e2eServer();
  const { guests, phoneLink } = await greetDinner(url, token, 2, 'Scanner Greet Camera Dinner');
  const ctx = await phoneContext(browser);
  await countCameraRequests(ctx);
  const page = await ctx.newPage();
  await openGreetMode(page, phoneLink, 2);
  await page.getByRole('tab', { name: 'Scannen' }).click();
  const off = page.getByRole('button', { name: 'Kamera aus' });
  await expect(off).toHaveAttribute('aria-pressed', 'false');
  await off.click();
  await expect(page.getByRole('button', { name: 'Kamera an' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#greet-camera-note')).toHaveText(/Kamera ist aus: Namensschilder und Tickets/);

  // after a reload, back on greet mode's scan tab: no camera, and a scanner burst still greets
  await page.reload();
  await page.locator('#greet-todo > li.g-todo').nth(1).waitFor();
  await page.getByRole('tab', { name: 'Liste' }).click();
  await page.getByRole('tab', { name: 'Scannen' }).click();
  await expect(page.getByRole('button', { name: 'Kamera an' })).toBeVisible();
  await burst(page, guests[0]!.secret);
  await expect(page.locator('#verdict-headline')).toHaveText('Begrüßt');
  await page.locator('#verdict').click();
  expect(await asked(page)).toBe(0);

  // the same setting at the door; switched on there, greet mode's scan tab uses the camera again
  await page.locator('#mode-door').click();
  const doorOn = page.getByRole('button', { name: 'Kamera an' });
  await expect(doorOn).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#camera-note')).toHaveText(/Kamera ist aus/);
  expect(await asked(page)).toBe(0);
  await doorOn.click();
  await expect.poll(() => asked(page)).toBe(1);
  await page.locator('#mode-greet').click();
  await expect(page.getByRole('button', { name: 'Kamera aus' })).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => asked(page)).toBe(2);
  await ctx.close();
});
