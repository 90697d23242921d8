import { expect, test } from '@playwright/test';
import { GUEST_PAGES, ORGANIZER_PAGES } from './a11y-pages';
import { expectNoViolations, getWorld } from './a11y-support';

/**
 * axe-core (WCAG 2.1 A and AA) on every page a guest or organizer sees (the tables in a11y-pages.ts), in
 * German and English, one test per page and state so that a failure names the page. The host app's
 * screens are in a11y-host.spec.ts.
 */
for (const lang of ['de', 'en'] as const) {
  test.describe(`axe, ${lang}`, () => {
    test.use({ locale: lang === 'de' ? 'de-DE' : 'en-GB' });
    for (const [name, open] of [...GUEST_PAGES, ...ORGANIZER_PAGES]) {
      test(`${name} (${lang})`, async ({ page }) => {
        test.setTimeout(120_000);
        await open(page, await getWorld(), lang);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expectNoViolations(page);
      });
    }
  });
}

/** The same pages in a laptop's window (1280 × 900), as an organizer at a desk sees them: one test per language. */
for (const lang of ['de', 'en'] as const)
  test.describe(`axe at 1280 × 900, ${lang}`, () => {
    test.use({
      locale: lang === 'de' ? 'de-DE' : 'en-GB',
      viewport: { width: 1280, height: 900 },
      isMobile: false,
      hasTouch: false,
      deviceScaleFactor: 1,
    });
    test(`every page, laptop window (${lang})`, async ({ page }) => {
      test.setTimeout(600_000);
      const w = await getWorld();
      for (const [name, open] of [...GUEST_PAGES, ...ORGANIZER_PAGES]) {
        await page.context().clearCookies();
        await open(page, w, lang);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expectNoViolations(page, `${name} at 1280 px`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(1280);
      }
    });
  });
