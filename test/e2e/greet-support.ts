/**
 * Shared by greet.spec.ts and bench/greet.ts: a dinner with n paid guests, all checked in at the
 * door by one paired phone through the device API (plain fetch, no camera), and a pairing link
 * for the greeting phone. Plain fetch, so it runs inside and outside Playwright Test.
 */
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { buyTicket, createEvent, type Guest } from './host-support';

const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Eva', 'Felix', 'Greta', 'Hannah', 'Ilse', 'Jonas', 'Karl', 'Lena'];
const LAST = ['Adler', 'Bauer', 'Cramer', 'Dietz', 'Engel', 'Fuchs', 'Graf', 'Hahn'];

async function json<T>(res: Response, expected: number, what: string): Promise<T> {
  if (res.status !== expected) throw new Error(`${what}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

/** A pairing code made through the organizer API: { code } for the phone's /host/pair#code. */
export async function pairingCode(base: string, adminToken: string, eventId: string, deviceName: string) {
  const res = await fetch(`${base}/api/admin/events/${eventId}/pairings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ deviceName }),
  });
  return (await json<{ code: string }>(res, 201, 'pairing')).code;
}

/** Event + n bought tickets + all checked in by the door phone "Tür". */
export async function greetDinner(base: string, adminToken: string, n: number, title = 'Handschlag Dinner') {
  const event = await createEvent(base, adminToken, title, n);
  const names = Array.from(
    { length: n },
    (_, i) =>
      `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= FIRST.length * LAST.length ? i : ''}`,
  );
  const guests: Guest[] = new Array(n);
  let next = 0;
  // A few purchases at a time: the server is shared with the browser on two cores.
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < n) {
        const i = next++;
        guests[i] = await buyTicket(base, event.slug, names[i]!, `Thema ${i + 1}`);
      }
    }),
  );
  const door = await json<{ token: string }>(
    await fetch(`${base}/api/devices/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: await pairingCode(base, adminToken, event.id, 'Tür') }),
    }),
    201,
    'pair door',
  );
  const t0 = Date.now() - n * 20_000;
  const scans = guests.map((g, i) => ({
    nonce: randomUUID().replace(/-/g, ''),
    kind: 'entry',
    qr: g.secret,
    deviceTime: t0 + i * 20_000,
  }));
  const answer = await json<{ results: { result: string }[] }>(
    await fetch(`${base}/api/devices/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${door.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scans }),
    }),
    200,
    'check in',
  );
  if (answer.results.some((r) => r.result !== 'ok')) throw new Error('not every guest was checked in');
  const phoneLink = `${base}/host/pair#${await pairingCode(base, adminToken, event.id, 'Gastgeber')}`;
  return { event, guests, phoneLink, doorToken: door.token };
}

/** The admin JSON log (GET /api/admin/events/:id/greetings). */
export async function greetingLog(base: string, adminToken: string, eventId: string) {
  const res = await fetch(`${base}/api/admin/events/${eventId}/greetings`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  return json<{
    counts: { paid: number; present: number; checkedIn: number; greeted: number };
    timeline: { ticketId: string; name: string; greetedBy: string | null; checkedInAt: number | null }[];
    duplicates: unknown[];
    checkedInNotGreeted: unknown[];
  }>(res, 200, 'greeting log');
}

/** Opens the paired phone in greet mode (list), with the whole roster shown. */
export async function openGreetMode(page: Page, link: string, n: number) {
  await page.goto(link);
  await page.locator('#mode-greet').click();
  await page
    .locator('#greet-todo > li.g-todo')
    .nth(n - 1)
    .waitFor();
}

/** Tap → painted (ms) of every greeting made so far, from the app's own "klick:greet" measures. */
export const greetTimings = (page: Page) =>
  page.evaluate(() =>
    performance.getEntriesByName('klick:greet').map((e) => ({
      duration: e.duration,
      ...((e as PerformanceMeasure).detail as { click: number; dom: number; frame: number }),
    })),
  );

/**
 * Taps a row or button of greet mode once the list takes taps again: for 0.4 s after a greet it
 * ignores them (web/host/greet.ts), which a host walking at five seconds a guest never notices.
 */
export async function tapWhenReady(page: Page, target: Locator) {
  await page.locator('#greet-view:not([data-quiet])').waitFor();
  await target.click();
}

/** The door phone's roster: ticket ids by guest name. */
export async function ticketIds(base: string, doorToken: string) {
  const res = await fetch(`${base}/api/devices/roster`, { headers: { authorization: `Bearer ${doorToken}` } });
  const roster = await json<{ tickets: { id: string; name: string }[] }>(res, 200, 'roster');
  return new Map(roster.tickets.map((t) => [t.name, t.id]));
}

/** The organizer seats a guest (PATCH /api/admin/tickets/:id). */
export async function setTable(base: string, adminToken: string, ticketId: string, tableLabel: string | null) {
  const res = await fetch(`${base}/api/admin/tickets/${ticketId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tableLabel }),
  });
  await json(res, 200, 'set table');
}

/** A scan or its undo sent as the door phone (annul: the guest is no longer checked in). */
export async function doorScan(base: string, doorToken: string, kind: 'entry' | 'annul', ticketId: string) {
  const res = await fetch(`${base}/api/devices/scans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${doorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      scans: [{ nonce: randomUUID().replace(/-/g, ''), kind, ticketId, deviceTime: Date.now() }],
    }),
  });
  await json(res, 200, 'door scan');
}
