import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { expect, type Page, test } from '@playwright/test';
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
  showGuests,
} from './host-support';

const clip = clipFolder();

/**
 * Paired, roster loaded, and the service worker in control: from here on the phone needs no network.
 * The camera is not allowed yet (see launchWithCamera), so nothing is scanned before the test says so.
 */
async function openPaired(page: Page, link: string, paid: number) {
  await page.goto(link);
  await expect(page.locator('#counts')).toHaveText(`Eingecheckt 0 / bezahlt ${paid}`);
  await expect(page.getByRole('button', { name: 'Kamera erneut versuchen' })).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // The host sees that the phone may now lose the network.
  await expect(page.locator('#offline-ready')).toBeVisible();
  await expect(page.locator('#offline-ready')).toHaveText('offline bereit');
}

/** The host allows the camera and taps "try again". */
async function allowCamera(page: Page) {
  await page.context().grantPermissions(['camera'], { origin: new URL(page.url()).origin });
  await page.getByRole('button', { name: 'Kamera erneut versuchen' }).click();
}

const pending = (page: Page) => page.locator('#sync').getAttribute('data-pending').then(Number);

/** What the server stored, read from its database: which scans it holds for the event. */
async function storedScans(eventId: string) {
  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const rs = await db.execute({
      sql: `SELECT s.client_nonce AS nonce, s.kind, s.result, t.name FROM scans s LEFT JOIN tickets t ON t.id = s.ticket_id
        WHERE s.event_id = ?`,
      args: [eventId],
    });
    return rs.rows.map((r) => ({ nonce: String(r.nonce), kind: r.kind, result: r.result, name: r.name }));
  } finally {
    db.close();
  }
}

