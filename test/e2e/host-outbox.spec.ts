import { expect, type Page, test } from '@playwright/test';
import { greetingLog, pairingCode, tapWhenReady } from './greet-support';
import { buyTicket, checkinStats, createEvent, e2eServer, type Guest, showGuests } from './host-support';
import { databases, phoneRoster, putRecord, seedOldQueues, storedRecords } from './outbox-support';

/**
 * The phone's one outbox (web/host/sync.ts): scans and greetings wait in one queue, go out by one
 * rule, survive a reload, a revocation and a new pairing, and an older app version's queues are
 * taken over on the first start.
 */

const doorPending = (page: Page) => page.locator('#sync');
const greetPending = (page: Page) => page.locator('#greet-sync');

/** Finds a guest in the Guests tab, taps their button, then taps the verdict away (away from its Undo button). */
async function tapGuest(page: Page, name: string, button: 'Einchecken' | 'Rückgängig') {
  await page.getByLabel('Suchen (Name, Firma oder E-Mail)').fill(name);
  const row = page.locator('#guests li', { hasText: name });
  await row.getByRole('button', { name: button }).click();
  const verdict = page.locator('#verdict');
  await expect(verdict).toBeVisible();
  await verdict.click({ position: { x: 20, y: 20 } });
  await expect(verdict).toBeHidden();
  await expect(row.getByRole('button', { name: button === 'Einchecken' ? 'Rückgängig' : 'Einchecken' })).toBeVisible();
}

async function ticketIdsOf(base: string, token: string) {
  const res = await fetch(`${base}/api/devices/roster`, { headers: { authorization: `Bearer ${token}` } });
  const { tickets } = (await res.json()) as { tickets: { id: string; name: string }[] };
  return new Map(tickets.map((t) => [t.name, t.id]));
}

async function revoke(base: string, adminToken: string, eventId: string, name: string) {
  const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const res = await fetch(`${base}/api/admin/events/${eventId}/devices`, { headers: auth });
  const { devices } = (await res.json()) as { devices: { id: string; name: string }[] };
  const id = devices.find((d) => d.name === name)!.id;
  expect(
    (await fetch(`${base}/api/admin/devices/${id}/revoke`, { method: 'POST', headers: auth, body: '{}' })).status,
  ).toBe(200);
}

test('scans and greetings queued offline survive a reload, a revocation and a new pairing, and reach the server once; a refused record is dropped alone', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Outbox Dinner');
  const guests: Guest[] = [];
  for (const name of ['Anna Outbox', 'Ben Outbox', 'Clara Outbox', 'Dora Outbox'])
    guests.push(await buyTicket(url, event.slug, name));
  const [anna, ben, clara, dora] = guests as [Guest, Guest, Guest, Guest];
  await page.goto(`${url}/host/pair#${await pairingCode(url, token, event.id, 'Tür Eins')}`);
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 0 / bezahlt 4');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // Offline: three check-ins and one undo at the door, two greetings in the room.
  await page.context().setOffline(true);
  await showGuests(page);
  for (const g of [anna, ben, clara]) await tapGuest(page, g.name, 'Einchecken');
  await tapGuest(page, ben.name, 'Rückgängig');
  await page.locator('#mode-greet').click();
  for (const g of [anna, clara])
    await tapWhenReady(page, page.locator('#greet-todo > li', { hasText: g.name }).locator('button'));
  await expect(greetPending(page)).toHaveAttribute('data-pending', '2');
  // A record the server will refuse (a nonce of a shape it does not take) joins the queue.
  const doraId = (await phoneRoster(page)).get(dora.name);
  await putRecord(page, 'scans', { nonce: 'old!', kind: 'entry', ticketId: doraId, deviceTime: Date.now() });

  // A reload without network keeps everything (Dora's queued check-in counts until the server refuses it).
  await page.reload();
  await expect(greetPending(page)).toHaveAttribute('data-pending', '2');
  await expect(page.locator('#greet-count')).toHaveText('Begrüßt 2 / anwesend 3');
  await page.locator('#mode-door').click();
  await expect(doorPending(page)).toHaveAttribute('data-pending', '5');
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 3 / bezahlt 4');

  // The organizer unpairs this phone meanwhile; back online, the phone says what waits, and keeps it.
  await revoke(url, token, event.id, 'Tür Eins');
  await page.context().setOffline(false);
  await expect(page.locator('#msg-title')).toHaveText('Dieses Handy wurde entkoppelt', { timeout: 15_000 });
  await expect(page.locator('#msg-text')).toHaveText(
    'Der Veranstalter hat die Kopplung aufgehoben. 5 Scans und 2 Begrüßungen warten noch und werden gesendet, sobald dieses Handy wieder für dieses Dinner gekoppelt ist.',
  );
  expect((await storedRecords(event.id)).scans).toEqual([]);

  // Paired again for the same dinner: everything made under the old pairing goes out under the new one.
  await page.goto(`${url}/host/pair#${await pairingCode(url, token, event.id, 'Tür Zwei')}`);
  await expect(doorPending(page)).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
  await expect(greetPending(page)).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
  const stored = await storedRecords(event.id);
  expect(stored.scans.map((s) => [s.guest, s.kind, s.result, s.device])).toEqual([
    [anna.name, 'entry', 'ok', 'Tür Zwei'],
    [ben.name, 'entry', 'ok', 'Tür Zwei'],
    [clara.name, 'entry', 'ok', 'Tür Zwei'],
    [ben.name, 'annul', 'ok', 'Tür Zwei'],
  ]);
  expect(new Set(stored.scans.map((s) => s.nonce)).size).toBe(4);
  expect(stored.greetings.map((g) => [g.guest, g.kind, g.device])).toEqual([
    [anna.name, 'greet', 'Tür Zwei'],
    [clara.name, 'greet', 'Tür Zwei'],
  ]);
  expect(await checkinStats(url, token, event.id)).toMatchObject({ checkedIn: 2, paid: 4 });
  expect((await greetingLog(url, token, event.id)).counts).toMatchObject({ greeted: 2, checkedIn: 2 });
  // Only the refused record is dropped, and the host sees which.
  await expect(page.locator('#log li.failed', { hasText: dora.name })).toContainText(
    'Vom Server abgelehnt, nicht gespeichert: bitte noch einmal',
  );
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 2 / bezahlt 4');
});

