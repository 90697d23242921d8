import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orders } from '../../src/db/schema';
import { ADMIN_TOKEN, buyerForm, createDinner, makeTestApp, ORIGIN, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
  await createDinner(t);
});
afterEach(() => t.close());

const orderCount = async () => (await t.deps.db.select({ n: count() }).from(orders))[0]!.n;
const purchase = (headers: Record<string, string>) =>
  t.request('/e/dinner/checkout', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(buyerForm(1)).toString(),
  });

describe('referrer policy', () => {
  it('is same-origin in the header and the meta tag: form posts keep their origin, links leave none', async () => {
    const res = await t.request('/e/dinner');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(await res.text()).toContain('<meta name="referrer" content="same-origin"/>');
  });
});

describe('form posts from klick’s own pages', () => {
  const allowed: [string, Record<string, string>][] = [
    ['a matching Origin', { origin: ORIGIN }],
    // older Safari under a strict referrer policy: Origin null, but the Referer is there
    ['Origin: null with a same-origin Referer', { origin: 'null', referer: `${ORIGIN}/e/dinner` }],
    ['no Origin, a same-origin Referer', { referer: `${ORIGIN}/e/dinner?lang=en` }],
    ['no Origin, Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
  ];
  for (const [name, headers] of allowed) {
    it(`${name} → the seat is held`, async () => {
      expect((await purchase(headers)).status).toBe(303);
      expect(await orderCount()).toBe(1);
    });
  }

  const refused: [string, Record<string, string>][] = [
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a foreign Origin with a same-origin Referer', { origin: 'https://evil.example', referer: `${ORIGIN}/e/dinner` }],
    ['Origin: null and no Referer', { origin: 'null' }],
    ['Origin: null with a foreign Referer', { origin: 'null', referer: 'https://evil.example/x' }],
    ['no Origin, a foreign Referer', { referer: 'https://evil.example/e/dinner' }],
    ['no Origin, a look-alike Referer', { referer: `${ORIGIN}.evil.example/e/dinner` }],
    ['no Origin, a broken Referer', { referer: 'not a url' }],
    ['Sec-Fetch-Site: cross-site and nothing else', { 'sec-fetch-site': 'cross-site' }],
    ['neither Origin nor Referer', {}],
  ];
  for (const [name, headers] of refused) {
    it(`${name} → 403 in the reader's language, nothing held`, async () => {
      const res = await purchase(headers);
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain('Bitte senden Sie das Formular noch einmal von dieser Seite aus.');
      expect(html).not.toContain('klick’s own page');
      expect(await orderCount()).toBe(0);
    });
  }

  it('JSON bodies are not form posts: the bearer-token APIs need no Origin', async () => {
    const res = await t.adminJson('/events', 'GET');
    expect(res.status).toBe(200);
    // a JSON post, and a post without a body (curl, a script), with a bearer token and no Origin
    const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const json = await t.request('/api/admin/events', {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    const bare = await t.request('/api/admin/orders/nope/refund', { method: 'POST', headers: bearer });
    expect(bare.status).toBe(404);
    // while a form-typed post without a same-origin Origin or Referer is still refused
    const form = await t.request('/api/admin/orders/nope/refund', {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(form.status).toBe(403);
  });
});
