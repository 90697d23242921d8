import { and, asc, desc, eq, lte, type SQL, sql } from 'drizzle-orm';
import { outbox } from '../db/schema';
import type { Deps } from '../deps';
import { newId } from '../lib/crypto';
import { errorText } from '../lib/log-safe';
import type { MailAttachment } from './mailer';

export interface OutgoingMail {
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

/**
 * An INSERT for the outbox that only happens when `condition` holds, so it can ride in the same
 * batch as the change that causes the mail; the dedupe key makes a replay insert nothing.
 */
export function queueMailSql(mail: OutgoingMail, now: number, condition: SQL): SQL {
  return sql`INSERT INTO outbox (id, dedupe_key, "to", subject, text, html, attachments, status, attempts, next_attempt_at, created_at)
    SELECT ${newId()}, ${mail.dedupeKey}, ${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html}, ${JSON.stringify(mail.attachments)},
      'pending', 0, ${now}, ${now}
    WHERE ${condition}
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/**
 * A mail the provider refuses itself (Mailer: `permanent`) would be refused forever: after this many tries
 * (about a quarter of an hour of backoff, time to fix a wrong key) it is failed, as the outbox page shows.
 * Outages and rate limits are retried until the mail goes out.
 */
const MAX_REFUSED_ATTEMPTS = 6;

/**
 * Sends what is due. Each mail is first leased by a conditional UPDATE so two runners
 * (cron and a request's background task) never send the same mail at once.
 */
export async function deliverOutbox(deps: Deps, limit = 20): Promise<{ sent: number; failed: number }> {
  const mailer = deps.mailer;
  // no provider (production without RESEND_API_KEY): the mails wait, pending, until one is configured
  if (!mailer) return { sent: 0, failed: 0 };
  const now = deps.clock.now();
  const due = await deps.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(limit);
  let sent = 0;
  let failed = 0;
  for (const mail of due) {
    const lease = await deps.db
      .update(outbox)
      .set({ nextAttemptAt: now + LEASE_MS })
      .where(and(eq(outbox.id, mail.id), eq(outbox.status, 'pending'), eq(outbox.nextAttemptAt, mail.nextAttemptAt)));
    if (lease.rowsAffected !== 1) continue;
    try {
      const { providerId } = await mailer.send({
        id: mail.id,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: JSON.parse(mail.attachments),
      });
      await deps.db
        .update(outbox)
        .set({ status: 'sent', sentAt: deps.clock.now(), providerId, attempts: mail.attempts + 1, lastError: null })
        .where(eq(outbox.id, mail.id));
      sent++;
    } catch (err) {
      const attempts = mail.attempts + 1;
      const backoff = Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** (attempts - 1));
      const refused = (err as { permanent?: boolean }).permanent && attempts >= MAX_REFUSED_ATTEMPTS;
      await deps.db
        .update(outbox)
        .set({
          status: refused ? 'failed' : 'pending',
          attempts,
          nextAttemptAt: deps.clock.now() + backoff,
          lastError: String((err as Error).message).slice(0, 500),
        })
        .where(eq(outbox.id, mail.id));
      deps.log.error(refused ? 'mail failed for good' : 'mail not sent', {
        mailId: mail.id,
        attempts,
        error: errorText(err),
      });
      failed++;
    }
  }
  return { sent, failed };
}

export async function listOutbox(deps: Deps, limit = 100) {
  return deps.db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
}

export async function getOutboxMail(deps: Deps, id: string) {
  return deps.db.query.outbox.findFirst({ where: eq(outbox.id, id) });
}
