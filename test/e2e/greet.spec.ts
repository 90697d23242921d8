import { expect, type Locator, type Page, test } from '@playwright/test';
import { greetDinner, greetingLog, openGreetMode, setTable, tapWhenReady, ticketIds } from './greet-support';
import { e2eServer } from './host-support';

const pending = (page: Page) => page.locator('#greet-sync').getAttribute('data-pending').then(Number);
/** The CSS content of an element's ::after ("none" when no rule gives it one). */
const afterContent = (el: Locator) => el.evaluate((e) => getComputedStyle(e, '::after').content);

/** The organizer logs in and opens the dinner's handshake log. */
async function organizerLog(page: Page, base: string, token: string, eventId: string) {
  await page.goto(`${base}/admin`);
  await page.getByLabel('Admin-Token').fill(token);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.goto(`${base}/admin/events/${eventId}/greetings`);
}

test('greet mode: 92 guests by taps, one undo, a double tap, a reload and a stretch offline; the log holds exactly 92', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const { url, token } = e2eServer();
  const N = 92;
  const { event, guests, phoneLink } = await greetDinner(url, token, N);
  await openGreetMode(page, phoneLink, N);
  // From here on the app needs no network: the service worker holds the shell.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect(page.locator('#greet-count')).toHaveText(`Begrüßt 0 / anwesend ${N}`);
  await expect(page.locator('#greet-status')).toContainText(`Es fehlen noch ${N}: ${guests[0]!.name}`);
  // Hit while walking: every button of greet mode is at least 44 px tall.
  for (const id of ['mode-door', 'mode-greet', 'greet-tab-list', 'greet-tab-card', 'greet-tab-scan'])
    expect((await page.locator(`#${id}`).boundingBox())!.height, id).toBeGreaterThanOrEqual(44);

  const todo = page.locator('#greet-todo > li');
  const first = page.locator('#greet-todo > li:first-child button');
  const count = page.locator('#greet-count');
  let taps = 0;
  let greeted = 0;
  let undone = false;
  let offlineFrom = -1;
  while ((await todo.count()) > 0) {
    const name = await first.locator('.g-name').textContent();
    await tapWhenReady(page, first);
    taps++;
    greeted++;
    await expect(page.locator('#greet-greeted > li').first()).toContainText(name!);
    if (taps === 10 && !undone) {
      // Undo from the toast: the guest is back at the top of the list, and is tapped again next.
      undone = true;
      await expect(page.locator('#greet-toast-text')).toHaveText(`${name} begrüßt`);
      await page.locator('#greet-toast-undo').click();
      greeted--;
      await expect(first.locator('.g-name')).toHaveText(name!);
      await expect(count).toHaveText(`Begrüßt ${greeted} / anwesend ${N}`);
    }
    if (taps === 20) {
      // A double tap while walking: the second tap lands on the guest who slid under the finger, and is ignored.
      await page.locator('#greet-view:not([data-quiet])').waitFor();
      const tapped = await first.locator('.g-name').textContent();
      const next = await page.locator('#greet-todo > li:nth-child(2) .g-name').textContent();
      const box = (await first.boundingBox())!;
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      taps++;
      greeted++;
      await page.waitForTimeout(500);
      await expect(page.locator('#greet-greeted > li').first()).toContainText(tapped!);
      await expect(first.locator('.g-name')).toHaveText(next!);
      await expect(count).toHaveText(`Begrüßt ${greeted} / anwesend ${N}`);
    }
    if (taps === 40) {
      // Everything so far has reached the server; then the host walks into a dead zone for 20 taps.
      await expect.poll(() => pending(page)).toBe(0);
      // A row the server has confirmed carries no "waiting for sync" marker.
      expect(await afterContent(page.locator('#greet-greeted > li:first-child .g-state'))).toBe('none');
      await page.context().setOffline(true);
      offlineFrom = taps;
    }
    if (taps === 45) {
      // The row greeted offline is marked as waiting for the sync.
      await expect(page.locator('#greet-greeted > li:first-child')).toHaveClass(/pending/);
      expect(await afterContent(page.locator('#greet-greeted > li:first-child .g-state'))).toBe('" …"');
    }
    if (taps === 50) {
      // A reload without network in the middle of the stretch: the queued greetings are still there.
      await expect.poll(() => pending(page)).toBe(10);
      await page.reload();
      await page.locator('#greet-todo > li').first().waitFor();
      await expect(count).toHaveText(`Begrüßt ${greeted} / anwesend ${N}`);
      expect(await pending(page)).toBe(10);
    }
    if (taps === 60) {
      expect(await pending(page)).toBe(20);
      await page.context().setOffline(false);
    }
  }
  expect(offlineFrom).toBe(40);
  expect(taps).toBe(N + 1);
  await expect(count).toHaveText(`Begrüßt ${N} / anwesend ${N}`);
  await expect(page.locator('#greet-status')).toHaveText('Alle Anwesenden sind begrüßt.');
  await expect(page.locator('#greet-sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
  // The round is over: its clock stops at the round's duration.
  const stats = page.locator('#greet-stats');
  await expect(stats).toContainText(/^Dauer \d+:\d\d · /);
  const frozen = await stats.textContent();
  await page.waitForTimeout(2200);
  await expect(stats).toHaveText(frozen!);

  // Undo later, from the guest's row, and greet again: still counted once.
  const row = page.locator('#greet-greeted > li', { hasText: guests[5]!.name });
  await tapWhenReady(page, row.getByRole('button', { name: 'Rückgängig' }));
  await expect(page.locator('#greet-status')).toHaveText(`Es fehlen noch 1: ${guests[5]!.name}`);
  await tapWhenReady(page, page.locator('#greet-todo > li:first-child button'));
  // The undo toast stays while the pointer rests on it, however long that is (and however slow this machine).
  const toast = page.locator('#greet-toast');
  await toast.hover();
  await expect(page.locator('#greet-status')).toHaveText('Alle Anwesenden sind begrüßt.');
  // The toast of the last greeting does not cover the bottom of the list.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const lastBox = (await page.locator('#greet-greeted > li:last-child').boundingBox())!;
  const toastBox = (await toast.boundingBox())!;
  expect(lastBox.y + lastBox.height).toBeLessThanOrEqual(toastBox.y);
  await page.waitForTimeout(5500);
  await expect(toast).toBeVisible();
  // Once the pointer leaves, it goes.
  await page.mouse.move(5, 100);
  await expect(toast).toBeHidden({ timeout: 15_000 });
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
  await tapWhenReady(page, greet);
  await expect(name).toHaveText(guests[1]!.name);
  await tapWhenReady(page, skip);
  await expect(name).toHaveText(guests[2]!.name);
  await tapWhenReady(page, greet);
  await expect(name).toHaveText(guests[3]!.name);
  await tapWhenReady(page, greet);
  // Only the skipped guest is left: the card comes back to them, and the pace names them.
  await expect(name).toHaveText(guests[1]!.name);
  await expect(page.locator('#greet-status')).toHaveText(`Es fehlen noch 1: ${guests[1]!.name}`);
  await expect(page.locator('#greet-count')).toHaveText('Begrüßt 3 / anwesend 4');
  await tapWhenReady(page, greet);
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
  await expect(page.locator('#greet-count')).toHaveText('Begrüßt 2 / anwesend 3');
  await expect(page.locator('#greet-status')).toHaveText(`Es fehlen noch 1: ${guests[2]!.name}`);
  const log = await greetingLog(url, token, event.id);
  expect(log.counts.greeted).toBe(2);
  expect(log.duplicates).toHaveLength(1);
});

test('tables: greet mode goes table by table under headings; a table the organizer sets arrives with the sync', async ({
  page,
  browser,
}) => {
  const { url, token } = e2eServer();
  const { guests, phoneLink, doorToken, event } = await greetDinner(url, token, 6, 'Tisch Dinner');
  const ids = await ticketIds(url, doorToken);
  const id = (i: number) => ids.get(guests[i]!.name)!;
  for (const [i, table] of [
    [0, '2'],
    [3, '2'],
    [4, '2'],
    [1, '10'],
  ] as const)
    await setTable(url, token, id(i), table);
  await openGreetMode(page, phoneLink, 6);
  const row = (i: number) => new RegExp(`^${guests[i]!.name}`);
  const rows = page.locator('#greet-todo > li');
  // Natural order (2 before 10), by arrival within a table, the guests without a table last.
  await expect(rows).toHaveText(['Tisch 2', row(0), row(3), row(4), 'Tisch 10', row(1), 'Ohne Tisch', row(2), row(5)]);

  // The organizer seats guest 5 at table 1 on the dinner's page; the phone's sync patches the list in place.
  await page.locator(`#greet-todo li[data-id="${id(0)}"]`).evaluate((el) => Object.assign(el, { kept: true }));
  // The organizer at a laptop (inside Playwright Test a new context would otherwise get the phone's options).
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });
  const admin = await laptop.newPage();
  await admin.goto(`${url}/admin`);
  await admin.getByLabel('Admin-Token').fill(token);
  await admin.getByRole('button', { name: 'Anmelden' }).click();
  await admin.goto(`${url}/admin/events/${event.id}`);
  const order = admin.locator('tr', { hasText: guests[5]!.name });
  await order.getByLabel('Tisch').fill('1');
  await order.getByRole('button', { name: 'Setzen' }).click();
  await expect(admin.locator('p.msg.ok')).toBeVisible();
  await expect(admin.locator('tr', { hasText: guests[5]!.name }).getByLabel('Tisch')).toHaveValue('1');
  await laptop.close();
  await expect(rows).toHaveText(
    ['Tisch 1', row(5), 'Tisch 2', row(0), row(3), row(4), 'Tisch 10', row(1), 'Ohne Tisch', row(2)],
    { timeout: 15_000 },
  );
  // The same element as before the sync, not a rebuilt one: a tap in flight still hits its guest.
  expect(await page.locator(`#greet-todo li[data-id="${id(0)}"]`).evaluate((el) => 'kept' in el)).toBe(true);

  // A greet takes the row out; the emptied table's heading goes with it.
  await tapWhenReady(page, page.locator(`#greet-todo li[data-id="${id(5)}"] button`));
  await expect(rows.first()).toHaveText('Tisch 2');
  // The next-guest card follows the same order and says the table.
  await page.getByRole('tab', { name: 'Nächster Gast' }).click();
  await expect(page.locator('#greet-card-table')).toHaveText('Tisch 2');
  await expect(page.locator('#greet-card-name')).toHaveText(guests[0]!.name);
  await tapWhenReady(page, page.locator('#greet-card-greet'));
  await expect(page.locator('#greet-card-name')).toHaveText(guests[3]!.name);
  await expect(page.locator('#greet-status')).toHaveText(
    `Es fehlen noch 4: ${[3, 4, 1, 2].map((i) => guests[i]!.name).join(', ')}`,
  );
});
