import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { pairingCode } from './greet-support';
import {
  buyTicket,
  clipFolder,
  createEvent,
  e2eServer,
  launchWithCamera,
  makeClip,
  phoneContext,
} from './host-support';

/**
 * A QR decoder that cannot load or that crashes (web/host/scanner.ts) is told to the host at once, in
 * place of a camera picture that would never scan, with what works instead: the search at the door, the
 * list in greet mode.
 */
const clip = clipFolder();

async function openPaired(page: Page, eventId: string, name: string) {
  const { url, token } = e2eServer();
  await page.goto(`${url}/host/pair#${await pairingCode(url, token, eventId, name)}`);
  await expect(page.locator('#counts')).toHaveText(/^Eingecheckt \d+ \/ bezahlt \d+$/);
}

test('the decoder cannot load (its wasm blocked): the door says so at once and offers the search; greet mode offers the list', async ({
  page,
}) => {
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Decoder Dinner');
  const guest = await buyTicket(url, event.slug, 'Gerda Ohnecode');
  let blocked = 0;
  await page.context().route('**/zxing_reader.wasm', (route) => {
    blocked++;
    return route.abort();
  });
  await openPaired(page, event.id, 'Tür Decoder');

  // At once, without a tap: an alert (announced by screen readers) in place of the camera.
  const note = page.locator('#decoder-failed');
  await expect(note).toBeVisible();
  await expect(note).toHaveAttribute('role', 'alert');
  await expect(note.locator('p')).toHaveText(
    'Die QR-Erkennung konnte nicht geladen werden: Die Kamera kann gerade keine Tickets lesen. Finde Gäste über die Suche und checke sie dort ein.',
  );
  await expect(page.locator('#video')).toBeHidden();
  expect(blocked).toBeGreaterThan(0);

  // In English too.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(note.locator('p')).toHaveText(
    'The QR reader could not be loaded: the camera cannot read tickets right now. Find guests with the search and check them in there.',
  );
  await page.getByRole('button', { name: 'Deutsch' }).click();

  // The search works instead: a tap checks the guest in.
  await note.getByRole('button', { name: 'Gäste suchen' }).click();
  await expect(page.getByRole('tab', { name: 'Gäste' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Suchen (Name, Firma oder E-Mail)')).toBeFocused();
  await page.keyboard.type('gerda');
  await page.locator('#guests li', { hasText: guest.name }).getByRole('button', { name: 'Einchecken' }).click();
  await expect(page.locator('#verdict')).toHaveClass(/green/);
  await page.locator('#verdict').click({ position: { x: 20, y: 20 } });
  await expect(page.locator('#counts')).toHaveText('Eingecheckt 1 / bezahlt 1');
  await page.getByRole('tab', { name: 'Scannen' }).click();
  await expect(note).toBeVisible();

  // Greet mode's scan tab says the same, and offers the list.
  await page.locator('#mode-greet').click();
  await page.getByRole('tab', { name: 'Scannen' }).click();
  const greetNote = page.locator('#greet-decoder-failed');
  await expect(greetNote).toBeVisible();
  await expect(greetNote).toHaveAttribute('role', 'alert');
  await expect(greetNote.locator('p')).toHaveText(
    'Die QR-Erkennung konnte nicht geladen werden: Die Kamera kann gerade keine Codes lesen. Begrüße die Gäste in der Liste.',
  );
  await expect(page.locator('#greet-video')).toBeHidden();
  await greetNote.getByRole('button', { name: 'Zur Liste' }).click();
  await expect(page.locator('#greet-todo > li', { hasText: guest.name })).toBeVisible();

  // Once the wasm arrives, "load again" brings the camera back.
  await page.context().unroute('**/zxing_reader.wasm');
  await page.locator('#mode-door').click();
  await note.getByRole('button', { name: 'QR-Erkennung neu laden' }).click();
  await expect(note).toBeHidden();
  await expect(page.locator('#video')).toBeAttached();
  await expect(page.locator('.camera').first()).toBeVisible();
});

/**
 * Runs in the page before the app: every function the zxing wasm exports throws, as a wasm that ran out of
 * memory does, once the test sets window.crashDecoder.
 */
function breakableWasm() {
  const w = window as unknown as { crashDecoder?: boolean };
  const wrap = (result: WebAssembly.WebAssemblyInstantiatedSource) => {
    const exports: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(result.instance.exports))
      exports[name] =
        typeof value === 'function'
          ? (...args: unknown[]) => {
              if (w.crashDecoder) throw new WebAssembly.RuntimeError('memory access out of bounds');
              return (value as (...a: unknown[]) => unknown)(...args);
            }
          : value;
    return { module: result.module, instance: { exports } as unknown as WebAssembly.Instance };
  };
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => wrap(await streaming(source, imports));
  const instantiate = WebAssembly.instantiate as (
    b: BufferSource,
    i?: WebAssembly.Imports,
  ) => Promise<WebAssembly.WebAssemblyInstantiatedSource>;
  (WebAssembly as { instantiate: unknown }).instantiate = async (bytes: BufferSource, imports?: WebAssembly.Imports) =>
    wrap(await instantiate(bytes, imports));
}

test('the decoder crashes while scanning: the door says so at once, and scans again once reloaded', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { url, token } = e2eServer();
  const event = await createEvent(url, token, 'Absturz Dinner');
  const guest = await buyTicket(url, event.slug, 'Hans Absturz');
  const camera = await launchWithCamera(await makeClip(browser, [guest.secret], join(clip(), 'crash.mjpeg')));
  try {
    const ctx = await phoneContext(camera);
    await ctx.addInitScript(breakableWasm);
    const page = await ctx.newPage();
    await openPaired(page, event.id, 'Tür Absturz');
    // The decoder works: the guest's code is read.
    await expect(page.locator('#log li.green', { hasText: guest.name })).toBeVisible({ timeout: 20_000 });

    await page.evaluate(() => {
      (window as unknown as { crashDecoder: boolean }).crashDecoder = true;
    });
    const note = page.locator('#decoder-failed');
    await expect(note).toBeVisible();
    await expect(note.locator('p')).toHaveText(
      'Die QR-Erkennung ist abgestürzt (zu wenig Speicher?): Die Kamera kann gerade keine Tickets lesen. Finde Gäste über die Suche und checke sie dort ein.',
    );
    await expect(page.locator('#video')).toBeHidden();

    // Loaded again, the decoder reads the code once more (already checked in now: amber).
    await page.evaluate(() => {
      (window as unknown as { crashDecoder: boolean }).crashDecoder = false;
    });
    await note.getByRole('button', { name: 'QR-Erkennung neu laden' }).click();
    await expect(note).toBeHidden();
    await expect(page.locator('#log li.amber', { hasText: guest.name })).toBeVisible({ timeout: 20_000 });
    await ctx.close();
  } finally {
    await camera.close();
  }
});
