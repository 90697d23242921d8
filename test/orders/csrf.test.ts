import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSessions, orders } from '../../src/db/schema';
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
      expect(html).toContain('Bitte sende das Formular noch einmal von dieser Seite aus.');
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
    // A bearer header cannot come from a foreign page (it needs a CORS preflight klick never answers): a
    // script's call passes whatever Origin or body type it carries, and the token decides.
    const scripted = await t.request('/api/admin/orders/nope/refund', {
      method: 'POST',
      headers: { ...bearer, origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(scripted.status).toBe(404);
  });
});

describe('writes a foreign page can make a browser send', () => {
  /** a demo checkout waiting for payment, as the event page's form leaves it */
  async function openSession() {
    expect((await purchase({ origin: ORIGIN })).status).toBe(303);
    const s = (await t.deps.db.select().from(demoSessions))[0]!;
    return s.id;
  }
  const paidOrders = async () => (await t.deps.db.select().from(orders).where(eq(orders.status, 'paid'))).length;

  const refused: [string, Record<string, string>][] = [
    ['a cross-site Origin, no body and no Content-Type', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site, no body', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain), no body', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Referer only, no body', { referer: 'https://evil.example/x' }],
    ['Origin: null, no body', { origin: 'null' }],
    [
      'a JSON Content-Type from a foreign Origin',
      { origin: 'https://evil.example', 'content-type': 'application/json' },
    ],
    // a browser sends cached Basic credentials cross-site by itself: only a Bearer token proves a script
    ['a Basic Authorization from a foreign Origin', { origin: 'https://evil.example', authorization: 'Basic eDp5' }],
  ];
  for (const [name, headers] of refused) {
    it(`${name} → 403 on the demo's pay route, nothing paid`, async () => {
      const id = await openSession();
      const res = await t.request(`/demo/checkout/${id}/pay`, { method: 'POST', headers });
      expect(res.status).toBe(403);
      expect(await paidOrders()).toBe(0);
    });
  }

  it('the same body-less post from klick’s own page pays', async () => {
    const id = await openSession();
    const res = await t.request(`/demo/checkout/${id}/pay`, { method: 'POST', headers: { origin: ORIGIN } });
    expect(res.status).toBe(303);
    expect(await paidOrders()).toBe(1);
  });

  it('a post with none of a browser’s headers is not a cross-site request (Stripe, curl) and reaches its route', async () => {
    const bare = await t.request('/api/admin/orders/nope/refund', { method: 'POST' });
    expect(bare.status).toBe(401);
  });
});

describe('a form with a repeated field', () => {
  it('is refused, not read as its first or last value: nothing is held', async () => {
    const body = `${new URLSearchParams(buyerForm(1)).toString()}&name=${encodeURIComponent('Someone Else')}`;
    const res = await t.request('/e/dinner/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'accept-language': 'en' },
      body,
    });
    expect(res.status).toBe(400);
    expect(await orderCount()).toBe(0);
  });

  it('is refused in multipart form data too', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(buyerForm(1))) form.append(k, v);
    form.append('terms', 'on');
    const res = await t.request('/e/dinner/checkout', { method: 'POST', headers: { origin: ORIGIN }, body: form });
    expect(res.status).toBe(400);
    expect(await orderCount()).toBe(0);
  });

  it('a field named __proto__ is just an unknown field', async () => {
    const body = `${new URLSearchParams(buyerForm(1)).toString()}&__proto__=x`;
    const res = await t.request('/e/dinner/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body,
    });
    expect(res.status).toBe(303);
    expect(await orderCount()).toBe(1);
  });
});
