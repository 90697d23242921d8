import { count } from 'drizzle-orm';
import { greetings } from '../../src/db/schema';
import {
  type CheckinApp,
  nonce,
  pairPhone,
  type RosterResponse,
  type RosterTicketJson,
  sellTicket,
} from '../checkin/setup';
import { createDinner } from '../helpers';

export type Phone = Awaited<ReturnType<typeof pairPhone>>;

export type GreetBody = {
  nonce?: string;
  kind?: 'greet' | 'ungreet';
  ticketId: string;
  deviceTime?: number;
  note?: string;
};

export type GreetResult = {
  nonce: string;
  result: string;
  ticketId?: string;
  name?: string;
  greetedAt?: number;
  greetedBy?: string;
};
export type GreetedTicket = RosterTicketJson & { greetedAt: number | null; greetedBy: string | null };
export type GreetedRoster = Omit<RosterResponse, 'tickets'> & { tickets: GreetedTicket[] };
export type GreetResponse = { results: GreetResult[]; roster?: GreetedRoster };

/** The roster as the phone reads it, typed with the greeting fields. */
export const roster = async (phone: Phone, since?: string) => (await phone.roster(since)) as GreetedRoster;

/** Greetings with defaults filled in: a fresh nonce, kind greet, device time = server now. */
export async function greet(c: CheckinApp, phone: Phone, list: GreetBody[], since?: string) {
  const items = list.map((g) => ({ nonce: nonce(), kind: 'greet', deviceTime: c.clock.now(), ...g }));
  const res = await phone.post('/greetings', since ? { greetings: items, since } : { greetings: items });
  if (res.status !== 200) throw new Error(`greeting failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as GreetResponse;
}

export const greetingRows = async (c: CheckinApp) => (await c.deps.db.select({ n: count() }).from(greetings))[0]!.n;

/** A dinner with `n` sold tickets and three paired phones: the door and two hosts in the room. */
export async function dinnerWithGuests(c: CheckinApp, n: number) {
  const event = await createDinner(c);
  const sold = [];
  for (let i = 0; i < n; i++) sold.push(await sellTicket(c, i));
  const door = await pairPhone(c, event.id, 'Door');
  const anna = await pairPhone(c, event.id, 'Anna');
  const ben = await pairPhone(c, event.id, 'Ben');
  return { event, sold, door, anna, ben };
}
