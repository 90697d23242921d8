import { createClient } from '@libsql/client';
import { expect, test } from '@playwright/test';
import { buyTicket, createEvent, e2eServer, refund } from './host-support';

/** A mail of this kind in klick's outbox (no mail leaves this machine): its personal link. */
async function mailedLink(to: string, kind = 'offer:%'): Promise<string> {
  const db = createClient({ url: e2eServer().databaseUrl });
  try {
    const rows = await db.execute({
      sql: `SELECT text FROM outbox WHERE dedupe_key LIKE ? AND "to" = ?`,
      args: [kind, to],
    });
    const link = /https?:\/\/\S+\/w\/[0-9a-z]{32}/.exec(String(rows.rows[0]?.text ?? ''))?.[0];
    if (!link) throw new Error(`no ${kind} mail to ${to}`);
    return link;
  } finally {
    db.close();
  }
}

test('the waitlist of a sold-out dinner: join on the phone, get the offer by mail, pay, get the ticket', async ({
  page,
}) => {
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Ausverkauftes Dinner', 1);
  const first = await buyTicket(url, event.slug, 'Frieda Erste');

  // Sold out: the event page offers the line instead of the purchase form.
  await page.goto(`${url}/e/${event.slug}`);
  await expect(page.getByText('Ausverkauft. Alle Plätze sind vergeben.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Weiter zur Zahlung/ })).toHaveCount(0);
  await expect(page.getByText('Nicht stornierbar: ein bezahlter Platz ist verbindlich.')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Wilma Warteliste');
  await page.getByLabel('E-Mail', { exact: true }).fill('wilma@example.com');
  await page.getByLabel('Firma', { exact: true }).fill('Geduld GmbH');
  await page.getByLabel('Sprich mich an auf (optional)').fill('Schach');
  await page.getByLabel('Meine Kontaktdaten nach dem Dinner mit dem Gastgeber teilen.').check();
  await page.getByLabel(/^Ich akzeptiere die Bedingungen/).check();
  await page.getByRole('button', { name: 'Auf die Warteliste setzen' }).click();

  // the page says the same whether or not the address was in line already; the link comes by mail
  await expect(page.getByText(/^Danke\. Wir haben eine E-Mail an die angegebene Adresse geschickt/)).toBeVisible();
  // joining again with the same address: the very same answer, the difference goes by mail
  await page.getByLabel('Name', { exact: true }).fill('Wilma Warteliste');
  await page.getByLabel('E-Mail', { exact: true }).fill('WILMA@example.com');
  await page.getByLabel('Firma', { exact: true }).fill('Geduld GmbH');
  await page.getByLabel(/^Ich akzeptiere die Bedingungen/).check();
  await page.getByRole('button', { name: 'Auf die Warteliste setzen' }).click();
  await expect(page.getByText(/^Danke\. Wir haben eine E-Mail an die angegebene Adresse geschickt/)).toBeVisible();
  await page.goto(await mailedLink('wilma@example.com', 'waitlist-again-%'));
  await expect(page).toHaveURL(/\/w\/[0-9a-z]{32}$/);
  await expect(page).toHaveTitle('Dein Platz in der Warteschlange · Ausverkauftes Dinner');
  await expect(page.getByText('Du bist Nummer 1 in der Warteschlange.')).toBeVisible();
  const box = await page.getByRole('button', { name: 'Warteschlange verlassen' }).boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);

  // A seat frees up: the organizer refunds the first guest; the offer goes out at once.
  await refund(url, token, first.orderId);
  const link = await mailedLink('wilma@example.com');

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Ein Platz ist für dich reserviert' })).toBeVisible();
  await expect(page.getByText(/^Für dich reserviert bis /)).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Wilma Warteliste');
  await expect(page.getByLabel('E-Mail', { exact: true })).toHaveValue('wilma@example.com');
  await expect(page.getByLabel('Firma', { exact: true })).toHaveValue('Geduld GmbH');
  await expect(page.getByLabel('Meine Kontaktdaten nach dem Dinner mit dem Gastgeber teilen.')).toBeChecked();
  await page.getByLabel('Position', { exact: true }).fill('Geschäftsführerin');
  await page.getByLabel(/^Ich akzeptiere die Bedingungen/).check();
  await page.getByRole('button', { name: 'Weiter zur Zahlung · 50,00 €' }).click();

  await expect(page).toHaveURL(/\/demo\/checkout\/cs_demo_/);
  await expect(page.getByText('50,00 € · wilma@example.com')).toBeVisible();
  await page.getByRole('button', { name: 'Bezahlen (Karte)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Danke!');
  await page.getByRole('link', { name: 'Ticket öffnen' }).click();
  await expect(page).toHaveTitle('Dein Ticket · Ausverkauftes Dinner');
  await expect(page.locator('.card strong').getByText('Wilma Warteliste', { exact: true })).toBeVisible();
  await expect(page.locator('.qr svg')).toBeVisible();

  // The organizer sees the line: booked.
  const res = await fetch(`${url}/api/admin/events/${event.id}/waitlist`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { entries } = (await res.json()) as { entries: { name: string; state: string }[] };
  expect(entries).toEqual([expect.objectContaining({ name: 'Wilma Warteliste', state: 'converted' })]);
  // the offer link now says the seat is booked
  await page.goto(link);
  await expect(page.getByText('Du hast den Platz gebucht. Dein Ticket kam per E-Mail.')).toBeVisible();
});
