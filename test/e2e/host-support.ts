/**
 * Shared by the host app's Chromium tests and the bench: real tickets bought through klick's HTTP
 * routes, a fake-camera clip made from their QR codes, a Chromium that films that clip, and a phone
 * paired through the organizer's page. Plain fetch, so it runs inside and outside Playwright Test.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  expect,
  type Page,
  test,
} from '@playwright/test';
import QRCode from 'qrcode';
import config from '../../playwright.config';
import { chromiumPath } from '../../scripts/chromium.mjs';

const DAY = 86_400_000;
const phone = config.projects?.[0]?.use ?? {};
export const CHROMIUM = chromiumPath();
const baseArgs = phone.launchOptions?.args ?? ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

/** The server started by global-setup.ts; its URL and admin token reach the workers through the environment. */
export function e2eServer() {
  const url = process.env.KLICK_URL;
  const token = process.env.KLICK_ADMIN_TOKEN;
  if (!url || !token) throw new Error('KLICK_URL / KLICK_ADMIN_TOKEN missing: is globalSetup configured?');
  return { url, token, databaseUrl: process.env.KLICK_DATABASE_URL ?? '' };
}

/**
 * A temp folder for a spec's camera clips. Not under test-results: another Playwright run empties
 * that folder, and Chromium opens the clip only when the page asks for the camera.
 */
export function clipFolder() {
  let dir = '';
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'klick-clip-'));
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

export interface Guest {
  name: string;
  email: string;
  orderId: string;
  /** the ticket's QR text, read from the ticket page as a guest would see it */
  secret: string;
}

async function ok(res: Response, expected: number, what: string) {
  if (res.status !== expected) throw new Error(`${what}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res;
}

export async function createEvent(base: string, token: string, title: string, capacity = 92) {
  const startsAt = Date.now() + 30 * DAY;
  const slug = `host-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const res = await fetch(`${base}/api/admin/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      slug,
      title,
      venue: 'Hotel am Main',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 4 * 3_600_000).toISOString(),
      timezone: 'Europe/Berlin',
      priceCents: 5000,
      currency: 'EUR',
      capacity,
    }),
  });
  return (await (await ok(res, 201, 'create event')).json()) as { id: string; slug: string };
}

/** The purchase form, the demo provider's "pay" button, the success page and the ticket page, over HTTP. */
export async function buyTicket(base: string, slug: string, name: string, askMeAbout = 'Segeln'): Promise<Guest> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`;
  const form = { name, email, company: `${name.split(' ')[1] ?? name} GmbH`, role: 'CEO', askMeAbout, terms: 'on' };
  const post = (path: string, body?: URLSearchParams) =>
    fetch(new URL(path, base), {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  const hold = await ok(await post(`/e/${slug}/checkout`, new URLSearchParams(form)), 303, 'checkout');
  const pay = await ok(await post(`${hold.headers.get('location')}/pay`), 303, 'demo pay');
  const done = new URL(pay.headers.get('location')!, base);
  const orderId = /\/orders\/([^/]+)\/done/.exec(done.pathname)?.[1];
  const ticketPath = /href="(\/t\/[^"]+)"/.exec(await (await fetch(done)).text())?.[1];
  if (!orderId || !ticketPath) throw new Error('no ticket link on the success page');
  const code = /<p class="code">([^<]+)<\/p>/.exec(await (await fetch(new URL(ticketPath, base))).text())?.[1];
  if (!code) throw new Error('no ticket code on the ticket page');
  return { name, email, orderId, secret: code.replace(/\s+/g, '') };
}

export async function refund(base: string, token: string, orderId: string) {
  // JSON, as an organizer's tooling sends it: a bodiless POST would look like a form to the CSRF check.
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const res = await fetch(`${base}/api/admin/orders/${orderId}/refund`, { method: 'POST', headers, body: '{}' });
  await ok(res, 200, 'refund');
}

export async function checkinStats(base: string, token: string, eventId: string) {
  const res = await fetch(`${base}/api/admin/events/${eventId}/checkin`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await (await ok(res, 200, 'stats')).json()) as {
    checkedIn: number;
    paid: number;
    devices: { name: string; checkedIn: number }[];
  };
}

/**
 * An MJPEG clip for Chromium's fake camera (30 frames a second, looped): each text's QR code for
 * `qrMs`, then a blank frame for `blankMs`. Frames are rendered at 640×480 by Chromium itself.
 */
export async function makeClip(
  renderer: Browser,
  texts: string[],
  file: string,
  { qrMs = 1000, blankMs = 500 }: { qrMs?: number; blankMs?: number } = {},
) {
  const page = await renderer.newPage({ viewport: { width: 640, height: 480 }, deviceScaleFactor: 1 });
  const frame = async (text: string | null) => {
    const svg = text ? await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 }) : '';
    await page.setContent(
      `<body style="margin:0;height:480px;display:flex;align-items:center;justify-content:center;background:#f4f1ea">
      <div style="width:300px;height:300px">${svg}</div></body>`,
    );
    return page.screenshot({ type: 'jpeg', quality: 85 });
  };
  const blank = await frame(null);
  const images = new Map<string, Buffer>();
  for (const t of texts) if (!images.has(t)) images.set(t, await frame(t));
  await page.close();
  const frames: Buffer[] = [];
  for (const t of texts) {
    for (let i = 0; i < Math.round(qrMs / 33.3); i++) frames.push(images.get(t)!);
    for (let i = 0; i < Math.round(blankMs / 33.3); i++) frames.push(blank);
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat(frames));
  return file;
}

