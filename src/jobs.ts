import { sql } from 'drizzle-orm';
import type { Deps } from './deps';
import { deliverOutbox } from './mail/outbox';
import { retryDueRefunds } from './orders/refund';
import { queueExchangeMails } from './privacy/after-mail';
import { runRetention } from './privacy/retention';
import { fillAllSeats } from './waitlist/offers';

/** Timed work, run by the cron trigger on Workers and by an interval on Node. */
export async function runTimedWork(deps: Deps) {
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
  return { expiredHolds: expired.rowsAffected, offers, retention, exchangeMails, ...mail, refundsRetried };
}
