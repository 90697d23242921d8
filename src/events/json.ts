import { cancellationOf } from './policy';
import type { Event } from './service';

/**
 * An event as the admin API answers it: the row's columns (times in ms, as always), except the seat policies,
 * which follow DESIGN.md's contract: transferUntil as ISO text or null, cancellation as one object or null.
 */
export function eventJson(e: Event) {
  const { cancelUntilDays: _d, cancelRefundPercent: _p, transferUntil, ...rest } = e;
  return {
    ...rest,
    transferUntil: transferUntil === null ? null : new Date(transferUntil).toISOString(),
    cancellation: cancellationOf(e),
  };
}
