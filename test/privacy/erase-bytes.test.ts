import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTimedWork } from '../../src/jobs';
import { retentionDeadline } from '../../src/privacy/retention';
import type { Ticket } from '../../src/tickets/service';
import { holdSeatVia } from '../flow';
import { type Dinner, makeDinner } from './setup';

/**
 * Erased personal data must not stay readable in the database file: not in a table, not in a freed page or the
 * free space of a page (SQLite leaves both as they were unless told otherwise), not in the WAL. Every value the
 * guest typed is a unique marker, searched for in every table and in the raw bytes of the database, its WAL and
 * its shared-memory index, as UTF-8 and as base64 (the ticket mail's .ics attachment is stored base64).
 */
let d: Dinner;
afterEach(() => d.close());

let phones = 4711;
const guest = (tag: string) => ({
  name: `Zelda ${tag}name Quäxel`,
  email: `zelda.${tag.toLowerCase()}mail@example.com`,
  company: `${tag}company GmbH`,
  role: `${tag}role Chief`,
  phone: `+49 69 ${++phones} 0815`,
  linkedin: `https://www.linkedin.com/in/${tag.toLowerCase()}linkedin`,
  askMeAbout: `${tag}askme sailing`,
});
/** Strings that belong to the guest alone (the phone number is checked in the tables, not as bytes). */
const markers = (g: ReturnType<typeof guest>) => [g.name, g.email, g.company, g.role, g.linkedin, g.askMeAbout];

/** A string as it appears inside base64 text, at each of the three byte alignments. */
function base64Forms(s: string): string[] {
  const bytes = Buffer.from(s, 'utf8');
  return [0, 1, 2].map((pad) => {
    const b64 = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    // drop the characters that mix in the padding before and the unknown bytes after
    const start = Math.ceil((pad * 4) / 3);
    const end = Math.floor(((pad + bytes.length) * 4) / 3);
    return b64.slice(start, end);
  });
}

async function tablesHolding(needles: string[]) {
  const tables = await d.deps.db.all<{ name: string }>(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const rows = await d.deps.db.all(sql.raw(`SELECT * FROM "${name}"`));
    const text = JSON.stringify(rows);
    for (const n of needles) if (text.includes(n)) found.push(`${name}: ${n}`);
  }
  return found;
}

function filesHolding(needles: string[]) {
  const found: string[] = [];
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const file = `${d.dbPath}${suffix}`;
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const n of needles) {
      if (bytes.includes(Buffer.from(n, 'utf8'))) found.push(`klick.db${suffix}: ${n}`);
      for (const b of base64Forms(n))
        if (bytes.includes(Buffer.from(b, 'latin1'))) found.push(`klick.db${suffix}: ${n} (base64)`);
    }
  }
  return found;
}

describe('delete my data leaves no bytes behind', () => {
  let zelda: Ticket;
  let ben: Ticket;
  const z = guest('Erase');
  const b = guest('Keep');

  beforeEach(async () => {
    d = await makeDinner();
    // A first attempt with a typo, replaced by the second one: the cancelled hold holds her data too.
    await holdSeatVia(d, 50, 'dinner', { ...z, name: 'Zelda Typoname Quäxel', company: 'Erasetypo GmbH' });
    zelda = await d.sell({ ...z, consentGuests: 'on' });
    ben = await d.sell({ ...b, consentGuests: 'on' });
    // More traffic after hers, so her pages are not simply the last ones written.
    for (let i = 0; i < 30; i++) await d.sell({ name: `Filler ${i}`, askMeAbout: 'x'.repeat(150) });
    d.duringDinner();
    await d.checkIn(zelda, ben);
    await d.greet(zelda, d.clock.now(), 'Erasenote likes boats');
    d.afterDinner();
    await d.setConsent(ben, 'klick', true);
    await d.setConsent(zelda, 'klick', true);
    expect((await d.klick(zelda, ben)).status).toBe(303);
    expect((await d.klick(ben, zelda)).status).toBe(303);
    await runTimedWork(d.deps); // the after-dinner mails, to both
  });

  it('after the request, her strings are in no table, no page of the file and not in the WAL; Ben’s still are', async () => {
    const hers = [...markers(z), 'Zelda Typoname Quäxel', 'Erasetypo GmbH', 'Erasenote likes boats'];
    // The search finds what is there: before the request, everything of hers is in the tables and the files.
    expect(await tablesHolding(hers)).not.toEqual([]);
    expect(filesHolding(hers).length).toBeGreaterThan(0);

    expect((await d.post(zelda, 'delete', { confirm: 'yes' })).status).toBe(303);

    expect(await tablesHolding([...hers, z.phone])).toEqual([]);
    expect(filesHolding(hers)).toEqual([]);
    // The search would have found Ben's, which stays.
    expect(filesHolding(markers(b)).length).toBeGreaterThan(0);
    expect(await tablesHolding([b.name, b.email])).not.toEqual([]);
    // Her seat is still paid and checked in: the organizer's numbers stay right.
    const stats = (await (await d.adminJson(`/events/${d.event.id}`)).json()) as { stats: { sold: number } };
    expect(stats.stats.sold).toBe(32);
  });
});

