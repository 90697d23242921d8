import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { greetDinner, greetingLog, openGreetMode } from './greet-support';
import { clipFolder, e2eServer, launchWithCamera, makeClip, phoneContext } from './host-support';

const clip = clipFolder();

const pending = (page: Page) => page.locator('#greet-sync').getAttribute('data-pending').then(Number);

/** The organizer logs in and opens the dinner's handshake log. */
async function organizerLog(page: Page, base: string, token: string, eventId: string) {
  await page.goto(`${base}/admin`);
  await page.getByLabel('Admin-Token').fill(token);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.goto(`${base}/admin/events/${eventId}/greetings`);
}

test('greet mode: 92 guests by taps, one undo, a reload and a stretch offline; the log holds exactly 92', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { url, token } = e2eServer();
  const N = 92;
  const { event, guests, phoneLink } = await greetDinner(url, token, N);
  await openGreetMode(page, phoneLink, N);
  // From here on the app needs no network: the service worker holds the shell.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect(page.locator('#greet-count')).toHaveText(`Begrüßt 0 / eingecheckt ${N}`);
  await expect(page.locator('#greet-status')).toContainText(`Es fehlen noch ${N}: ${guests[0]!.name}`);

  const todo = page.locator('#greet-todo > li');
  const first = page.locator('#greet-todo > li:first-child button');
  let taps = 0;
  let undone = false;
  let offlineFrom = -1;
  while ((await todo.count()) > 0) {
    const name = await first.locator('.g-name').textContent();
    await first.click();
    taps++;
    await expect(page.locator('#greet-greeted > li').first()).toContainText(name!);
    if (taps === 10 && !undone) {
      // Undo from the toast: the guest is back at the top of the list, and is tapped again next.
      undone = true;
      await expect(page.locator('#greet-toast-text')).toHaveText(`${name} begrüßt`);
      await page.locator('#greet-toast-undo').click();
      await expect(first.locator('.g-name')).toHaveText(name!);
      await expect(page.locator('#greet-count')).toHaveText(`Begrüßt 9 / eingecheckt ${N}`);
    }
    if (taps === 40) {
      // Everything so far has reached the server; then the host walks into a dead zone for 20 taps.
      await expect.poll(() => pending(page)).toBe(0);
      await page.context().setOffline(true);
      offlineFrom = taps;
    }
    if (taps === 50) {
      // A reload without network in the middle of the stretch: the queued greetings are still there.
      await expect.poll(() => pending(page)).toBe(10);
      await page.reload();
      await page.locator('#greet-todo > li').first().waitFor();
      await expect(page.locator('#greet-count')).toHaveText(`Begrüßt 49 / eingecheckt ${N}`); // 50 taps, one of them undone
      expect(await pending(page)).toBe(10);
    }
    if (taps === 60) {
      expect(await pending(page)).toBe(20);
      await page.context().setOffline(false);
    }
  }
  expect(offlineFrom).toBe(40);
  expect(taps).toBe(N + 1);
  await expect(page.locator('#greet-count')).toHaveText(`Begrüßt ${N} / eingecheckt ${N}`);
  await expect(page.locator('#greet-status')).toHaveText('Alle Anwesenden sind begrüßt.');
  await expect(page.locator('#greet-sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });

  // Undo later, from the guest's row, and greet again: still counted once.
  const row = page.locator('#greet-greeted > li', { hasText: guests[5]!.name });
  await row.getByRole('button', { name: 'Rückgängig' }).click();
  await expect(page.locator('#greet-status')).toHaveText(`Es fehlen noch 1: ${guests[5]!.name}`);
  await page.locator('#greet-todo > li:first-child button').click();
  await expect(page.locator('#greet-status')).toHaveText('Alle Anwesenden sind begrüßt.');
  await expect(page.locator('#greet-sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });

  const log = await greetingLog(url, token, event.id);
  expect(log.counts).toMatchObject({ greeted: N, checkedIn: N, present: N });
  expect(log.timeline).toHaveLength(N);
  expect(new Set(log.timeline.map((t) => t.ticketId)).size).toBe(N);
  expect(log.timeline.every((t) => t.greetedBy === 'Gastgeber')).toBe(true);
  expect(log.checkedInNotGreeted).toHaveLength(0);
  expect(log.duplicates).toHaveLength(0);

  await organizerLog(page, url, token, event.id);
  await expect(page.locator('p.msg.ok')).toHaveText('Alle Anwesenden wurden begrüßt.');
  await expect(page.locator('p.msg.error')).toHaveCount(0);
  await expect(page.locator('body')).toContainText(`${N} / ${N}`);
});

test('next-guest card: greet, skip, and the skipped guest comes round again', async ({ page }) => {
  const { url, token } = e2eServer();
  const { event, guests, phoneLink } = await greetDinner(url, token, 4, 'Karten Dinner');
  await openGreetMode(page, phoneLink, 4);
  await page.getByRole('tab', { name: 'Nächster Gast' }).click();
  const name = page.locator('#greet-card-name');
  const greet = page.locator('#greet-card-greet');
  const skip = page.locator('#greet-card-skip');
  await expect(name).toHaveText(guests[0]!.name);
  await expect(page.locator('#greet-card-company')).toHaveText(`${guests[0]!.name.split(' ')[1]} GmbH`);
  await expect(page.locator('#greet-card-ask')).toHaveText('Sprich mich an auf: Thema 1');
  await greet.click();
  await expect(name).toHaveText(guests[1]!.name);
  await skip.click();
  await expect(name).toHaveText(guests[2]!.name);
  await greet.click();
  await expect(name).toHaveText(guests[3]!.name);
  await greet.click();
  // Only the skipped guest is left: the card comes back to them, and the pace names them.
  await expect(name).toHaveText(guests[1]!.name);
  await expect(page.locator('#greet-status')).toHaveText(`Es fehlen noch 1: ${guests[1]!.name}`);
  await expect(page.locator('#greet-count')).toHaveText('Begrüßt 3 / eingecheckt 4');
  await greet.click();
  await expect(name).toHaveText('Niemand wartet auf eine Begrüßung.');
  await expect(greet).toBeHidden();
  await expect(page.locator('#greet-status')).toHaveText('Alle Anwesenden sind begrüßt.');
  await expect(page.locator('#greet-sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });

  // English on request.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('#greet-status')).toHaveText('Everyone present is greeted.');
  await expect(page.getByRole('tab', { name: 'Next guest' })).toBeVisible();

  const log = await greetingLog(url, token, event.id);
  expect(log.counts.greeted).toBe(4);
  expect(log.timeline.map((t) => t.name)).toEqual([0, 2, 3, 1].map((i) => guests[i]!.name));
});

test("co-hosts: the other phone's greetings arrive with the sync, and a guest greeted by both counts once", async ({
  page,
}) => {
  const { url, token } = e2eServer();
  const { event, guests, phoneLink, doorToken } = await greetDinner(url, token, 3, 'Co-Host Dinner');
  const auth = { authorization: `Bearer ${doorToken}`, 'content-type': 'application/json' };
  const roster = (await (await fetch(`${url}/api/devices/roster`, { headers: auth })).json()) as {
    tickets: { id: string; name: string }[];
  };
  const idOf = (name: string) => roster.tickets.find((t) => t.name === name)!.id;
  await openGreetMode(page, phoneLink, 3);
  await page.locator('#greet-todo > li', { hasText: guests[0]!.name }).locator('button').click();
  await expect(page.locator('#greet-sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });

  // The door phone "Tür" greets the same guest a little later, and a second guest.
  const res = await fetch(`${url}/api/devices/greetings`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      greetings: [0, 1].map((i) => ({
        nonce: `cohost${i}${event.id}`
          .replace(/[^0-9a-z]/gi, '')
          .padEnd(32, '0')
          .slice(0, 32),
        kind: 'greet',
        ticketId: idOf(guests[i]!.name),
        deviceTime: Date.now(),
      })),
    }),
  });
  const answer = (await res.json()) as { results: { result: string }[] };
  expect(answer.results.map((r) => r.result)).toEqual(['already_greeted', 'ok']);

  // The roster sync brings the co-host's greeting; the guest greeted twice counts once.
  const row = page.locator('#greet-greeted > li', { hasText: guests[1]!.name });
  await expect(row).toContainText(/✓ um \d\d:\d\d von Tür/, { timeout: 15_000 });
  await expect(page.locator('#greet-greeted > li', { hasText: guests[0]!.name })).toContainText('von Gastgeber');
  await expect(page.locator('#greet-count')).toHaveText('Begrüßt 2 / eingecheckt 3');
  await expect(page.locator('#greet-status')).toHaveText(`Es fehlen noch 1: ${guests[2]!.name}`);
  const log = await greetingLog(url, token, event.id);
  expect(log.counts.greeted).toBe(2);
  expect(log.duplicates).toHaveLength(1);
});

test('greet by scanning: a checked-in guest\'s QR code gives a green "greeted"', async ({ browser }) => {
  const { url, token } = e2eServer();
  const { event, guests, phoneLink } = await greetDinner(url, token, 2, 'Scan Dinner');
  const file = await makeClip(browser, [guests[1]!.secret], join(clip(), 'greet.mjpeg'));
  const camera = await launchWithCamera(file);
  try {
    const ctx = await phoneContext(camera);
    const page = await ctx.newPage();
    await openGreetMode(page, phoneLink, 2);
    await page.getByRole('tab', { name: 'Scannen' }).click();
    const verdict = page.locator('#verdict');
    await expect(verdict).toHaveClass(/green/, { timeout: 15_000 });
    await expect(page.locator('#verdict-headline')).toHaveText('Begrüßt');
    await expect(page.locator('#verdict-name')).toHaveText(guests[1]!.name);
    await expect(page.locator('#greet-count')).toHaveText('Begrüßt 1 / eingecheckt 2');
    await expect(page.locator('#greet-sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
    const log = await greetingLog(url, token, event.id);
    expect(log.timeline.map((t) => t.name)).toEqual([guests[1]!.name]);
    await ctx.close();
  } finally {
    await camera.close();
  }
});
