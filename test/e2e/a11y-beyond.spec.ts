import { expect, type Page, test } from '@playwright/test';
import { GUEST_PAGES, ORGANIZER_PAGES } from './a11y-pages';
import {
  adminLogin,
  asDevice,
  buy,
  createDinner,
  formPost,
  getWorld,
  hold,
  pairDevice,
  smallTargets,
} from './a11y-support';
import { e2eServer } from './host-support';

/**
 * What axe cannot see: the purchase by keyboard alone, visible focus, reflow at 320 px and at 200 % zoom,
 * reduced motion, touch targets, the statement's link on every guest page, and pages that update in
 * place instead of reloading by a timer.
 */

/** Tab (only Tab) until the focused element matches `selector`. */
async function tabTo(page: Page, selector: string, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('the whole purchase works with the keyboard alone', async ({ page }) => {
  const w = await getWorld();
  await page.goto(`${e2eServer().url}/e/${w.onSale.slug}`);
  const fields: [string, string][] = [
    ['#givenName', 'Karla'],
    ['#familyName', 'Tastatur'],
    ['#email', 'karla@example.com'],
    ['#company', 'Tasten GmbH'],
    ['#role', 'COO'],
  ];
  for (const [selector, text] of fields) {
    await tabTo(page, selector);
    await page.keyboard.type(text);
  }
  await tabTo(page, 'input[name=terms]');
  await page.keyboard.press('Space');
  await expect(page.locator('input[name=terms]')).toBeChecked();
  await tabTo(page, 'form[action$="/checkout"] button[type=submit]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/demo\/checkout\//);
  await tabTo(page, 'form[action$="/pay"] button');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/orders\/[^/]+\/done$/);
  await tabTo(page, 'a[href^="/t/"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/t\/[0-9a-z]+$/);
  await expect(page.locator('.card strong').getByText('Karla Tastatur')).toBeVisible();
  await expect(page.locator('.qr svg')).toBeVisible();
});

/** Tabs through the whole page: each stop must look different focused than unfocused (outline or shadow). */
async function focusStops(page: Page) {
  const invisible: string[] = [];
  const seen = new Set<unknown>();
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const look = () => {
        const s = getComputedStyle(el);
        return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`;
      };
      const s = getComputedStyle(el);
      const focused = look();
      const drawn = (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none';
      el.blur();
      const blurred = look();
      el.focus();
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 30)}"`;
      return { name, visible: drawn && focused !== blurred, key: el.outerHTML.slice(0, 200) };
    });
    if (!stop || seen.has(stop.key)) break;
    seen.add(stop.key);
    if (!stop.visible) invisible.push(stop.name);
  }
  return { invisible, count: seen.size };
}

const FOCUS_PAGES = [
  'event page, on sale',
  'event page, form with errors',
  'demo checkout',
  'done page, paid',
  'ticket page, before the dinner',
  'transfer form',
  'accessibility statement',
];
for (const name of FOCUS_PAGES) {
  test(`focus is visible on every stop: ${name}`, async ({ page }) => {
    const open = GUEST_PAGES.find(([n]) => n === name)![1];
    await open(page, await getWorld(), 'de');
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const { invisible, count } = await focusStops(page);
    expect(count).toBeGreaterThan(2);
    expect(invisible).toEqual([]);
  });
}
test('focus is visible on every stop: a dinner’s page (organizer)', async ({ page }) => {
  const open = ORGANIZER_PAGES.find(([n]) => n === 'a dinner’s page')![1];
  await open(page, await getWorld(), 'de');
  const { invisible, count } = await focusStops(page);
  expect(count).toBeGreaterThan(5);
  expect(invisible).toEqual([]);
});

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test.describe('reflow at 320 CSS px', () => {
  test.use({ viewport: { width: 320, height: 640 } });
  for (const [name, open] of [...GUEST_PAGES, ...ORGANIZER_PAGES])
    test(`no sideways scrolling at 320 px: ${name}`, async ({ page }) => {
      await open(page, await getWorld(), 'de');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(320);
    });
});

/** Every page, the organizer's wide tables included (they become stacked rows on narrow screens). */
test.describe('200 % zoom of a 1280 px window (640 CSS px)', () => {
  test.use({ viewport: { width: 640, height: 450 }, isMobile: false, hasTouch: false, deviceScaleFactor: 2 });
  for (const [name, open] of [...GUEST_PAGES, ...ORGANIZER_PAGES])
    test(`no sideways scrolling at 200 %: ${name}`, async ({ page }) => {
      await open(page, await getWorld(), 'de');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(640);
    });
});

