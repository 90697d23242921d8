import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { silentLog } from '../../src/deps';
import { startServer } from '../../src/server';
import { makeWalletCredentials } from '../fixtures/wallet/credentials';
import { buyTicket, createEvent, ticketPath } from './host-support';

const ADMIN = 'e2e-wallet-admin-token-0123456789';

test('with both wallets configured, the buttons sit under the QR on a 390 px phone and the pass downloads', async ({
  page,
}, testInfo) => {
  const creds = makeWalletCredentials();
  const dir = mkdtempSync(join(tmpdir(), 'klick-e2e-wallet-'));
  const server = await startServer({
    env: {
      DATABASE_URL: `file:${join(dir, 'klick.db')}`,
      PORT: '0',
      ENVIRONMENT: 'test',
      ADMIN_TOKEN: ADMIN,
      ...creds.env,
    },
    jobsEvery: 0,
    seed: false,
    log: silentLog,
  });
  try {
    const event = await createEvent(server.url, ADMIN, 'Wallet-Dinner');
    const guest = await buyTicket(server.url, event.slug, 'Wanda Wallet');
    await page.goto(`${server.url}${await ticketPath(server.url, guest.orderId)}`);

    const apple = page.getByRole('link', { name: 'Zu Apple Wallet hinzufügen' });
    const google = page.getByRole('link', { name: 'In Google Wallet speichern' });
    await expect(apple).toBeVisible();
    await expect(google).toBeVisible();
    // near the QR: both right under the code, inside the screen
    const code = (await page.locator('.code').boundingBox())!;
    for (const link of [apple, google]) {
      const box = (await link.boundingBox())!;
      expect(box.y).toBeGreaterThan(code.y);
      expect(box.y - (code.y + code.height)).toBeLessThan(120);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(testInfo.project.outputDir, 'ticket-wallet-phone.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), apple.click()]);
    expect(download.suggestedFilename()).toBe(`${event.slug}.pkpass`);
    const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
    const pass = JSON.parse(new TextDecoder().decode(files['pass.json']));
    expect(pass.barcodes[0].message).toBe(guest.secret);
    expect(files.signature!.length).toBeGreaterThan(1000);
  } finally {
    await server.close();
    creds.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