test('offline: scans and a tap check-in survive a reload and reach the server exactly once', async ({ browser }) => {
  test.setTimeout(120_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Offline Dinner');
  const anna = await buyTicket(url, event.slug, 'Anna Offline');
  const ben = await buyTicket(url, event.slug, 'Ben Offline');
  const clara = await buyTicket(url, event.slug, 'Clara Offline');
  await buyTicket(url, event.slug, 'Dora Kommtnicht');
  const file = await makeClip(browser, [anna.secret, ben.secret], join(clip(), 'off.mjpeg'));
  const camera = await launchWithCamera(file, { grant: false });
  try {
    const ctx = await phoneContext(camera);
    const page = await ctx.newPage();
    await openPaired(page, await pairingLink(camera, url, token, event.id, 'Tür Offline'), 4);

    await ctx.setOffline(true);
    await expect(page.locator('#sync')).toHaveClass('offline');
    await allowCamera(page);
    const log = page.locator('#log');
    // The first sighting waits for the camera and the decoder's first compile: slow on a loaded machine.
    await expect(log.locator('li.green', { hasText: anna.name })).toBeVisible({ timeout: 20_000 });
    await expect(log.locator('li.green', { hasText: ben.name })).toBeVisible();
    await showGuests(page);
    await page.getByLabel('Suchen (Name, Firma oder E-Mail)').fill('clara');
    await page.locator('#guests li', { hasText: clara.name }).getByRole('button', { name: 'Einchecken' }).click();
    await expect(page.locator('#verdict')).toHaveClass(/green/);
    await expect(page.locator('#counts')).toHaveText('Eingecheckt 3 / bezahlt 4');
    expect(await pending(page)).toBeGreaterThanOrEqual(3);
    expect((await checkinStats(url, token, event.id)).checkedIn).toBe(0);

    // A reload without network: the service worker serves the app, IndexedDB still holds roster and queue.
    await page.reload();
    await expect(page.locator('#counts')).toHaveText('Eingecheckt 3 / bezahlt 4');
    await expect(page.locator('#sync')).toHaveClass('offline');
    expect(await pending(page)).toBeGreaterThanOrEqual(3);
    await expect(page.locator('#log li', { hasText: clara.name })).toHaveCount(1);
    // The decoder (its wasm from the service worker's cache) still works: still offline, the camera
    // sees Anna and Ben again, and the phone answers at once that they are in already.
    await expect(page.locator('#log li.amber', { hasText: /Anna Offline|Ben Offline/ }).first()).toBeVisible();
    await expect(page.locator('#offline-ready')).toBeVisible();

    await ctx.setOffline(false);
    await showGuests(page);
    await expect(page.locator('#sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
    const stats = await checkinStats(url, token, event.id);
    expect(stats).toMatchObject({ checkedIn: 3, paid: 4, devices: [{ name: 'Tür Offline', checkedIn: 3 }] });
    // Every scan the phone logged is on the server, once (client nonces are unique), and each guest
    // has exactly one accepted check-in; later sightings of Anna and Ben are stored as repeats.
    const stored = await storedScans(event.id);
    const nonces = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('#log li')].map((li) => li.dataset.nonce ?? ''),
    );
    expect(new Set(stored.map((s) => s.nonce))).toEqual(new Set(nonces));
    const accepted = stored.filter((s) => s.kind === 'entry' && s.result === 'ok').map((s) => s.name);
    expect(accepted.sort()).toEqual([anna.name, ben.name, clara.name].sort());
    await ctx.close();
  } finally {
    await camera.close();
  }
});

test('two phones offline scan the same ticket: one check-in, the other phone shows amber after sync', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Two Doors Dinner');
  const tom = await buyTicket(url, event.slug, 'Tom Doppelt');
  const file = await makeClip(browser, [tom.secret], join(clip(), 'two.mjpeg'));
  const camera = await launchWithCamera(file, { grant: false });
  try {
    const [ctxA, ctxB] = [await phoneContext(camera), await phoneContext(camera)];
    const [a, b] = [await ctxA.newPage(), await ctxB.newPage()];
    await openPaired(a, await pairingLink(camera, url, token, event.id, 'Tür A'), 1);
    await openPaired(b, await pairingLink(camera, url, token, event.id, 'Tür B'), 1);
    await ctxA.setOffline(true);
    await ctxB.setOffline(true);

    // Phone A scans first; the code, held in front of its camera the whole time, counts once.
    await allowCamera(a);
    // The first sighting waits for the camera and the decoder's first compile: slow on a loaded machine.
    await expect(a.locator('#log li.green', { hasText: tom.name })).toBeVisible({ timeout: 20_000 });
    await a.waitForTimeout(3000);
    await expect(a.locator('#log li')).toHaveCount(1);
    // Phone B, which cannot know, scans a moment later: green too. (Both share Chromium's one fake
    // camera, whose frames may pause while the second phone opens it: later sightings are not asserted.)
    await allowCamera(b);
    await expect(b.locator('#log li.green', { hasText: tom.name }).first()).toBeVisible({ timeout: 20_000 });

    // B's batch reaches the server first; A's earlier scan still wins when it arrives.
    await ctxB.setOffline(false);
    await expect(b.locator('#sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
    await ctxA.setOffline(false);
    await expect(a.locator('#sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });

    // B's first scan, shown green offline, turns amber once B learns that A was first.
    const changed = b.locator('#log li.amber', { hasText: tom.name, has: b.locator('.changed') }).last();
    await expect(changed).toBeVisible({ timeout: 15_000 });
    await expect(changed).toContainText(/Schon eingecheckt \(um \d\d:\d\d von Tür A\)/);
    await expect(changed).toContainText('nach Abgleich');
    await expect(a.locator('#log li.green', { hasText: tom.name }).last()).toBeVisible();
    await expect(a.locator('#log li .changed')).toHaveCount(0);
    await expect(a.locator('#counts')).toHaveText('Eingecheckt 1 / bezahlt 1');
    await expect(b.locator('#counts')).toHaveText('Eingecheckt 1 / bezahlt 1');
    const stats = await checkinStats(url, token, event.id);
    expect(stats).toMatchObject({
      checkedIn: 1,
      devices: [
        { name: 'Tür A', checkedIn: 1 },
        { name: 'Tür B', checkedIn: 0 },
      ],
    });
  } finally {
    await camera.close();
  }
});

test('ready offline: a precache that fails on weak Wi-Fi is tried again, and the storage is kept', async ({
  browser,
}) => {
  const { url } = e2eServer();
  const ctx = await browser.newContext();
  // The decoder is the largest file: the first time the service worker fetches it, the Wi-Fi drops.
  let tries = 0;
  await ctx.route('**/host/zxing_reader.wasm', (route) => (++tries === 1 ? route.abort() : route.fallback()));
  await ctx.addInitScript(() => {
    const persist = navigator.storage.persist.bind(navigator.storage);
    navigator.storage.persist = () => {
      (window as unknown as { persistAsked: number }).persistAsked = 1;
      return persist();
    };
  });
  const page = await ctx.newPage();
  await page.goto(`${url}/host/`);
  await expect(page.locator('html')).toHaveAttribute('data-offline', 'ready', { timeout: 20_000 });
  expect(tries).toBeGreaterThanOrEqual(2);
  expect(await page.evaluate(() => (window as unknown as { persistAsked?: number }).persistAsked)).toBe(1);
  // Everything is cached: a reload without network still starts the app.
  await ctx.setOffline(true);
  await page.reload();
  await expect(page.locator('#message h1')).toHaveText('Nicht gekoppelt');
  await ctx.close();
});
