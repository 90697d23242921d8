import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { buy, createDinner, expectNoViolations, smallTargets } from './a11y-support';
import { pairingCode } from './greet-support';
import { clipFolder, e2eServer, launchWithCamera, makeClip, phoneContext } from './host-support';

/**
 * The host app under axe (WCAG 2.1 A/AA) in its dark theme, German and English, in each state the host
 * meets: the door's green, amber and red verdicts, the guest search, the offline status, greet mode's
 * list and next-guest card. The verdicts also differ in word and icon, not only in colour, and reach a
 * screen reader through a live region. Each verdict comes from a real scan of the fake camera; the
 * camera is then stopped so the verdict stays put while axe reads it.
 */
const clip = clipFolder();

type Verdict = 'green' | 'amber' | 'red';

/** A phone paired to the dinner, in the given language, scanning `code` until the `colour` verdict shows. */
async function scanTo(browser: Browser, base: string, eventId: string, code: string, colour: Verdict, lang: string) {
  await makeClip(browser, [code], join(clip(), 'code.mjpeg'), { qrMs: 1500, blankMs: 300 });
  // phoneContext's own locale (German) would win over one passed in: the phone's options, spelled out here
  const ctx = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: lang === 'de' ? 'de-DE' : 'en-GB',
    timezoneId: 'Europe/Berlin',
    colorScheme: 'dark',
  });
  const page = await ctx.newPage();
  await page.goto(`${base}/host/pair#${await pairingCode(base, e2eServer().token, eventId, `Tür ${colour}`)}`);
  await expect(page.locator('#app')).toBeVisible();
  await expect(page.locator(`#verdict.${colour}`)).toBeVisible({ timeout: 20_000 });
  // the app speaks the phone's language
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await stopCamera(page);
  return { ctx, page };
}

/** Ends the fake camera's stream: no further scan replaces the verdict on screen. */
const stopCamera = (page: Page) =>
  page.evaluate(() => {
    const video = document.querySelector('video');
    for (const track of (video?.srcObject as MediaStream | null)?.getTracks() ?? []) track.stop();
  });

async function verdictLooks(page: Page) {
  return page.evaluate(() => {
    const box = document.getElementById('verdict')!;
    return {
      role: box.getAttribute('role'),
      live: box.getAttribute('aria-live'),
      headline: document.getElementById('verdict-headline')?.textContent ?? '',
      icon: getComputedStyle(box, '::before').content,
      background: getComputedStyle(box).backgroundColor,
    };
  });
}

