import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app';
import { buildDeps } from '../src/build-deps';
import { buildConfig, parseSettings } from '../src/config';
import { openMigratedClient } from '../src/db/migrate';
import { silentLog } from '../src/deps';
import type { CreateEventInput } from '../src/events/schema';
import { createEvent } from '../src/events/service';
import { fixedClock } from '../src/lib/clock';
import { createDemoGateway } from '../src/payments/demo-gateway';
import { createStripeGateway } from '../src/payments/stripe-gateway';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const ORIGIN = 'http://klick.test';
export const DEMO_SECRET = 'whsec_test_demo_secret';
export const T0 = Date.parse('2026-11-22T10:00:00Z');

/** A real libSQL file database in a temp folder, migrated, with the app built on it. */
export async function makeTestApp(env: Record<string, string> = {}, opts: { clockStart?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'klick-test-'));
  const url = `file:${join(dir, 'klick.db')}`;
  const client = await openMigratedClient(url);
  const clock = fixedClock(opts.clockStart ?? T0);
  const config = buildConfig(
    parseSettings({ ENVIRONMENT: 'test', DATABASE_URL: url, PUBLIC_URL: ORIGIN, ADMIN_TOKEN, ...env }),
    {
      publicUrl: ORIGIN,
      adminToken: ADMIN_TOKEN,
      demoWebhookSecret: DEMO_SECRET,
    },
  );
  const deps = buildDeps(client, config, silentLog, clock, { stripe: createStripeGateway, demo: createDemoGateway });
  const app = createApp(deps);
  const request = (path: string, init: RequestInit = {}) => app.request(`${ORIGIN}${path}`, init);
  return {
    app,
    deps,
    clock,
    client,
    dbPath: join(dir, 'klick.db'),
    request,
    /** a form post as the event page sends it (same origin) */
    postForm: (path: string, fields: Record<string, string>) =>
      request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        body: new URLSearchParams(withNameParts(fields)).toString(),
      }),
    adminJson: (path: string, method = 'GET', body?: unknown) =>
      request(`/api/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(withNameParts(body)),
      }),
    close() {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Fixtures written as one shown name ({ name: 'Jörg Heinicke' }) post the forms' given and family name, chosen so
 * that the shown name (src/lib/names.ts) is the fixture's again: the last word as family name; a name in Chinese,
 * Japanese or Korean script without a space, its first character. A one-word Latin name stays the given name with
 * an empty family name, which the forms refuse: give the parts for such a guest. `name: ''` posts both empty.
 */
export function nameParts(name: string): { givenName: string; familyName: string } {
  const words = name.trim().split(/\s+/);
  if (words.length > 1) return { givenName: words.slice(0, -1).join(' '), familyName: words.at(-1)! };
  if (/^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]{2,}$/u.test(name))
    return { givenName: [...name].slice(1).join(''), familyName: [...name][0]! };
  return { givenName: name, familyName: '' };
}

export function withNameParts<T>(fields: T): T {
  if (!fields || typeof fields !== 'object' || !('name' in fields) || 'givenName' in fields) return fields;
  const { name, ...rest } = fields as Record<string, unknown>;
  return { ...nameParts(String(name)), ...rest } as T;
}

export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;

export function dinnerInput(overrides: Partial<CreateEventInput> = {}): CreateEventInput {
  return {
    slug: 'dinner',
    title: 'Network Dinner Frankfurt',
    description: 'Test dinner',
    venue: 'Hotel am Main',
    address: 'Mainkai 1, Frankfurt',
    hostName: 'Host',
    startsAt: '2026-12-03T18:00:00Z',
    endsAt: '2026-12-03T22:00:00Z',
    timezone: 'Europe/Berlin',
    priceCents: 5000,
    currency: 'EUR',
    capacity: 92,
    status: 'on_sale',
    // The tests were written against the German "du" texts; the default for a new dinner is "Sie".
    addressForm: 'du',
    ...overrides,
  };
}

export const createDinner = (t: TestApp, overrides: Partial<CreateEventInput> = {}) =>
  createEvent(t.deps, dinnerInput(overrides));

export function buyerForm(i = 0, extra: Record<string, string> = {}): Record<string, string> {
  return withNameParts({
    ...(extra.givenName === undefined ? { name: `Guest ${i}` } : {}),
    email: `guest${i}@example.com`,
    company: `Company ${i}`,
    role: 'CEO',
    askMeAbout: 'sailing',
    consentHost: 'on',
    terms: 'on',
    ...extra,
  });
}