/** Fills the dinner: its capacity becomes the seats sold, so a newcomer can only join the waitlist. */
async function soldOut() {
  const { stats } = (await (await d.adminJson(`/events/${d.event.id}`)).json()) as { stats: { sold: number } };
  expect((await d.adminJson(`/events/${d.event.id}`, 'PATCH', { capacity: stats.sold })).status).toBe(200);
}

const joinLine = (g: ReturnType<typeof guest>) =>
  d.postForm('/e/dinner/waitlist', {
    name: g.name,
    email: g.email,
    company: g.company,
    askMeAbout: g.askMeAbout,
    terms: 'on',
  });

const passOn = (from: Ticket, g: ReturnType<typeof guest>) =>
  d.postForm(`/t/${from.token}/transfer`, {
    name: g.name,
    email: g.email,
    company: g.company,
    role: g.role,
    phone: g.phone,
    linkedin: g.linkedin,
    askMeAbout: g.askMeAbout,
  });

const validTicketTo = async (email: string) =>
  (await d.deps.db.query.tickets.findFirst({
    where: sql`email = ${email} AND status = 'valid'`,
  })) as Ticket;

describe('delete my data: the waitlist and a seat passed on leave no bytes behind either', () => {
  it('her place in line (joined twice), the seat passed on to her and both transfer mails: gone; Ben’s stays', async () => {
    d = await makeDinner();
    const z = guest('Erasew');
    const b = guest('Keepw');
    const ben = await d.sell({ ...b, consentGuests: 'on' });
    for (let i = 0; i < 20; i++) await d.sell({ name: `Filler ${i}`, askMeAbout: 'y'.repeat(150) });
    await soldOut();
    // in line, with a company she gives only here; joining again sends the 'already in line' mail
    const inLine = { ...z, company: 'Erasewaitline GmbH' };
    expect((await joinLine(inLine)).status).toBe(303);
    expect((await joinLine(inLine)).status).toBe(303);
    // Ben cannot come and passes his seat on to her: the mail to him names her, the one to her names him
    expect((await passOn(ben, z)).status).toBe(303);
    await runTimedWork(d.deps);
    const zelda = await validTicketTo(z.email);
    expect(zelda.orderId).toBe(ben.orderId);

    // what she may download is what she may delete: her place in line and its mails are in her data
    const data = (await (await d.request(`/t/${zelda.token}/data.json`)).json()) as {
      waitlist: Record<string, unknown>[];
      mails: { subject: string }[];
    };
    expect(data.waitlist).toEqual([
      expect.objectContaining({ company: 'Erasewaitline GmbH', state: 'waiting', createdAt: expect.any(String) }),
    ]);
    expect(data.waitlist[0]).not.toHaveProperty('tokenHash');
    expect(data.mails.filter((m) => m.subject.startsWith('Warteliste'))).toHaveLength(2);
    const hers = [...markers(z), 'Erasewaitline GmbH'];
    expect(await tablesHolding(hers)).toEqual(
      expect.arrayContaining(['waitlist_entries: Erasewaitline GmbH', `outbox: ${z.name}`, `tickets: ${z.email}`]),
    );
    expect(filesHolding(hers).length).toBeGreaterThan(0);

    expect((await d.post(zelda, 'delete', { confirm: 'yes' })).status).toBe(303);

    expect(await tablesHolding([...hers, z.phone])).toEqual([]);
    expect(filesHolding(hers)).toEqual([]);
    // her place in line is given up, the record of it stays without her data
    const entries = await d.deps.db.all<{ state: string; name: string; email: string }>(
      sql`SELECT state, name, email FROM waitlist_entries`,
    );
    expect(entries).toEqual([{ state: 'removed', name: '', email: '' }]);
    // the order is Ben's, bought and paid by him: his data stays, in the tables and in the file
    expect(await tablesHolding([b.name, b.email, b.company])).toEqual(
      expect.arrayContaining([`orders: ${b.name}`, `tickets: ${b.name}`]),
    );
    expect(filesHolding([b.name, b.company]).length).toBeGreaterThan(0);
    const history = (await (await d.adminJson(`/orders/${ben.orderId}/history`)).json()) as {
      holders: { name: string; status: string }[];
    };
    expect(history.holders.map((h) => [h.name, h.status])).toEqual([
      [b.name, 'transferred'],
      ['', 'valid'],
    ]);
  });
});

