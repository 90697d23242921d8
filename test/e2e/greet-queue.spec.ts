import { expect, type Page, test } from '@playwright/test';
import { greetDinner, greetingLog, openGreetMode, pairingCode, tapWhenReady } from './greet-support';
import { e2eServer } from './host-support';
import { putRecord } from './outbox-support';

const pending = (page: Page) => page.locator('#greet-sync').getAttribute('data-pending').then(Number);

test('a greeting the server refuses is dropped alone and shown; greetings queued before a revocation are sent after re-pairing', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { url, token } = e2eServer();
  const { event, guests, phoneLink, doorToken } = await greetDinner(url, token, 4, 'Warteschlangen Dinner');
  await openGreetMode(page, phoneLink, 4);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const row = (i: number) => page.locator('#greet-todo > li', { hasText: guests[i]!.name }).locator('button');
  const roster = (await (
    await fetch(`${url}/api/devices/roster`, { headers: { authorization: `Bearer ${doorToken}` } })
  ).json()) as {
    tickets: { id: string; name: string }[];
  };

  // Offline, two taps; then a greeting the server refuses (a nonce of a shape it does not take, as an
  // older app version could have left) joins the queue, first in line, and the phone restarts.
  await page.context().setOffline(true);
  await tapWhenReady(page, row(0));
  await tapWhenReady(page, row(1));
  const refusedId = roster.tickets.find((t) => t.name === guests[2]!.name)!.id;
  await putRecord(page, 'greetings', { nonce: 'old!', kind: 'greet', ticketId: refusedId, deviceTime: 1 });
  await page.reload();
  await page.locator('#greet-todo > li').first().waitFor();
  expect(await pending(page)).toBe(3);
  await expect(page.locator('#greet-count')).toHaveText('Begrüßt 3 / anwesend 4');

  // Back online: the batch is refused, so the greetings go one by one; only the refused one is dropped, visibly.
  await page.context().setOffline(false);
  await expect(page.locator('#greet-sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
  const refused = page.locator('#greet-refused');
  await expect(refused).toBeVisible();
  await expect(refused).toContainText(
    `Eine Begrüßung wurde vom Server abgelehnt und nicht gezählt: ${guests[2]!.name}`,
  );
  await expect(page.locator('#greet-count')).toHaveText('Begrüßt 2 / anwesend 4');
  let log = await greetingLog(url, token, event.id);
  expect(log.timeline.map((t) => t.name).sort()).toEqual([guests[0]!.name, guests[1]!.name].sort());
  await page.getByRole('button', { name: 'Ausblenden' }).click();
  await expect(refused).toBeHidden();

  // Offline again, one more greeting; meanwhile the organizer revokes this phone.
  await page.context().setOffline(true);
  await tapWhenReady(page, row(3));
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { devices } = (await (
    await fetch(`${url}/api/admin/events/${event.id}/devices`, { headers: auth })
  ).json()) as {
    devices: { id: string; name: string }[];
  };
  const me = devices.find((d) => d.name === 'Gastgeber')!;
  const revoked = await fetch(`${url}/api/admin/devices/${me.id}/revoke`, {
    method: 'POST',
    headers: auth,
    body: '{}',
  });
  expect(revoked.status).toBe(200);
  await page.context().setOffline(false);
  // The revoked screen counts the greeting still waiting; it is kept, not dropped.
  await expect(page.locator('#msg-title')).toHaveText('Dieses Handy wurde entkoppelt', { timeout: 15_000 });
  await expect(page.locator('#msg-text')).toContainText(
    'Eine Begrüßung wartet noch und wird gesendet, sobald dieses Handy wieder für dieses Dinner gekoppelt ist.',
  );

  // Paired again for the same dinner: the greeting made under the old pairing is sent under the new one.
  await page.goto(`${url}/host/pair#${await pairingCode(url, token, event.id, 'Gastgeber 2')}`);
  await expect(page.locator('#greet-sync')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
  await expect.poll(async () => (await greetingLog(url, token, event.id)).counts.greeted, { timeout: 15_000 }).toBe(3);
  log = await greetingLog(url, token, event.id);
  expect(log.timeline.find((t) => t.name === guests[3]!.name)?.greetedBy).toBe('Gastgeber 2');
  expect(log.duplicates).toHaveLength(0);
});

test('a 2xx that confirms none of the greetings (a proxy, a partial answer) dequeues nothing: they go again', async ({
  page,
}) => {
  const { url, token } = e2eServer();
  const { event, guests, phoneLink } = await greetDinner(url, token, 2, 'Proxy Dinner');
  await openGreetMode(page, phoneLink, 2);
  // The first two sends come back 200 with JSON that answers no nonce; after that the network is honest.
  let faked = 0;
  await page.route('**/api/devices/greetings', (route) =>
    faked++ < 2 ? route.fulfill({ status: 200, json: { results: [] } }) : route.fallback(),
  );
  await tapWhenReady(page, page.locator('#greet-todo > li', { hasText: guests[0]!.name }).locator('button'));
  await expect.poll(() => faked, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.locator('#greet-sync')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
  const log = await greetingLog(url, token, event.id);
  expect(log.timeline.map((t) => t.name)).toEqual([guests[0]!.name]);
});
