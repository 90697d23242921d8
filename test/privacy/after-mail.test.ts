import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orders, outbox } from '../../src/db/schema';
import { runTimedWork } from '../../src/jobs';
import { retentionDeadline } from '../../src/privacy/retention';
import type { Ticket } from '../../src/tickets/service';
import { ORIGIN } from '../helpers';
import { type Dinner, ENDS, makeDinner } from './setup';

let d: Dinner;
let anna: Ticket;
let ben: Ticket;
let absent: Ticket;

beforeEach(async () => {
  d = await makeDinner();
  anna = await d.sell({ name: 'Anna Deutsch' });
  ben = await d.sell({ name: 'Ben English' });
  // Ben bought on the English page: the order keeps the buyer's language.
  await d.deps.db.update(orders).set({ locale: 'en' }).where(eq(orders.id, ben.orderId));
  absent = await d.sell({ name: 'Absent Guest' });
  d.duringDinner();
  await d.checkIn(anna, ben);
});
afterEach(() => d.close());

const exchangeMails = async () =>
  (await d.deps.db.select().from(outbox)).filter((m) => m.dedupeKey.startsWith('exchange:'));

describe('the after-dinner mail', () => {
  it('is not queued while the dinner is still on', async () => {
    d.clock.set(ENDS - 1);
    await runTimedWork(d.deps);
    expect(await exchangeMails()).toEqual([]);
  });

  it('goes once to each guest who was there, in their language, with only their own link', async () => {
    d.clock.set(ENDS);
    await runTimedWork(d.deps);
    d.clock.advance(10 * 60_000);
    await runTimedWork(d.deps);
    const mails = await exchangeMails();
    expect(mails.map((m) => m.dedupeKey).sort()).toEqual([`exchange:${anna.id}`, `exchange:${ben.id}`].sort());
    const toAnna = mails.find((m) => m.to === anna.email)!;
    expect(toAnna.subject).toBe('Nach dem Dinner: die Gäste von Network Dinner Frankfurt');
    expect(toAnna.text).toContain(`${ORIGIN}/t/${anna.token}`);
    expect(toAnna.html).toContain(`href="${ORIGIN}/t/${anna.token}"`);
    const toBen = mails.find((m) => m.to === ben.email)!;
    expect(toBen.subject).toBe('After the dinner: the guests of Network Dinner Frankfurt');
    expect(toBen.status).toBe('sent');
    // Nothing about anyone else is in a mail: just the guest's own link.
    for (const m of mails) {
      const other = m.to === anna.email ? ben : anna;
      expect(`${m.text}${m.html}`).not.toContain(other.name);
      expect(`${m.text}${m.html}`).not.toContain(other.token);
    }
    expect(mails.some((m) => m.to === absent.email)).toBe(false);
  });

  it('is not sent for a cancelled dinner, nor after the data is gone', async () => {
    expect((await d.adminJson(`/events/${d.event.id}/cancel`, 'POST')).status).toBe(200);
    d.clock.set(ENDS + 60_000);
    await runTimedWork(d.deps);
    expect(await exchangeMails()).toEqual([]);

    const e = await makeDinner();
    const t = await e.sell();
    e.duringDinner();
    await e.checkIn(t);
    e.clock.set(retentionDeadline(ENDS, 90) + 1);
    await runTimedWork(e.deps);
    expect((await e.deps.db.select().from(outbox)).filter((m) => m.dedupeKey.startsWith('exchange:'))).toEqual([]);
    e.close();
  });
});
