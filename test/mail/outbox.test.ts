import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema';
import { runTimedWork } from '../../src/jobs';
import type { Mail, Mailer } from '../../src/mail/mailer';
import { deliverOutbox } from '../../src/mail/outbox';
import { createResendMailer } from '../../src/mail/resend-mailer';
import { login } from '../admin/session';
import { holdSeatVia, orderRow, payVia } from '../flow';
import { createDinner, makeTestApp, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
  await createDinner(t);
});
afterEach(() => t.close());

/** A mailer that fails the first `failures` sends, then records what it sends. */
function flakyMailer(failures: number) {
  const sent: Mail[] = [];
  let calls = 0;
  const mailer: Mailer = {
    kind: 'dev',
    async send(mail) {
      calls++;
      if (calls <= failures) throw new Error('provider down');
      sent.push(mail);
      return { providerId: `p-${calls}` };
    },
  };
  return { mailer, sent, calls: () => calls };
}

describe('mail outbox', () => {
  it('retries with growing pauses until the mail goes out, once', async () => {
    const flaky = flakyMailer(2);
    t.deps.mailer = flaky.mailer;
    const { sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    await new Promise((r) => setTimeout(r, 50));
    let [row] = await t.deps.db.select().from(outbox);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'provider down' });
    expect(await deliverOutbox(t.deps)).toEqual({ sent: 0, failed: 0 });
    t.clock.advance(31_000);
    expect(await deliverOutbox(t.deps)).toEqual({ sent: 0, failed: 1 });
    t.clock.advance(61_000);
    expect(await deliverOutbox(t.deps)).toEqual({ sent: 1, failed: 0 });
    [row] = await t.deps.db.select().from(outbox);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, providerId: 'p-3' });
    t.clock.advance(3_600_000);
    expect(await deliverOutbox(t.deps)).toEqual({ sent: 0, failed: 0 });
    expect(flaky.sent).toHaveLength(1);
    expect(flaky.sent[0]!.attachments[0]!.filename).toBe('ticket.ics');
  });

  it('two runners at once send each mail once', async () => {
    const flaky = flakyMailer(0);
    t.deps.mailer = {
      kind: 'dev',
      send: async (m) => {
        await new Promise((r) => setTimeout(r, 20));
        return flaky.mailer.send(m);
      },
    };
    for (let i = 0; i < 3; i++) {
      const { sessionId } = await holdSeatVia(t, i);
      await payVia(t, sessionId);
    }
    await Promise.all([deliverOutbox(t.deps), deliverOutbox(t.deps), runTimedWork(t.deps)]);
    await new Promise((r) => setTimeout(r, 100));
    expect(flaky.sent.map((m) => m.to).sort()).toEqual([
      'guest0@example.com',
      'guest1@example.com',
      'guest2@example.com',
    ]);
  });

  it('the timed work marks lapsed holds expired', async () => {
    const { order } = await holdSeatVia(t);
    t.clock.advance(37 * 60_000);
    expect((await runTimedWork(t.deps)).expiredHolds).toBe(1);
    expect((await orderRow(t, order.id)).status).toBe('expired');
  });
});

/** A stand-in for Resend's API that answers every send with one status. */
async function fakeResend(status: number) {
  let sends = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      sends++;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: 'validation_error', message: 'The to address is not valid.' }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sends: () => sends,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

describe('mails the provider refuses', () => {
  /** Pays for a seat and waits for the webhook's own background delivery to finish its first try. */
  async function paidWithFirstTry() {
    const { sessionId } = await holdSeatVia(t);
    await payVia(t, sessionId);
    for (let i = 0; i < 100; i++) {
      const [row] = await t.deps.db.select().from(outbox);
      if (row && row.attempts > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the background delivery did not run');
  }

  /** Runs the outbox `runs` times, each after the mail's backoff has passed. */
  async function deliverRepeatedly(runs: number) {
    for (let i = 0; i < runs; i++) {
      t.clock.advance(3_600_000);
      await deliverOutbox(t.deps);
    }
    return (await t.deps.db.select().from(outbox))[0]!;
  }

  it('a permanent refusal (422) ends failed after a bounded number of tries, and stays failed', async () => {
    const resend = await fakeResend(422);
    try {
      t.deps.mailer = createResendMailer({ apiKey: 're_test', apiUrl: resend.url, from: 'klick <t@klick.test>' });
      await paidWithFirstTry();
      const row = await deliverRepeatedly(10);
      expect(row).toMatchObject({ status: 'failed', attempts: 6 });
      expect(row.lastError).toContain('HTTP 422');
      expect(resend.sends()).toBe(6);
      expect(await deliverRepeatedly(3)).toMatchObject({ status: 'failed', attempts: 6 });
      expect(resend.sends()).toBe(6);
      const admin = await login(t);
      expect(await (await admin.get('/admin/outbox')).text()).toContain('<td>Fehlgeschlagen</td>');
    } finally {
      await resend.close();
    }
  });

  it('a mail that could not be sent keeps the cause the runtime gave, to show in the outbox', async () => {
    t.deps.mailer = createResendMailer({
      apiKey: 're_test',
      apiUrl: 'https://resend.invalid',
      from: 'klick <t@klick.test>',
      fetch: () => Promise.reject(new TypeError('Network connection lost.')),
    });
    await paidWithFirstTry();
    const [row] = await t.deps.db.select().from(outbox);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toMatch(/failed: TypeError: Network connection lost\.$/);
  });

  for (const status of [429, 503]) {
    it(`a passing problem (${status}) keeps being retried`, async () => {
      const resend = await fakeResend(status);
      try {
        t.deps.mailer = createResendMailer({ apiKey: 're_test', apiUrl: resend.url, from: 'klick <t@klick.test>' });
        await paidWithFirstTry();
        const row = await deliverRepeatedly(9);
        expect(row.status).toBe('pending');
        expect(row.attempts).toBeGreaterThanOrEqual(9);
      } finally {
        await resend.close();
      }
    });
  }
});
