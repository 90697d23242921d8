import type { Event } from './service';

export const DAY_MS = 86_400_000;

export interface Cancellation {
  untilDaysBefore: number;
  refundPercent: number;
}

/** null: the dinner is not cancellable (the default: a paid seat is a commitment). */
export function cancellationOf(e: Pick<Event, 'cancelUntilDays' | 'cancelRefundPercent'>): Cancellation | null {
  if (e.cancelUntilDays === null || e.cancelRefundPercent === null) return null;
  return { untilDaysBefore: e.cancelUntilDays, refundPercent: e.cancelRefundPercent };
}

/** The last moment a guest may cancel, or null when the dinner is not cancellable. */
export function cancelDeadline(e: Event): number | null {
  const c = cancellationOf(e);
  return c ? e.startsAt - c.untilDaysBefore * DAY_MS : null;
}

export function canCancel(e: Event, now: number): boolean {
  const deadline = cancelDeadline(e);
  return deadline !== null && e.status !== 'cancelled' && now < deadline;
}

/** The refund on a guest's cancellation, rounded down to the cent: the fee kept is never less than stated. */
export function cancelRefundCents(e: Event, amountCents: number): number {
  const c = cancellationOf(e);
  return c ? Math.floor((amountCents * c.refundPercent) / 100) : 0;
}

/** Passing a ticket on: up to the organizer's cut-off, never once the dinner is over or called off. */
export function canTransfer(e: Event, now: number): boolean {
  return e.transferUntil !== null && now < e.transferUntil && now < e.endsAt && e.status !== 'cancelled';
}

/** The end of sales: the sales close time, else the start of the dinner. */
export const salesEnd = (e: Pick<Event, 'salesCloseAt' | 'startsAt'>) => e.salesCloseAt ?? e.startsAt;
