import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { expect, test } from '@playwright/test';
import {
  buyTicket,
  clipFolder,
  createEvent,
  e2eServer,
  launchWithCamera,
  makeClip,
  pairingLink,
  phoneContext,
} from './host-support';

const clip = clipFolder();

/** The ticket page's address, from the buyer's success page (as the buyer would open it). */
async function ticketPath(base: string, orderId: string) {
  const html = await (await fetch(`${base}/orders/${orderId}/done`)).text();
  const path = /href="(\/t\/[0-9a-z]{32})"/.exec(html)?.[1];
  if (!path) throw new Error('no ticket link on the success page');
  return path;
}

/** The QR text of the new guest's ticket: read where the new guest reads it, in the mail klick sent them. */
async function newTicketPath(email: string) {
  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const rows = await db.execute({
      sql: `SELECT text FROM outbox WHERE dedupe_key LIKE 'transfer-in:%' AND "to" = ? ORDER BY rowid DESC LIMIT 1`,
      args: [email],
    });
    const path = /\/t\/[0-9a-z]{32}/.exec(String(rows.rows[0]?.text ?? ''))?.[0];
    if (!path) throw new Error(`no ticket mail to ${email}`);
    return path;
  } finally {
    db.close();
  }
}

test('a guest passes the ticket on; at the door the new QR is green and the old one red', async ({ browser, page }) => {
  test.setTimeout(120_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Weitergabe-Dinner');
  const anna = await buyTicket(url, event.slug, 'Anna Alt');

  // On the ticket page (phone): pass the seat on.
  const oldPath = await ticketPath(url, anna.orderId);
  await page.goto(`${url}${oldPath}`);
  await expect(page.getByText(/^Du kannst dein Ticket bis .* an jemand anderen weitergeben\.$/)).toBeVisible();
  await page.getByRole('link', { name: 'Platz an jemand anderen weitergeben…' }).click();
  await expect(page).toHaveTitle('Platz weitergeben · Weitergabe-Dinner');
  await page.getByLabel('Name', { exact: true }).fill('Ben Neu');
  await page.getByLabel('E-Mail', { exact: true }).fill('ben.neu@example.com');
  await page.getByLabel('Firma', { exact: true }).fill('Neu AG');
  await page.getByLabel('Position', { exact: true }).fill('Vertrieb');
  await page.getByRole('button', { name: 'Platz weitergeben' }).click();
  await expect(page).toHaveURL(`${url}${oldPath}`);
  await expect(page.getByText(/Du hast diesen Platz am .* an jemand anderen weitergegeben\./)).toBeVisible();
  await expect(page.locator('.qr svg')).toHaveCount(0);

  // The new guest's ticket, as the mail links it.
  await page.goto(`${url}${await newTicketPath('ben.neu@example.com')}`);
  await expect(page.locator('.card strong').getByText('Ben Neu', { exact: true })).toBeVisible();
  const ben = ((await page.locator('.code').textContent()) ?? '').replace(/\s+/g, '');
  expect(ben).not.toBe(anna.secret);

  // The door: both codes in front of the camera, the new one first.
  const file = await makeClip(browser, [ben, anna.secret], join(clip(), 'transfer.mjpeg'));
  const camera = await launchWithCamera(file, { grant: false });
  try {
    const link = await pairingLink(camera, url, token, event.id, 'Tür 1');
    const ctx = await phoneContext(camera);
    const phone = await ctx.newPage();
    const pageErrors: string[] = [];
    phone.on('pageerror', (e) => pageErrors.push(String(e)));
    await phone.goto(link);
    await expect(phone.locator('#counts')).toHaveText('Eingecheckt 0 / bezahlt 1');
    // Granted only once the first request was refused: granted earlier, that first request may succeed, the
    // retry button never shows and the click below waits for it until the test times out.
    const retry = phone.getByRole('button', { name: 'Kamera erneut versuchen' });
    await expect(retry).toBeVisible();
    await ctx.grantPermissions(['camera'], { origin: url });
    await retry.click();
    const log = phone.locator('#log');
    await expect(log.locator('li.green', { hasText: 'Ben Neu' }).first()).toBeVisible({ timeout: 20_000 });
    const red = log.locator('li.red', { hasText: 'Anna Alt' }).first();
    try {
      await expect(red).toBeVisible({ timeout: 30_000 });
    } catch (e) {
      // Once failed on CI and never here: the log as the host saw it says why next time.
      throw new Error(`no red "Anna Alt" in the door's log, which shows:\n${await log.innerText()}\n${e}`);
    }
    await expect(red).toContainText('Ticket übertragen');
    await expect(phone.locator('#sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
    expect(pageErrors).toEqual([]);
    await ctx.close();
  } finally {
    await camera.close();
  }

  // The server agrees: Ben is in, Anna's old ticket was refused as transferred.
  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const rows = await db.execute({
      sql: `SELECT DISTINCT s.result, t.name FROM scans s JOIN tickets t ON t.id = s.ticket_id WHERE s.event_id = ? ORDER BY t.name`,
      args: [event.id],
    });
    expect(rows.rows.map((r) => `${r.name}:${r.result}`)).toEqual(
      expect.arrayContaining(['Anna Alt:transferred', 'Ben Neu:ok']),
    );
  } finally {
    db.close();
  }
});
