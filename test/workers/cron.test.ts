/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * The Worker's cron trigger (`scheduled`, every two minutes by wrangler.toml's [triggers]) does the timed work in workerd: a hold past
 * its time is released, a mail due for another try goes out, and an event past its retention deadline loses its
 * guests' personal data. Each effect is set up so that only the timed work can bring it about.
 */

import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/worker';
import { buyTicket, createDinner, db, holdSeat } from './guests';
import { sessionIdOf } from './stripe';

const DAY = 86_400_000;

describe('the cron trigger in workerd', () => {
  it('releases lapsed holds, sends due mail and erases data past retention', async () => {
    const client = db();
    const q = async (sql: string, ...args: (string | number)[]) => (await client.execute({ sql, args })).rows;
    const now = Date.now();

    // a seat held on a Stripe page the guest left: its hold ran out a minute ago
    const held = await createDinner('Hold Dinner', 1);
    const session = sessionIdOf(await holdSeat(held.slug, { name: 'Hanna Hold', email: 'hanna@example.com' }));
    const [hold] = await q('SELECT id, status FROM orders WHERE event_id = ?', held.id);
    expect(hold).toMatchObject({ status: 'held' });
    expect(session).not.toBe('');
    await q('UPDATE orders SET hold_expires_at = ? WHERE id = ?', now - 60_000, String(hold!.id));

    // a mail whose first try failed, due again now
    const mailId = `mail-${crypto.randomUUID()}`;
    await q(
      `INSERT INTO outbox (id, dedupe_key, "to", subject, text, html, status, attempts, next_attempt_at, last_error, created_at)
       VALUES (?1, ?1, 'retry@example.com', 'Dein Ticket', 'Ticket', '<p>Ticket</p>', 'pending', 1, ?2, 'timeout', ?2)`,
      mailId,
      now - 1_000,
    );

    // a dinner that ended 100 days ago, with the default retention of 90 days
    const past = await createDinner('Past Dinner');
    const rita = await buyTicket(past.slug, { name: 'Rita Retention', email: 'rita@example.com', consentHost: true });
    await q(
      'UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?',
      now - 100 * DAY - 4 * 3600_000,
      now - 100 * DAY,
      past.id,
    );

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: '*/2 * * * *' }), env as never, ctx);
    await waitOnExecutionContext(ctx);

    expect(await q('SELECT status FROM orders WHERE id = ?', String(hold!.id))).toMatchObject([{ status: 'expired' }]);
    expect(await q('SELECT status, attempts FROM outbox WHERE id = ?', mailId)).toMatchObject([
      { status: 'sent', attempts: 2 },
    ]);
    const [ticket] = await q('SELECT name, email, anonymized_at FROM tickets WHERE id = ?', rita.ticketId);
    expect(JSON.stringify(ticket)).not.toMatch(/Rita|rita@/);
    expect(ticket!.anonymized_at).toEqual(expect.any(Number));
    expect(
      await q("SELECT reason FROM deletion_log WHERE event_id = ? AND reason = 'retention'", past.id),
    ).toHaveLength(1);
    client.close();
  });
});