test('an older app version’s queues (scans in klick-host v1, greetings in klick-host-greet) are taken over and sent once', async ({
  page,
}) => {
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Update Dinner');
  const eva = await buyTicket(url, event.slug, 'Eva Update');
  const finn = await buyTicket(url, event.slug, 'Finn Update');
  const paired = (await (
    await fetch(`${url}/api/devices/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: await pairingCode(url, token, event.id, 'Alte Version') }),
    })
  ).json()) as { token: string; device: { id: string; name: string }; event: { id: string; title: string } };
  const ids = await ticketIdsOf(url, paired.token);
  const now = Date.now();
  const scan = {
    nonce: 'oldscan0123456789abcdef',
    kind: 'entry',
    ticketId: ids.get(eva.name),
    deviceTime: now - 60_000,
  };
  const greeting = { nonce: 'oldgreet0123456789abcdef', kind: 'greet', ticketId: ids.get(finn.name), deviceTime: now };
  // Written from a page of klick's origin that is not the app, as the older version left them.
  await page.goto(`${url}/api/health`);
  await seedOldQueues(page, {
    session: { ...paired, event: { id: paired.event.id, title: paired.event.title, timezone: 'Europe/Berlin' } },
    scans: [{ ...scan, token: paired.token, seq: now }],
    greetings: [{ ...greeting, token: paired.token, seq: now + 1 }],
  });
  expect(await databases(page)).toEqual(['klick-host', 'klick-host-greet']);

  await page.goto(`${url}/host/`);
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 1 / bezahlt 2', { timeout: 15_000 });
  await expect(doorPending(page)).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
  // The two queues send on their own, and the old greetings are taken over after the door's: the greeting may
  // still be on its way when the door's queue is done.
  await expect.poll(async () => (await storedRecords(event.id)).greetings.length, { timeout: 15_000 }).toBe(1);
  const stored = await storedRecords(event.id);
  expect(stored.scans.map((s) => [s.nonce, s.guest, s.result, s.device])).toEqual([
    [scan.nonce, eva.name, 'ok', 'Alte Version'],
  ]);
  expect(stored.greetings.map((g) => [g.nonce, g.guest, g.device])).toEqual([
    [greeting.nonce, finn.name, 'Alte Version'],
  ]);
  // The old greetings' database is gone; a reload sends nothing twice.
  expect(await databases(page)).toEqual(['klick-host']);
  await page.reload();
  await expect(doorPending(page)).toHaveAttribute('data-pending', '0');
  const again = await storedRecords(event.id);
  expect([again.scans.length, again.greetings.length]).toEqual([1, 1]);
});