/**
 * A Chromium whose camera films `clip`. Camera access is granted without a prompt, or, with
 * `grant: false`, only once a test calls context.grantPermissions(['camera']): until then the
 * host app cannot see the clip, which lets a test decide when the first scan happens.
 */
export const launchWithCamera = (clip: string, { grant = true } = {}) =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      ...baseArgs,
      ...(grant ? ['--use-fake-ui-for-media-stream'] : []),
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${clip}`,
      // A scan sound must play without a tap first; a real phone gets its tap when the host starts.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });

/** A phone as in playwright.config.ts (390×844, touch, German). */
export const phoneContext = (browser: Browser, extra: BrowserContextOptions = {}): Promise<BrowserContext> =>
  browser.newContext({
    ...extra,
    viewport: phone.viewport ?? { width: 390, height: 844 },
    deviceScaleFactor: phone.deviceScaleFactor ?? 3,
    isMobile: phone.isMobile ?? true,
    hasTouch: phone.hasTouch ?? true,
    userAgent: phone.userAgent,
    locale: phone.locale ?? 'de-DE',
    timezoneId: phone.timezoneId ?? 'Europe/Berlin',
  });

/** The organizer logs in, opens the dinner, pairs a phone by name and copies the link shown as text. */
export async function pairingLink(browser: Browser, base: string, adminToken: string, eventId: string, name: string) {
  // A laptop, explicitly: inside Playwright Test every new context would otherwise get the phone project's options.
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: false,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const page = await ctx.newPage();
  await page.goto(`${base}/admin`);
  await page.getByLabel('Admin-Token').fill(adminToken);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.goto(`${base}/admin/events/${eventId}`);
  await page.getByLabel('Name des Handys').fill(name);
  await page.getByRole('button', { name: 'Kopplungslink erzeugen' }).click();
  await page.locator('.qr svg').waitFor();
  const link = await page.getByLabel('Link zum Kopieren').inputValue();
  await ctx.close();
  return link;
}

/**
 * The Guests tab, which stops the camera. A verdict on screen is tapped away first (away from its Undo
 * button); a clip that keeps the camera busy may cover the tab with the next verdict before a tap lands,
 * so the tab's click goes to it directly.
 */
export async function showGuests(page: Page) {
  const verdict = page.locator('#verdict');
  const tab = page.getByRole('tab', { name: 'Gäste' });
  await expect(async () => {
    if (await verdict.isVisible()) await verdict.click({ position: { x: 20, y: 20 } });
    await tab.dispatchEvent('click');
    await expect(tab).toHaveAttribute('aria-selected', 'true', { timeout: 500 });
  }).toPass({ timeout: 20_000 });
}

/** The ticket page's address, from the buyer's success page (as the buyer opens it). */
export async function ticketPath(base: string, orderId: string) {
  const html = await (await fetch(`${base}/orders/${orderId}/done`)).text();
  const path = /href="(\/t\/[0-9a-z]{32})"/.exec(html)?.[1];
  if (!path) throw new Error('no ticket link on the success page');
  return path;
}
