import { expect, type Page, test } from '@playwright/test';
import { buyTicket, createEvent, e2eServer, ticketPath } from './host-support';
import { decodeQr } from './qr-decode';

/** The page's service worker has installed and kept a copy of this very page. */
async function keptForOffline(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        const kept = await (await caches.open(`klick-ticket:${location.pathname}`)).match(location.pathname);
        return kept ? (await kept.text()).length : 0;
      }),
    )
    .toBeGreaterThan(0);
}

test('the ticket page, once opened, shows the QR with the network off', async ({ page, context }) => {
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Offline-Dinner');
  const guest = await buyTicket(url, event.slug, 'Olga Offline');
  const path = await ticketPath(url, guest.orderId);

  await page.goto(`${url}${path}`);
  await expect(page.locator('.qr svg')).toBeVisible();
  await expect(page.getByText('Einmal geöffnet, zeigt diese Seite dein Ticket auch ohne Netz.')).toBeVisible();
  await keptForOffline(page);

  await context.setOffline(true);
  await page.reload();
  const qr = page.locator('.qr svg');
  await expect(qr).toBeVisible();
  await expect(page.locator('.card strong').getByText('Olga Offline', { exact: true })).toBeVisible();
  expect(await decodeQr(await qr.screenshot())).toEqual([guest.secret]);
  // no wallet is configured on this server: neither button shows
  await expect(page.getByRole('link', { name: /Wallet/ })).toHaveCount(0);
  // the whole page fits a 390 px phone: nothing wider than the screen
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // the copy answers only for its own ticket: another ticket's link, never opened here, is not served offline
  const other = await buyTicket(url, event.slug, 'Otto Other');
  const otherPath = await ticketPath(url, other.orderId);
  await expect(page.goto(`${url}${otherPath}`)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  await context.setOffline(false);
});

test('a ticket seen online as passed on is no longer shown valid offline', async ({ page, context }) => {
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Offline-Weitergabe');
  const guest = await buyTicket(url, event.slug, 'Paula Passt');
  const path = await ticketPath(url, guest.orderId);
  await page.goto(`${url}${path}`);
  await keptForOffline(page);

  // passed on (online) from the ticket page
  await page.getByRole('link', { name: 'Platz an jemand anderen weitergeben…' }).click();
  await page.getByLabel('Vorname', { exact: true }).fill('Nora');
  await page.getByLabel('Nachname', { exact: true }).fill('Neu');
  await page.getByLabel('E-Mail', { exact: true }).fill('nora.neu@example.com');
  await page.getByLabel('Firma', { exact: true }).fill('Neu AG');
  await page.getByLabel('Position', { exact: true }).fill('Vertrieb');
  await page.getByRole('button', { name: 'Platz weitergeben' }).click();
  await expect(page).toHaveURL(`${url}${path}`);
  await expect(page.getByText(/Du hast diesen Platz am .* an jemand anderen weitergegeben\./)).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText(/Du hast diesen Platz am .* an jemand anderen weitergegeben\./)).toBeVisible();
  await expect(page.locator('.qr svg')).toHaveCount(0);
  await context.setOffline(false);
});
