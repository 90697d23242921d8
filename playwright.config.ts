import { defineConfig } from '@playwright/test';
import { chromiumPath } from './scripts/chromium.mjs';

/**
 * Chromium tests at a phone viewport, against Debian's chromium, or CHROMIUM_PATH, or where neither is there
 * Playwright's own (scripts/chromium.mjs; npm test's scripts/ensure-chromium.mjs installs the one it picks).
 * The app server is started once by test/e2e/global-setup.ts on a fresh temp database.
 */
export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results',
  workers: 1, // 2 cores, shared with the app server
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'phone',
      use: {
        browserName: 'chromium',
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
        userAgent:
          'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
        locale: 'de-DE',
        timezoneId: 'Europe/Berlin',
        launchOptions: {
          executablePath: chromiumPath(),
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-dev-shm-usage',
          ],
        },
      },
    },
  ],
});
