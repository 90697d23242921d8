import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSessions } from '../../src/db/schema';
import type { Log } from '../../src/deps';
import { errorText } from '../../src/lib/log-safe';
import { holdSeatVia, orderRow, payVia } from '../flow';
import { buyerForm, createDinner, makeTestApp, ORIGIN, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
  await createDinner(t);
});
afterEach(() => t.close());

const demoPost = (sessionId: string, action: string, lang = 'de') =>
  t.request(`/demo/checkout/${sessionId}/${action}?lang=${lang}`, { method: 'POST', headers: { origin: ORIGIN } });

describe('demo checkout actions', () => {
  for (const action of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    it(`/${action} is an unknown action: 404, nothing changes`, async () => {
      const { order, sessionId } = await holdSeatVia(t);
      const res = await demoPost(sessionId, action);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Nicht gefunden.');
      expect((await orderRow(t, order.id)).status).toBe('held');
      expect((await t.deps.db.query.demoSessions.findFirst({ where: eq(demoSessions.id, sessionId) }))!.status).toBe(
        'open',
      );
    });
  }

  it('has a language switch, like every other guest page', async () => {
    const { sessionId } = await holdSeatVia(t);
    const de = await (await t.request(`/demo/checkout/${sessionId}`)).text();
    expect(de).toContain(`href="/demo/checkout/${sessionId}?lang=en"`);
    expect(de).toContain('>English</a>');
    const en = await (await t.request(`/demo/checkout/${sessionId}?lang=en`)).text();
    expect(en).toContain('Pay (card)');
    expect(en).toContain('>Deutsch</a>');
  });
});

describe('the done page', () => {
  it('has a language switch', async () => {
    const { order, sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    const html = await (await t.request(`/orders/${order.id}/done`)).text();
    expect(html).toContain(`href="/orders/${order.id}/done?lang=en"`);
    expect(await (await t.request(`/orders/${order.id}/done?lang=en`)).text()).toContain('Thank you!');
  });
});

describe('error pages speak the reader’s language', () => {
  it('a finished demo session (409) in German and English, never the English log message', async () => {
    const { sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    const de = await demoPost(sessionId, 'pay');
    expect(de.status).toBe(409);
    const html = await de.text();
    expect(html).toContain('Das ist nicht (mehr) möglich.');
    expect(html).not.toContain('This demo session is');
    expect(await (await demoPost(sessionId, 'pay', 'en')).text()).toContain('That is not possible (any more).');
  });

  it('an oversized form (413), an unreadable form (400) and an unknown page (404)', async () => {
    const big = await t.postForm('/e/dinner/checkout', buyerForm(1, { askMeAbout: 'x'.repeat(100_000) }));
    expect(big.status).toBe(413);
    const bigHtml = await big.text();
    expect(bigHtml).toContain('Es wurden zu viele Daten gesendet.');
    expect(bigHtml).not.toContain('Body too large');
    const broken = await t.request('/e/dinner/checkout?lang=en', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', origin: ORIGIN },
      body: 'not multipart',
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('The request is not valid.');
    const missing = await t.request('/e/nope');
    expect(missing.status).toBe(404);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain('Nicht gefunden.');
    expect(missingHtml).not.toContain('No such event');
  });
});

describe('logs keep capability links and personal data out', () => {
  it('an unhandled error logs the route pattern, not the path with the ticket token', async () => {
    const { sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    const ticket = (await t.deps.db.query.tickets.findFirst())!;
    const lines: string[] = [];
    const log: Log = { info: () => {}, error: (msg, fields) => lines.push(JSON.stringify({ msg, ...fields })) };
    t.deps.log = log;
    await t.deps.db.run(sql`ALTER TABLE tickets RENAME TO tickets_gone`);
    const res = await t.request(`/t/${ticket.token}`);
    expect(res.status).toBe(500);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'unhandled error', route: '/t/:token' });
    expect(lines[0]).not.toContain(ticket.token);
  });

  it('a driver error is logged without the query parameters drizzle lists in its message', async () => {
    const err = await t.deps.db
      .run(sql`SELECT * FROM no_such_table WHERE email = ${'anna@example.com'} AND name = ${'Anna Muster'}`)
      .catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain('anna@example.com');
    const text = errorText(err);
    expect(text).toContain('no such table');
    expect(text).not.toContain('anna@example.com');
    expect(text).not.toContain('Anna Muster');
    expect(errorText(new Error('Resend rejected mail m1: HTTP 422: invalid to anna@example.com'))).toBe(
      'Resend rejected mail m1: HTTP 422: invalid to <email>',
    );
  });
});
