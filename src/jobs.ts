import { sql } from 'drizzle-orm';
import type { Deps } from './deps';
import { deliverOutbox } from './mail/outbox';
import { retryDueRefunds } from './orders/refund';
import { queueExchangeMails } from './privacy/after-mail';
import { runRetention } from './privacy/retention';
import { fillAllSeats } from './waitlist/offers';

/**
 * Timed work, run by the cron trigger on Workers and by an interval on Node. Each run logs what it did, in counts
 * only (no ids, no personal data), so an operator sees in `wrangler tail` or the Node log that the cron runs.
 */
export async function runTimedWork(deps: Deps, options: { logIdle?: boolean } = {}) {
  const started = Date.now();
  const now = deps.clock.now();
  // Holds past their time already count as free; marking them keeps the organizer's list honest.
  const expired = await deps.db.run(
    sql`UPDATE orders SET status = 'expired', updated_at = ${now} WHERE status = 'held' AND hold_expires_at <= ${now}`,
  );
  // Seats freed by lapsed holds and offers go down the waitlists, before the mail below goes out.
  const offers = await fillAllSeats(deps);
  // Retention first: an event past its deadline must not get an after-dinner mail queued.
  const retention = await runRetention(deps);
  const exchangeMails = await queueExchangeMails(deps);
  const mail = await deliverOutbox(deps);
  const refundsRetried = await retryDueRefunds(deps);
  const done = { expiredHolds: expired.rowsAffected, offers, retention, exchangeMails, ...mail, refundsRetried };
  const idle =
    done.expiredHolds + offers + retention.events + exchangeMails + mail.sent + mail.failed + refundsRetried === 0;
  // Node's interval (every 15 s) stays quiet when there was nothing to do; the Workers cron says so every run
  if (!idle || options.logIdle !== false)
    deps.log.info('timed work', {
      holdsExpired: done.expiredHolds,
      waitlistOffers: offers,
      retentionEvents: retention.events,
      retentionRows: retention.rows,
      exchangeMailsQueued: exchangeMails,
      mailsSent: mail.sent,
      mailsFailed: mail.failed,
      mailProvider: deps.mailer?.kind ?? 'none',
      refundsRetried,
      ms: Date.now() - started,
    });
  return done;
}