describe('delete my data by a buyer who passed the seat on', () => {
  it('her order, her old ticket and the sent mail that named her to the new guest go; his ticket stays', async () => {
    d = await makeDinner();
    const z = guest('Erasebuyer');
    const b = guest('Keepnew');
    const zelda = await d.sell(z);
    expect((await passOn(zelda, b)).status).toBe(303);
    await runTimedWork(d.deps); // the ticket mail to him says who passed it on
    const ben = await validTicketTo(b.email);
    expect(await tablesHolding([z.name])).toEqual(
      expect.arrayContaining([`orders: ${z.name}`, `tickets: ${z.name}`, `outbox: ${z.name}`]),
    );

    // her old ticket's link still opens her data and her deletion
    expect((await d.post(zelda, 'delete', { confirm: 'yes' })).status).toBe(303);

    expect(await tablesHolding([...markers(z), z.phone])).toEqual([]);
    expect(filesHolding(markers(z))).toEqual([]);
    // his seat is his: valid, with his data
    const after = (await d.deps.db.query.tickets.findFirst({ where: sql`id = ${ben.id}` }))!;
    expect(after).toMatchObject({ status: 'valid', name: b.name, email: b.email });
    expect(filesHolding([b.name]).length).toBeGreaterThan(0);
  });
});

describe('leaving the waitlist leaves no bytes behind', () => {
  it('her entry, the order of the offer she gave up and every mail about them: gone from the tables and the file', async () => {
    d = await makeDinner();
    const keep = await d.sell(guest('Keepl'));
    await d.sell(guest('Keepm'));
    await soldOut();
    const z = guest('Leave');
    expect((await joinLine(z)).status).toBe(303);
    expect((await joinLine(guest('Stays'))).status).toBe(303);
    // a seat frees up: the offer holds it for her and mails her; she leaves the line instead of booking
    expect((await d.adminJson(`/orders/${keep.orderId}/refund`, 'POST')).status).toBe(200);
    const offer = await d.deps.db.query.orders.findFirst({ where: sql`email = ${z.email} AND status = 'held'` });
    expect(offer).toBeDefined();
    await runTimedWork(d.deps);
    const hers = markers(z).filter((m) => m !== z.role && m !== z.linkedin);
    expect(await tablesHolding(hers)).toEqual(
      expect.arrayContaining([`waitlist_entries: ${z.name}`, `orders: ${z.email}`, `outbox: ${z.email}`]),
    );
    const [mail] = await d.deps.db.all<{ text: string }>(
      sql`SELECT text FROM outbox WHERE dedupe_key LIKE 'waitlist:%' AND "to" = ${z.email}`,
    );
    const token = /\/w\/([0-9a-z]{32})/.exec(mail!.text)![1]!;

    expect((await d.postForm(`/w/${token}/leave`, {})).status).toBe(303);

    expect(await tablesHolding(hers)).toEqual([]);
    expect(filesHolding(hers)).toEqual([]);
    // the next person in line keeps their data, and gets the seat she gave up
    expect(await tablesHolding(['Stayscompany GmbH'])).toEqual([
      'orders: Stayscompany GmbH',
      'waitlist_entries: Stayscompany GmbH',
    ]);
  });
});

describe('when another process holds the file open', () => {
  it('the erase still answers; the scrub waits for it and the next timed work finishes it', async () => {
    d = await makeDinner();
    const g = guest('Busy');
    const t = await d.sell(g);
    // A reader in another process (a sqlite3 shell, a backup) keeps its snapshot: the WAL cannot be cut yet.
    const other = new Database(d.dbPath);
    other.exec('BEGIN');
    other.prepare('SELECT count(*) FROM orders').get();
    const errors: string[] = [];
    d.deps.log = { info: () => {}, error: (msg) => errors.push(msg) };
    expect((await d.post(t, 'delete', { confirm: 'yes' })).status).toBe(303);
    expect(await tablesHolding(markers(g))).toEqual([]);
    expect(errors).toEqual(['erased data not yet scrubbed from the database file']);
    expect(filesHolding(markers(g))).not.toEqual([]);
    other.exec('COMMIT');
    other.close();
    await runTimedWork(d.deps);
    expect(filesHolding(markers(g))).toEqual([]);
  });
});

describe('retention leaves no bytes behind', () => {
  it('after the deadline, no guest string of the dinner is in a table or the file; a later dinner’s stays', async () => {
    d = await makeDinner();
    const guests = ['Reta', 'Retb', 'Retc'].map(guest);
    const sold: Ticket[] = [];
    for (const g of guests) sold.push(await d.sell({ ...g, consentGuests: 'on' }));
    // one waits in line for a seat; one seat is passed on to someone new
    await soldOut();
    const waiting = guest('Retwait');
    const passedTo = guest('Retpass');
    expect((await joinLine(waiting)).status).toBe(303);
    expect((await passOn(sold[2]!, passedTo)).status).toBe(303);
    sold[2] = await validTicketTo(passedTo.email);
    guests.push(waiting, passedTo);
    d.duringDinner();
    await d.checkIn(...sold);
    await d.greet(sold[0]!, d.clock.now(), 'Retnote wine');
    d.afterDinner();
    await runTimedWork(d.deps);
    const all = [...guests.flatMap(markers), 'Retnote wine'];
    expect(filesHolding(all).length).toBeGreaterThan(0);

    d.clock.set(retentionDeadline(d.event.endsAt, d.deps.config.retentionDays));
    const result = await runTimedWork(d.deps);
    expect(result.retention.events).toBe(1);
    expect(await tablesHolding(all)).toEqual([]);
    expect(filesHolding(all)).toEqual([]);
  });
});
