import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema';
import { runTimedWork } from '../../src/jobs';
import { queueMailSql } from '../../src/mail/outbox';
import { login } from '../admin/session';
import { createDinner, makeTestApp, type TestApp } from '../helpers';

// Production without RESEND_API_KEY: nobody sends mail. The mails must stay queued (not "sent" by the development
// outbox), /api/health must say so, and every organizer page must tell the organizer.
const apps: TestApp[] = [];
afterEach(() => {
  for (const t of apps.splice(0)) t.close();
});
async function app(env: Record<string, string>) {
  const t = await makeTestApp(env);
  apps.push(t);
  return t;
}
const health = async (t: TestApp) => (await t.request('/api/health')).json();
const NOTICE_DE = 'Der Mailversand ist nicht eingerichtet';
const NOTICE_EN = 'Mail is not set up';

describe('mail without a provider', () => {
  it('in production: mails stay pending through the timed work, and /api/health answers mail "none"', async () => {
    const t = await app({ ENVIRONMENT: 'production' });
    expect(t.deps.mailer).toBeNull();
    expect(await health(t)).toEqual({ ok: true, payments: 'none', mail: 'none', db: 'ok' });
    const mail = { dedupeKey: 'k1', to: 'anna@example.com', subject: 'Ticket', text: 't', html: 'h', attachments: [] };
    await t.deps.db.run(queueMailSql(mail, t.clock.now(), sql`1`));
    const logged: { msg: string; fields?: Record<string, unknown> }[] = [];
    t.deps.log = {
      info: (msg, fields) => logged.push({ msg, fields }),
      error: (msg, fields) => logged.push({ msg, fields }),
    };
    for (let i = 0; i < 3; i++) {
      expect(await runTimedWork(t.deps)).toMatchObject({ sent: 0, failed: 0 });
      t.clock.advance(3_600_000);
    }
    const [row] = await t.deps.db.select().from(outbox);
    expect(row).toMatchObject({ status: 'pending', attempts: 0, providerId: null, sentAt: null });
    // each run says what it did, in counts, naming no one
    expect(logged).toHaveLength(3);
    expect(logged[0]).toEqual({
      msg: 'timed work',
      fields: expect.objectContaining({ holdsExpired: 0, mailsSent: 0, mailsFailed: 0, mailProvider: 'none' }),
    });
    expect(JSON.stringify(logged)).not.toContain('anna@example.com');
  });

  it('in production: every organizer page says mail is not set up, in German and English', async () => {
    const t = await app({ ENVIRONMENT: 'production' });
    const event = await createDinner(t);
    const login1 = await t.request('/admin/login');
    expect(await login1.text()).toContain(NOTICE_DE);
    const s = await login(t);
    for (const path of [
      '/admin',
      '/admin/outbox',
      `/admin/events/${event.id}`,
      `/admin/events/${event.id}/checkin`,
      `/admin/events/${event.id}/greetings`,
      `/admin/events/${event.id}/contacts`,
    ]) {
      const de = await s.get(path);
      expect(de.status, path).toBe(200);
      const html = await de.text();
      expect(html, path).toContain(NOTICE_DE);
      expect(html, path).toMatch(/<main><p class="msg error" id="mail-not-configured">/);
      expect(await (await s.get(`${path}${path.includes('?') ? '&' : '?'}lang=en`)).text(), path).toContain(NOTICE_EN);
    }
    // JSON and other answers are left alone
    expect((await t.adminJson(`/events/${event.id}`)).headers.get('content-type')).toContain('application/json');
  });

  it('names the provider otherwise: "resend" with a key, "dev" outside production; no notice then', async () => {
    const resend = await app({ ENVIRONMENT: 'production', RESEND_API_KEY: 're_x', MAIL_FROM: 'klick <t@example.com>' });
    expect(await health(resend)).toMatchObject({ mail: 'resend' });
    expect(await (await resend.request('/admin/login')).text()).not.toContain(NOTICE_DE);
    const dev = await app({});
    expect(await health(dev)).toMatchObject({ mail: 'dev' });
    expect(await (await dev.request('/admin/login')).text()).not.toContain(NOTICE_DE);
  });
});
