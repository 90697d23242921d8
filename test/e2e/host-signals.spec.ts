import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { installSignalSpy, PATTERNS, readSpy, signalsOf } from './host-spy';
import {
  buyTicket,
  clipFolder,
  createEvent,
  e2eServer,
  launchWithCamera,
  makeClip,
  pairingLink,
  phoneContext,
  refund,
  showGuests,
  tapCheckIn,
} from './host-support';

const clip = clipFolder();

/**
 * Roster changes about these guests are held back on their way to the phone (from the delta pulls and
 * from the scans' answers), so a guest who bought after the phone's sync, or a ticket refunded after
 * it, reaches the phone only through a scan's verdict. Everything else flows as usual.
 */
async function holdBack(page: Page, names: Set<string>) {
  type Roster = { tickets: { name: string }[] };
  const keep = (r: Roster) => ({ ...r, tickets: r.tickets.filter((t) => !names.has(t.name)) });
  const delta = (u: URL) => u.pathname === '/api/devices/roster' && u.searchParams.has('since');
  await page.route(delta, async (route) => {
    const res = await route.fetch();
    return route.fulfill({ response: res, json: keep(await res.json()) });
  });
  await page.route('**/api/devices/scans', async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as { roster?: Roster };
    return route.fulfill({ response: res, json: body.roster ? { ...body, roster: keep(body.roster) } : body });
  });
}

const logged = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('#log li')].reverse().map((li) => ({
      nonce: li.dataset.nonce ?? '',
      result: li.dataset.result ?? '',
      text: li.textContent ?? '',
    })),
  );