for (const lang of ['de', 'en'] as const) {
  test(`host app (${lang}): axe on the door's verdicts, guest search, offline status, greet list and card`, async () => {
    test.setTimeout(180_000);
    const { url } = e2eServer();
    const event = await createDinner(`Host ${lang}`, 10);
    const green = await buy(event.slug, 'Grete Gruen', true);
    await buy(event.slug, 'Anton Amber', true);
    await buy(event.slug, 'Nora Nochnicht');
    const browser = await launchWithCamera(join(clip(), 'code.mjpeg'));
    const seen: Record<string, Awaited<ReturnType<typeof verdictLooks>>> = {};
    try {
      // Green: a valid ticket, first scan.
      const a = await scanTo(browser, url, event.id, green.secret, 'green', lang);
      seen.green = await verdictLooks(a.page);
      await expectNoViolations(a.page, 'door, green verdict');
      // its Undo button, over the whole screen
      await expect(a.page.locator('#verdict-undo')).toBeVisible();
      expect(await smallTargets(a.page), 'door, green verdict').toEqual([]);
      await a.ctx.close();

      // Amber: the same guest again, on a phone whose roster knows the guest is in.
      const b = await scanTo(browser, url, event.id, green.secret, 'amber', lang);
      seen.amber = await verdictLooks(b.page);
      await expectNoViolations(b.page, 'door, amber verdict');
      await b.ctx.close();

      // Red: a code that is no ticket at all.
      const c = await scanTo(browser, url, event.id, 'https://example.com/no-ticket', 'red', lang);
      seen.red = await verdictLooks(c.page);
      await expectNoViolations(c.page, 'door, red verdict');

      // Guest search, on the same phone.
      await c.page.locator('#verdict').click({ position: { x: 20, y: 20 } });
      await c.page.locator('#tab-guests').click();
      await c.page.locator('#search').fill('Anton');
      await expect(c.page.locator('#guests li')).toHaveCount(1);
      await expectNoViolations(c.page, 'guest search');
      // every button and the search field take a thumb: 44 × 44 px at least, the header's included
      expect(await smallTargets(c.page), 'guest search').toEqual([]);
      await c.page.locator('#tab-scan').click();
      expect(await smallTargets(c.page), 'door, scan tab').toEqual([]);

      // Offline: the status line says so, in words.
      await c.ctx.setOffline(true);
      await expect(c.page.locator('#sync')).toHaveClass(/offline/);
      await expectNoViolations(c.page, 'offline status');
      await c.ctx.setOffline(false);
      await expect(c.page.locator('#sync')).toHaveClass(/online/, { timeout: 15_000 });

      // Greet mode: the list of checked-in guests not yet greeted, then one guest at a time.
      await c.page.locator('#mode-greet').click();
      await expect(c.page.locator('#greet-todo > li').first()).toBeVisible();
      await expectNoViolations(c.page, 'greet list');
      expect(await smallTargets(c.page), 'greet list').toEqual([]);
      await c.page.locator('#greet-tab-card').click();
      await expect(c.page.locator('.g-card-name')).toHaveText('Grete Gruen');
      await expectNoViolations(c.page, 'next-guest card');
      expect(await smallTargets(c.page), 'next-guest card').toEqual([]);
      // greeted from the card: the undo toast
      await c.page.locator('#greet-card-greet').click();
      await expect(c.page.locator('#greet-toast')).toBeVisible();
      expect(await smallTargets(c.page), 'greet toast').toEqual([]);
      await c.page.locator('#greet-tab-scan').click();
      expect(await smallTargets(c.page), 'greet mode, scan tab').toEqual([]);
      await c.ctx.close();
    } finally {
      await browser.close();
    }

    // A screen reader hears each verdict: an assertive live region whose words change with the verdict.
    for (const v of Object.values(seen)) {
      expect(v.role).toBe('alert');
      expect(v.live).toBe('assertive');
    }
    // Colour is never the only signal: word, icon and colour all differ between green, amber and red.
    for (const key of ['headline', 'icon', 'background'] as const)
      expect(new Set([seen.green?.[key], seen.amber?.[key], seen.red?.[key]]).size, key).toBe(3);
  });
}

/**
 * The first tap anywhere turns the sound on, and the sound button goes at its pointerup; the browser aims
 * the tap's click after that. Nothing may move in between, or the click lands on another control (it
 * once sent "try the camera again" to the video). The header keeps its height; the first tap, on the
 * mode switch, switches the mode. Then the pairing screen's message and its one button.
 */
test('host app: the first tap reaches its control though it turns the sound on; the pairing message takes a thumb', async () => {
  test.setTimeout(120_000);
  const { url } = e2eServer();
  const event = await createDinner('Erster Tipp', 10);
  await buy(event.slug, 'Tina Tipp');
  const file = join(clip(), 'none.mjpeg');
  writeFileSync(file, '');
  const browser = await launchWithCamera(file, { grant: false });
  try {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${url}/host/pair#${await pairingCode(url, e2eServer().token, event.id, 'Tür Tipp')}`);
    const sound = page.getByRole('button', { name: 'Ton einschalten' });
    await expect(sound).toBeVisible();
    expect(await smallTargets(page), 'door, sound still off').toEqual([]);
    const door = await page.locator('#mode-door').boundingBox();
    await page.locator('#mode-greet').tap();
    await expect(sound).toBeHidden();
    await expect(page.locator('#mode-greet')).toHaveAttribute('aria-pressed', 'true');
    expect(await page.locator('#mode-door').boundingBox()).toEqual(door);

    // A link that is no pairing (any more): the message, and the way back to the dinner this phone has.
    await page.goto(`${url}/host/pair#nosuchpairingcode0000000000`);
    await expect(page.locator('#msg-action')).toBeVisible();
    await expectNoViolations(page, 'pairing failed');
    expect(await smallTargets(page), 'pairing failed').toEqual([]);
    await ctx.close();
  } finally {
    await browser.close();
  }
});

