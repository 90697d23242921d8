import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { doorScan, greetDinner, greetingLog, openGreetMode, ticketIds } from './greet-support';
import {
  buyTicket,
  clipFolder,
  createEvent,
  e2eServer,
  launchWithCamera,
  makeClip,
  phoneContext,
} from './host-support';

const clip = clipFolder();

/**
 * Greet by scanning, with a camera that films, again and again: a ticket of another dinner, a
 * checked-in guest, and a guest whose check-in was undone at the door. Each code is in sight for
 * 0.8 s, then 4.2 s of nothing, so every verdict (3.5 s) can be read and acted on before the next.
 * Where in the loop the camera starts (and whether the decoder is warm for the first code) varies.
 */
test('greet by scanning: another dinner, greeted with undo on the verdict, greeted though not checked in, already greeted', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const { url, token } = e2eServer();
  const { event, guests, phoneLink, doorToken } = await greetDinner(url, token, 3, 'Scan Dinner');
  const other = await createEvent(url, token, 'Anderes Dinner', 1);
  const stranger = await buyTicket(url, other.slug, 'Fremd Gast');
  const [, inside, outside] = guests as [unknown, (typeof guests)[number], (typeof guests)[number]];
  await doorScan(url, doorToken, 'annul', (await ticketIds(url, doorToken)).get(outside.name)!);
  const file = await makeClip(browser, [stranger.secret, inside.secret, outside.secret], join(clip(), 'greet.mjpeg'), {
    qrMs: 800,
    blankMs: 4200,
  });
  const camera = await launchWithCamera(file);
  try {
    const ctx = await phoneContext(camera);
    const page = await ctx.newPage();
    await openGreetMode(page, phoneLink, 2);
    await page.getByRole('tab', { name: 'Scannen' }).click();
    const verdict = page.locator('#verdict');
    const headline = page.locator('#verdict-headline');
    const name = page.locator('#verdict-name');
    const undo = page.locator('#greet-verdict-undo');
    const checkIn = page.locator('#greet-verdict-checkin');
    const count = page.locator('#greet-count');
    const greeted = async () => Number(/Begrüßt (\d+)/.exec((await count.textContent()) ?? '')?.[1]);
    /** The verdict on screen now, or null. */
    const shown = () =>
      page.evaluate(() => {
        const el = document.getElementById('verdict')!;
        const text = (id: string) => document.getElementById(id)?.textContent ?? '';
        return el.hidden ? null : { cls: el.className, headline: text('verdict-headline'), name: text('verdict-name') };
      });

    // The codes come round in a loop, from wherever the camera starts: each verdict is handled as it comes.
    const done = { foreign: false, undone: false, again: false, checkedIn: false, already: false };
    let current = '';
    const deadline = Date.now() + 80_000;
    while (Object.values(done).includes(false) && Date.now() < deadline) {
      const v = await shown();
      const key = v ? `${v.cls}|${v.headline}|${v.name}` : '';
      if (!v || key === current) {
        current = key;
        await page.waitForTimeout(100);
        continue;
      }
      current = key;
      if (v.headline === 'Ticket eines anderen Dinners') {
        // Not this dinner's ticket: the server says whose it is, and nothing is greeted.
        expect(v.cls).toContain('red');
        await expect(undo).toBeHidden();
        done.foreign = true;
      } else if (v.cls.includes('green') && v.name === inside.name && v.headline === 'Begrüßt') {
        // A checked-in guest: green, with an undo on the verdict itself (the toast is under it).
        await expect(checkIn).toBeHidden();
        if (done.undone) {
          done.again = true;
          continue;
        }
        const before = await greeted();
        await undo.click();
        await expect(verdict).toBeHidden();
        expect(await greeted()).toBe(before - 1);
        await expect(page.locator('#greet-toast')).toBeHidden();
        done.undone = true;
        current = '';
      } else if (v.name === outside.name && v.headline === 'Begrüßt – nicht eingecheckt') {
        // A guest whose check-in was undone: greeted all the same (the rule), amber, with "check in now".
        expect(v.cls).toContain('amber');
        await expect(undo).toBeVisible();
        await checkIn.click();
        // The door's own verdict follows; when it closes, the greeting's undo toast shows.
        await expect(headline).toHaveText('Eingecheckt');
        await expect(name).toHaveText(outside.name);
        await expect(checkIn).toBeHidden();
        await expect(verdict).toBeHidden({ timeout: 6000 });
        await expect(page.locator('#greet-toast-text')).toHaveText(`${outside.name} begrüßt`);
        done.checkedIn = true;
        current = '';
      } else if (v.name === outside.name && v.headline === 'Schon begrüßt') {
        // Seen again: already greeted, amber, with who and when.
        expect(v.cls).toContain('amber');
        await expect(page.locator('#verdict-detail')).toHaveText(/^um \d\d:\d\d von Gastgeber$/);
        done.already = done.checkedIn;
      }
    }
    expect(done).toEqual({ foreign: true, undone: true, again: true, checkedIn: true, already: true });
    // The guest undone above was greeted again at the next sight of the code.
    await expect(count).toHaveText('Begrüßt 2 / anwesend 3');
    await expect(page.locator('#greet-sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });

    // The check-in from the verdict reached the server too (the door's own queue).
    await expect.poll(async () => (await greetingLog(url, token, event.id)).counts.checkedIn).toBe(3);
    const log = await greetingLog(url, token, event.id);
    expect(log.timeline.map((t) => t.name).sort()).toEqual([inside.name, outside.name].sort());
    expect(log.timeline.every((t) => t.checkedInAt !== null)).toBe(true);
    expect(log.counts.greeted).toBe(2);
    await ctx.close();
  } finally {
    await camera.close();
  }
});