test('every verdict kind has its own sound and vibration; unknown codes wait for the server; late answers signal again', async () => {
  test.setTimeout(150_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Signal Dinner');
  const erika = await buyTicket(url, event.slug, 'Erika Signal', 'Segeln auf dem Main');
  const paul = await buyTicket(url, event.slug, 'Paul Spaeterstattet');
  const ida = await buyTicket(url, event.slug, 'Ida Abgelehnt');
  const other = await createEvent(url, token, 'Other Dinner');
  const olga = await buyTicket(url, other.slug, 'Olga Anderswo');
  const unknownCode = 'ABCDEFGHJKMNPQRSTVWXYZ01';
  const file = join(clip(), 'signals.mjpeg');
  writeFileSync(file, '');
  const camera = await launchWithCamera(file, { grant: false });
  try {
    const ctx = await phoneContext(camera, { serviceWorkers: 'block' });
    await installSignalSpy(ctx);
    const page = await ctx.newPage();
    const late = new Set<string>();
    await holdBack(page, late);
    await page.goto(await pairingLink(camera, url, token, event.id, 'Tür S'));
    await expect(page.locator('#counts')).toHaveText('Eingecheckt 0 / bezahlt 3');
    // No tap yet: the browser keeps the sound off, and the app says how to turn it on.
    await expect(page.getByRole('button', { name: 'Ton einschalten' })).toBeVisible();
    expect((await readSpy(page)).audio).toEqual([]);

    // After the phone's sync: Nora buys a seat, Paul is refunded.
    late.add('Nora Nachzueglerin').add(paul.name);
    const nora = await buyTicket(url, event.slug, 'Nora Nachzueglerin');
    await refund(url, token, paul.orderId);
    // Each code for a second, then 3 s of nothing: longer than the cooldown, so Erika's second showing counts.
    await makeClip(camera, [paul.secret, unknownCode, olga.secret, nora.secret, erika.secret, erika.secret], file, {
      qrMs: 1000,
      blankMs: 3000,
    });

    // The host's first tap ("try the camera again") is what turns the sound on: at its end, not its start.
    await ctx.grantPermissions(['camera'], { origin: url });
    await page.getByRole('button', { name: 'Kamera erneut versuchen' }).tap();
    await expect(page.getByRole('button', { name: 'Ton einschalten' })).toBeHidden();
    const audio = (await readSpy(page)).audio;
    expect(audio.length).toBeGreaterThan(0);
    for (const a of audio) expect(['pointerup', 'touchend', 'click']).toContain(a.event);

    const amber = page.locator('#log li.amber', { hasText: erika.name });
    await expect(amber).toBeVisible({ timeout: 40_000 });
    const log = await logged(page);
    const first = (pred: (e: (typeof log)[number]) => boolean) => {
      const e = log.find(pred);
      if (!e) throw new Error(`not in the log: ${JSON.stringify(log)}`);
      return e.nonce;
    };
    const n = {
      paul: first((e) => e.text.includes(paul.name)),
      unknown: first((e) => e.result === 'unknown'),
      olga: first((e) => e.result === 'wrong_event'),
      nora: first((e) => e.text.includes(nora.name)),
      erika: first((e) => e.text.includes(erika.name) && e.result === 'ok'),
      erikaAgain: first((e) => e.text.includes(erika.name) && e.result === 'already_checked_in'),
    };
    const spy = await readSpy(page);
    const of = (nonce: string) => signalsOf(spy, nonce);
    const pattern = (colour: keyof typeof PATTERNS) => ({
      tones: PATTERNS[colour].tones.map((t) => [...t]),
      vibrations: [[...PATTERNS[colour].vibration]],
    });

    // Green, with company and "ask me about" on the screen, from the camera.
    expect(of(n.erika)).toMatchObject({ colours: ['green'], ...pattern('green') });
    expect(of(n.erika).screens[0]).toMatchObject({
      headline: 'Eingecheckt',
      name: erika.name,
      company: 'Signal GmbH',
      detail: 'Sprich mich an auf: Segeln auf dem Main',
    });
    // Amber for the second showing.
    expect(of(n.erikaAgain)).toMatchObject({ colours: ['amber'], ...pattern('amber') });
    expect(of(n.erikaAgain).screens[0]!.detail).toMatch(/^um \d\d:\d\d von Tür S$/);
    // Red for a code nobody knows and for another dinner's ticket: after "checking …", never before it.
    expect(of(n.unknown)).toMatchObject({ colours: ['red'], ...pattern('red') });
    expect(of(n.unknown).screens[0]!.headline).toBe('Unbekannter Code');
    expect(of(n.olga)).toMatchObject({ colours: ['red'], ...pattern('red') });
    expect(of(n.olga).screens[0]!.headline).toBe('Ticket für ein anderes Dinner');
    // Bought after the sync: unknown to the phone, but online it waits for the server: green, no red first.
    expect(of(n.nora)).toMatchObject({ colours: ['green'], ...pattern('green') });
    expect(of(n.nora).screens[0]).toMatchObject({ headline: 'Eingecheckt', name: nora.name });
    // Refunded after the sync: green at once from the phone's roster, then red when the server answers.
    expect(of(n.paul).colours).toEqual(['green', 'red']);
    expect(of(n.paul).vibrations).toEqual([[60], [350]]);
    expect(of(n.paul).screens[1]).toMatchObject({ headline: 'Ticket storniert oder erstattet', name: paul.name });
    // "Checking …" showed for each of the three unknown codes, and nothing ever sounded over it.
    expect(spy.headlines.filter((h) => h === 'Wird geprüft …').length).toBeGreaterThanOrEqual(3);
    expect([...spy.tones, ...spy.vibrations].filter((s) => s.colour === 'checking')).toEqual([]);
    const seq = spy.headlines.join(' | ');
    expect(seq).toContain('Wird geprüft … | Unbekannter Code');
    expect(seq).toContain('Wird geprüft … | Ticket für ein anderes Dinner');
    expect(seq).toContain('Wird geprüft … | Eingecheckt');

    // A scan the server refuses for good (here: 422) leaves the queue and is shown as failed.
    const verdict = page.locator('#verdict');
    await showGuests(page);
    await page.getByLabel('Suchen (Name, Firma oder E-Mail)').fill(ida.name);
    const idaRow = page.locator('#guests li', { hasText: ida.name });
    const idaId = await idaRow.getByRole('button', { name: 'Einchecken' }).getAttribute('data-id');
    await page.route('**/api/devices/scans', (route) =>
      route.request().postData()?.includes(`"ticketId":"${idaId}"`)
        ? route.fulfill({ status: 422, json: { error: { code: 'invalid_input', message: 'no' } } })
        : route.fallback(),
    );
    await tapCheckIn(idaRow);
    await expect(verdict).toHaveClass(/green/);
    await verdict.click({ position: { x: 20, y: 20 } });
    // Not stored anywhere: Ida is expected again, and the host can see why.
    await expect(idaRow.getByRole('button', { name: 'Einchecken' })).toBeVisible();
    await page.getByRole('tab', { name: 'Scannen' }).click();
    await expect(page.locator('#log li.failed', { hasText: ida.name })).toContainText(
      'Vom Server abgelehnt, nicht gespeichert',
    );
    await ctx.close();
  } finally {
    await camera.close();
  }
});
