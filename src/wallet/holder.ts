import type { Event } from '../events/service';
import type { Lang } from '../lib/i18n';
import type { Ticket } from '../tickets/service';

/** What both wallets show of a ticket: one place, so a change to how names are kept changes both passes. */
export interface PassInput {
  event: Event;
  ticket: Pick<Ticket, 'id' | 'name' | 'qrSecret'>;
  ticketUrl: string;
  lang: Lang;
  now: number;
  /** the venue's coordinates, when known: Wallet then shows the pass on the lock screen near the venue */
  location?: { latitude: number; longitude: number } | null;
}

export const holderName = (ticket: PassInput['ticket']) => ticket.name;

/** Who issues the pass, as Wallet names it: the dinner's host, else klick. */
export const issuerName = (event: Event) => event.hostName || 'klick';

export const venueLine = (event: Event) => [event.venue, event.address].filter(Boolean).join(', ');

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
