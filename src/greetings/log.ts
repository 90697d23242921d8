import { sql } from 'drizzle-orm';
import { ticketsWithState } from '../checkin/roster';
import type { Deps } from '../deps';
import { type Event, getEvent } from '../events/service';
import { pace } from './pace';
import { currentGreetingId, isSecondGreeting } from './state';

export interface TimelineEntry {
  ticketId: string;
  name: string;
  company: string;
  greetedAt: number;
  greetedBy: string | null;
  /** null: greeted, but no check-in has reached the server (see the rule in record.ts) */
  checkedInAt: number | null;
}

export interface SecondGreeting {
  ticketId: string;
  name: string;
  greetedAt: number;
  greetedBy: string | null;
  /** the greeting that counts */
  firstAt: number;
  firstBy: string | null;
}

export interface GuestRef {
  ticketId: string;
  name: string;
  company: string;
  checkedInAt: number | null;
}

export interface GreetingLog {
  eventId: string;
  timezone: string;
  /** present: checked in or greeted; greeted out of present is the host's n / N */
  counts: { paid: number; present: number; checkedIn: number; greeted: number };
  timeline: TimelineEntry[];
  duplicates: SecondGreeting[];
  firstAt: number | null;
  lastAt: number | null;
  durationSeconds: number | null;
  secondsPerGuest: number | null;
  checkedInNotGreeted: GuestRef[];
  /** paid (valid ticket), not checked in and not greeted: a greeted guest was there, scan or not */
  noShows: GuestRef[];
}

type SecondRow = {
  ticket_id: string;
  name: string;
  greeted_at: number;
  greeted_by: string | null;
  first_at: number;
  first_by: string | null;
};

/**
 * The organizer's handshake log, derived from the same rules the phones see (state.ts): who was
 * greeted when and by which phone, the second greetings, the pace, and who was missed. Only valid
 * tickets count: a refunded seat is neither a guest to greet nor a no-show.
 */
export async function getGreetingLog(deps: Deps, eventId: string): Promise<{ event: Event; log: GreetingLog }> {
  const event = await getEvent(deps, eventId);
  const tickets = (await ticketsWithState(deps, event.id)).filter((t) => t.status === 'valid');
  const ref = (t: (typeof tickets)[number]): GuestRef => ({
    ticketId: t.id,
    name: t.name,
    company: t.company,
    checkedInAt: t.checkedInAt,
  });
  const timeline = tickets
    .flatMap((t) => (t.greetedAt === null ? [] : [{ ...ref(t), greetedAt: t.greetedAt, greetedBy: t.greetedBy }]))
    .sort((a, b) => a.greetedAt - b.greetedAt || a.ticketId.localeCompare(b.ticketId));
  const checkedInNotGreeted = tickets
    .filter((t) => t.checkedInAt !== null && t.greetedAt === null)
    .sort((a, b) => (a.checkedInAt ?? 0) - (b.checkedInAt ?? 0))
    .map(ref);
  const noShows = tickets.filter((t) => t.checkedInAt === null && t.greetedAt === null).map(ref);
  const seconds = await deps.db.all<SecondRow>(sql`
    SELECT g.ticket_id, t.name, g.device_time AS greeted_at, d.name AS greeted_by,
      k.device_time AS first_at, kd.name AS first_by
    FROM greetings g
    JOIN tickets t ON t.id = g.ticket_id AND t.status = 'valid'
    JOIN greetings k ON k.id = ${currentGreetingId('t')}
    LEFT JOIN devices d ON d.id = g.device_id
    LEFT JOIN devices kd ON kd.id = k.device_id
    WHERE g.event_id = ${event.id} AND ${isSecondGreeting('g', 't')}
    ORDER BY g.device_time, g.id`);
  const checkedIn = tickets.filter((t) => t.checkedInAt !== null).length;
  const present = tickets.length - noShows.length;
  // The same pace function as the phone's, so the organizer and the host read the same figures.
  const p = pace({ greetedAt: timeline.map((e) => e.greetedAt), checkedIn: present, now: deps.clock.now() });
  const log: GreetingLog = {
    eventId: event.id,
    timezone: event.timezone,
    counts: { paid: tickets.length, present, checkedIn, greeted: timeline.length },
    timeline,
    duplicates: seconds.map((r) => ({
      ticketId: r.ticket_id,
      name: r.name,
      greetedAt: Number(r.greeted_at),
      greetedBy: r.greeted_by,
      firstAt: Number(r.first_at),
      firstBy: r.first_by,
    })),
    firstAt: p.firstAt,
    lastAt: p.lastAt,
    durationSeconds: p.durationSeconds,
    secondsPerGuest: p.secondsPerGuest,
    checkedInNotGreeted,
    noShows,
  };
  return { event, log };
}