/**
 * The host app reflows: on a 320 px phone and in a 1280 px window at 200 % (640 CSS px) no screen scrolls
 * sideways and nothing stands past the right edge (greet mode's three tabs once did at 320 px); with
 * reduced motion nothing animates; every focus stop shows its outline.
 */
for (const [width, height, mobile] of [
  [320, 640, true],
  [640, 450, false],
] as const)
  test(`host app at ${width} CSS px: no sideways scrolling on any screen, no motion, focus visible`, async () => {
    test.setTimeout(120_000);
    const { url } = e2eServer();
    const event = await createDinner('Host Umbruch Dinner mit einem recht langen Namen', 10);
    await buy(event.slug, 'Maximiliane Langnamige-Wortreich', true);
    const file = join(clip(), 'reflow.mjpeg');
    writeFileSync(file, '');
    const browser = await launchWithCamera(file, { grant: false });
    try {
      const ctx = await browser.newContext({
        viewport: { width, height },
        isMobile: mobile,
        hasTouch: mobile,
        deviceScaleFactor: 2,
        locale: 'de-DE',
        reducedMotion: 'reduce',
        colorScheme: 'dark',
      });
      const page = await ctx.newPage();
      await page.goto(
        `${url}/host/pair#${await pairingCode(url, e2eServer().token, event.id, 'Tür mit langem Namen')}`,
      );
      await expect(page.locator('#app')).toBeVisible();
      const problems = (what: string) =>
        page.evaluate(
          ({ what, width }) => {
            const out: string[] = [];
            if (document.documentElement.scrollWidth > width)
              out.push(`${what}: ${document.documentElement.scrollWidth} px wide`);
            for (const el of document.querySelectorAll<HTMLElement>('body *')) {
              if (!el.checkVisibility()) continue;
              const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`;
              if (el.getBoundingClientRect().right > width + 0.5) out.push(`${what}: ${name} past the edge`);
              const s = getComputedStyle(el);
              const moves =
                (s.animationName !== 'none' && s.animationDuration !== '0s') ||
                s.transitionDuration.split(',').some((d) => Number.parseFloat(d) > 0);
              if (moves) out.push(`${what}: ${name} moves`);
            }
            return out;
          },
          { what, width },
        );
      const found = [...(await problems('door'))];
      await page.locator('#tab-guests').click();
      found.push(...(await problems('guest list')));
      await page.locator('#mode-greet').click();
      found.push(...(await problems('greet list')));
      await page.locator('#greet-tab-card').click();
      found.push(...(await problems('next-guest card')));
      await page.locator('#greet-tab-scan').click();
      found.push(...(await problems('greet mode, scan tab')));
      expect(found).toEqual([]);

      // the keyboard's place, on the door: each stop draws its outline
      await page.locator('#mode-door').click();
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      const stops: string[] = [];
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        const stop = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          return { id: el.id, drawn: s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) >= 2 };
        });
        if (!stop || stops.includes(stop.id)) break;
        stops.push(stop.id);
        expect(stop.drawn, stop.id).toBe(true);
      }
      expect(stops).toEqual(expect.arrayContaining(['lang', 'mode-door', 'mode-greet', 'tab-scan', 'tab-guests']));
      await ctx.close();
    } finally {
      await browser.close();
    }
  });
