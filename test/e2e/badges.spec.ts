import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { greetDinner, greetingLog } from './greet-support';
import { checkinStats, clipFolder, e2eServer, launchWithCamera, makeClip, phoneContext } from './host-support';
import { decodeQr } from './qr-decode';

const clip = clipFolder();

/**
 * The organizer prints badges for 10 guests (2 A4 sheets: 8 + 2), from the browser (Chromium's own PDF of the
 * print page) and as the PDF download; a badge's QR, read back from the page with the decoder, is refused at
 * the door as "badge, not a ticket" and greets its guest in greet mode.
 */
test('badges: 10 guests on 2 sheets, name only shows no company, the badge QR greets and is refused at the door', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const { url, token } = e2eServer();
  const { event, guests, phoneLink } = await greetDinner(url, token, 10, 'Badge Dinner');
  const laptop = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 2,
    isMobile: false,
    hasTouch: false,
    locale: 'de-DE',
  });
  const admin = await laptop.newPage();
  await admin.goto(`${url}/admin`);
  await admin.getByLabel('Admin-Token').fill(token);
  await admin.getByRole('button', { name: 'Anmelden' }).click();
  await admin.goto(`${url}/admin/events/${event.id}`);
  await admin.getByRole('link', { name: 'Namensschilder drucken' }).click();
  await expect(admin.getByRole('heading', { name: 'Namensschilder' })).toBeVisible();
  await expect(admin.locator('article.badge')).toHaveCount(10);
  await expect(admin.locator('section.sheet')).toHaveCount(2);
  await expect(admin.getByRole('status').first()).toContainText('10 Schilder auf 2 Bögen');

  // every guest chose "name only" (the default): the first name large, the full name, no company, no line
  const first = admin.locator('article.badge').first();
  const fullName = (await first.locator('.full').textContent()) ?? '';
  const guest = guests.find((g) => g.name === fullName)!;
  expect(guest).toBeTruthy();
  await expect(first.locator('.first')).toHaveText(fullName.split(' ')[0]!);
  await expect(first).not.toContainText('GmbH');
  await expect(first.locator('.company')).toHaveCount(0);
  await expect(first.locator('.ask')).toHaveCount(0);

  // printed from the browser: CSS paged media, A4, one sheet per page
  await admin.emulateMedia({ media: 'print' });
  const printed = await PDFDocument.load(await admin.pdf({ preferCSSPageSize: true, printBackground: true }));
  expect(printed.getPageCount()).toBe(2);
  const { width, height } = printed.getPage(0).getSize();
  expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
  await admin.emulateMedia({ media: 'screen' });

  // the PDF download: 2 pages too
  const download = await admin.request.get(`${url}/admin/events/${event.id}/badges.pdf`);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect((await PDFDocument.load(await download.body())).getPageCount()).toBe(2);

  // the badge's QR as printed, read back with the decoder
  const [code] = await decodeQr(await first.locator('.bqr').screenshot());
  expect(code).toMatch(/^GRUSS\d{31}$/);
  await laptop.close();

  const before = await checkinStats(url, token, event.id);
  const file = await makeClip(browser, [code!], join(clip(), 'badge.mjpeg'), { qrMs: 1500, blankMs: 3000 });
  const camera = await launchWithCamera(file);
  try {
    const ctx = await phoneContext(camera);
    const page = await ctx.newPage();
    // the door: "badge, not a ticket", amber, never a check-in
    await page.goto(phoneLink);
    const headline = page.locator('#verdict-headline');
    await expect(headline).toHaveText('Namensschild, kein Ticket', { timeout: 30_000 });
    await expect(page.locator('#verdict')).toHaveClass(/amber/);
    await page.waitForTimeout(1000);
    const after = await checkinStats(url, token, event.id);
    expect(after.checkedIn).toBe(before.checkedIn);
    expect(after.devices.find((d) => d.name === 'Gastgeber')).toMatchObject({ checkedIn: 0 });

    // greet mode: the same badge greets its guest, through the phone's outbox
    await page.goto(`${url}/host/`);
    await page.locator('#mode-greet').click();
    await page.locator('#greet-todo > li.g-todo').nth(9).waitFor();
    await page.getByRole('tab', { name: 'Scannen' }).click();
    await expect(page.locator('#verdict-name')).toHaveText(guest.name, { timeout: 30_000 });
    await expect(page.locator('#greet-count')).toContainText('Begrüßt 1');
    await expect
      .poll(async () => (await greetingLog(url, token, event.id)).timeline.map((e) => e.name), { timeout: 20_000 })
      .toEqual([guest.name]);
    expect((await checkinStats(url, token, event.id)).checkedIn).toBe(before.checkedIn);
  } finally {
    await camera.close();
  }
});
