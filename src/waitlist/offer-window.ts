import { DAY_MS, salesEnd } from '../events/policy';
import type { Event } from '../events/service';

const HOUR_MS = 3_600_000;

/**
 * When an offer made now lapses: the dinner's offer hours, shortened as the end of sales comes close (at most
 * 6 h in its last three days, 2 h in its last day, so a freed seat can still go down the line a few times), and
 * never past the end of sales.
 */
export function offerExpiry(e: Pick<Event, 'offerHours' | 'salesCloseAt' | 'startsAt'>, now: number): number {
  const end = salesEnd(e);
  const left = end - now;
  let hours = e.offerHours;
  if (left < DAY_MS) hours = Math.min(hours, 2);
  else if (left < 3 * DAY_MS) hours = Math.min(hours, 6);
  return Math.min(now + hours * HOUR_MS, end);
}

/** Offers are made while the dinner is on sale and its sales have not ended. */
export const offersOpen = (e: Pick<Event, 'status' | 'salesCloseAt' | 'startsAt' | 'endsAt'>, now: number) =>
  e.status === 'on_sale' && now < salesEnd(e) && now < e.endsAt;