test.describe('prefers-reduced-motion', () => {
  test.use({ reducedMotion: 'reduce' });
  for (const name of ['event page, on sale', 'ticket page, before the dinner', 'done page, paid'])
    test(`no animation or transition with reduced motion: ${name}`, async ({ page }) => {
      await GUEST_PAGES.find(([n]) => n === name)![1](page, await getWorld(), 'de');
      const moving = await page.evaluate(() =>
        [...document.querySelectorAll('*')].flatMap((el) => {
          const s = getComputedStyle(el);
          const animated = s.animationName !== 'none' && s.animationDuration !== '0s';
          const transitioned = s.transitionDuration.split(',').some((d) => Number.parseFloat(d) > 0);
          return animated || transitioned ? [el.tagName] : [];
        }),
      );
      expect(moving).toEqual([]);
      expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
    });
});

const TARGET_PAGES = [
  'event page, on sale',
  'event page, form with errors',
  'event page, sold out (waitlist form)',
  'waitlist confirmation (place in line)',
  'demo checkout',
  'done page, paid',
  'ticket page, before the dinner',
  'ticket page, after the dinner (exchange open)',
  'ticket page with the Apple and Google Wallet buttons',
  'delete step (confirm)',
  'transfer form',
  'cancel confirmation',
  'accessibility statement',
];
for (const name of TARGET_PAGES)
  test(`touch targets ≥ 44 × 44 px: ${name}`, async ({ page }) => {
    await GUEST_PAGES.find(([n]) => n === name)![1](page, await getWorld(), 'de');
    expect(await smallTargets(page)).toEqual([]);
  });

// The organizer is often the host, with one phone: the organizer's pages take a thumb too, in both
// languages (English words are shorter: a lone "Back" link was 39 px wide).
for (const lang of ['de', 'en'] as const)
  test.describe(`organizer pages (${lang})`, () => {
    test.use({ locale: lang === 'de' ? 'de-DE' : 'en-GB' });
    for (const [name, open] of ORGANIZER_PAGES)
      test(`touch targets ≥ 44 × 44 px, organizer: ${name} (${lang})`, async ({ page }) => {
        await open(page, await getWorld(), lang);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        expect(await smallTargets(page)).toEqual([]);
      });
  });

test('every guest page links the accessibility statement, which names the organizer’s contact', async ({ page }) => {
  const w = await getWorld();
  for (const [name, open] of GUEST_PAGES) {
    await open(page, w, 'de');
    if (name === 'accessibility statement') continue;
    await expect(page.locator('footer a[href^="/accessibility"]'), name).toHaveCount(1);
  }
  await page.locator('footer a[href^="/terms"]').first().click();
  await page.locator('footer a[href^="/accessibility"]').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Erklärung zur Barrierefreiheit');
  await expect(page.getByText(/Marktüberwachungsstelle der Länder für die Barrierefreiheit/)).toBeVisible();
});

test('check-in live updates in place, announces the counts, and pauses', async ({ page }) => {
  const event = await createDinner('Live Dinner', 10);
  const guest = await buy(event.slug, 'Lise Live');
  const door = await pairDevice(event.id, 'Tür');
  await adminLogin(page);
  await page.goto(`${e2eServer().url}/admin/events/${event.id}/checkin`);
  await expect(page.locator('meta[http-equiv=refresh]')).toHaveCount(0);
  const counts = page.locator('#checkin-counts');
  await expect(counts).toHaveAttribute('aria-live', 'polite');
  await expect(counts).toHaveText('Eingecheckt 0 / bezahlt 1');
  await page.evaluate(() => {
    (window as unknown as { stayed: boolean }).stayed = true;
  });
  await asDevice(door, '/api/devices/scans', {
    scans: [{ nonce: crypto.randomUUID().replace(/-/g, ''), kind: 'entry', qr: guest.secret, deviceTime: Date.now() }],
  });
  await expect(counts).toHaveText('Eingecheckt 1 / bezahlt 1', { timeout: 15_000 });
  await expect(page.locator('#checkin-expected')).toContainText('Alle');
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  // Paused, a new check-in does not change the page until it is resumed.
  await page.getByRole('button', { name: 'Aktualisierung anhalten' }).click();
  const more = await buy(event.slug, 'Max Mehr');
  await page.waitForTimeout(11_000);
  await expect(counts).toHaveText('Eingecheckt 1 / bezahlt 1');
  await page.getByRole('button', { name: 'Aktualisierung fortsetzen' }).click();
  await expect(counts).toHaveText('Eingecheckt 1 / bezahlt 2', { timeout: 5_000 });
  void more;
});

test('the success page waiting for a payment shows the ticket link when it arrives, without a reload', async ({
  page,
}) => {
  const event = await createDinner('Warte Dinner', 10);
  const held = await hold(event.slug);
  await page.goto(`${e2eServer().url}/orders/${held.orderId}/done`);
  await expect(page.locator('meta[http-equiv=refresh]')).toHaveCount(0);
  await expect(page.locator('#order-state')).toHaveAttribute('aria-live', 'polite');
  await page.evaluate(() => {
    (window as unknown as { stayed: boolean }).stayed = true;
  });
  await formPost(`${held.checkout}/pay`, {});
  await expect(page.getByRole('link', { name: 'Ticket öffnen' })).toBeVisible({ timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});
