import { expect, type Page, test } from '@playwright/test';
import { greetDinner } from './greet-support';
import { e2eServer } from './host-support';

/**
 * The ticket page as a first-time guest meets it on a 390 × 844 phone (issue 10, section 3): the QR code, the
 * code and the calendar button on the first screen, the privacy sections complete but folded, and the
 * "Wer dabei war" card only once the dinner is over.
 */
async function ticketPath(base: string, orderId: string) {
  const html = await (await fetch(`${base}/orders/${orderId}/done`)).text();
  const path = /href="(\/t\/[0-9a-z]{32})"/.exec(html)?.[1];
  if (!path) throw new Error('no ticket link on the success page');
  return path;
}

const bottom = async (page: Page, selector: string) => {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not on the page`);
  return box.y + box.height;
};

test('the ticket page on a phone: QR, code and calendar first, short, and the exchange only after the dinner', async ({
  page,
}) => {
  const { url, token } = e2eServer();
  const { event, guests } = await greetDinner(url, token, 2, 'Dinner der kurzen Ticketseite');
  const path = await ticketPath(url, guests[0]!.orderId);

  await page.goto(`${url}${path}`);
  await expect(page.locator('.qr svg')).toBeVisible();
  const size = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  console.log('ticket page at 390 px before the dinner:', JSON.stringify(size));
  expect(size.width).toBeLessThanOrEqual(390);
  // The page was about 3,700 px long; about 2,860 now with the name badge's choice, the footer and 44 px targets.
  expect(size.height).toBeLessThan(3_000);
  expect(await bottom(page, '.qr svg')).toBeLessThanOrEqual(844);
  expect(await bottom(page, '.code')).toBeLessThanOrEqual(844);
  expect(await bottom(page, 'a[href$="/ticket.ics"]')).toBeLessThanOrEqual(844);
  // Complete but folded: the consent choices stay on the page, the details behind a summary.
  await expect(page.getByRole('heading', { name: 'Mit dem Gastgeber teilen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Teilen' }).first()).toBeVisible();
  await expect(page.locator(':not(#badge) > details > summary').first()).toHaveText(/^Was geteilt wird: /);
  await expect(page.getByRole('heading', { name: 'Wer dabei war' })).toHaveCount(0);

  // The other pages a guest meets fit the phone too.
  for (const other of [`/e/${event.slug}`, `/orders/${guests[0]!.orderId}/done`, `${path}/delete`]) {
    await page.goto(`${url}${other}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), other).toBeLessThanOrEqual(390);
  }
  await page.goto(`${url}${path}`);

  // The dinner is over (moved into the past by the organizer's API): the guests who were there appear.
  const DAY = 86_400_000;
  const res = await fetch(`${url}/api/admin/events/${event.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      startsAt: new Date(Date.now() - DAY).toISOString(),
      endsAt: new Date(Date.now() - DAY + 4 * 3_600_000).toISOString(),
      salesCloseAt: new Date(Date.now() - 2 * DAY).toISOString(),
      transferUntil: null,
    }),
  });
  expect(res.status, await res.text()).toBe(200);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Wer dabei war' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
