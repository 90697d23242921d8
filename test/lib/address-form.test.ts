import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, tickets } from '../../src/db/schema';
import { catalogues } from '../../src/lib/messages';
import { sie } from '../../src/lib/messages-sie';
import { holdSeatVia, payVia } from '../flow';
import { createDinner, makeTestApp, type TestApp } from '../helpers';

/** Words that address the reader as "du" (and "ihr" for a group); "Ihr"/"Ihnen" of the Sie form are capitalised. */
const DU = /\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|euer|eure)\b/i;
const DU_IMPERATIVE =
  /(?<!Ich )\b(prüfe|gib|akzeptiere|zeige?|sende|versuche|öffne|markiere|stell|geh|lehne|sprich|schau|nenne)\b/;
const addressesDu = (text: string) => DU.test(text) || DU_IMPERATIVE.test(text);

/** Every message as text, keyed by its path; functions are called with sample arguments. */
function flatten(o: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const p = path ? `${path}.${k}` : k;
    if (typeof v === 'string') out.set(p, v);
    else if (typeof v === 'function') out.set(p, String((v as (...a: unknown[]) => unknown)('X', 'Y')));
    else if (v && typeof v === 'object') for (const [kk, vv] of flatten(v, p)) out.set(kk, vv);
  }
  return out;
}

describe('the German catalogue in both forms of address', () => {
  const du = flatten(catalogues['de-du']);
  const formal = flatten(catalogues['de-sie']);
  const overrides = flatten(sie);

  it('has the same keys in de-du and de-sie', () => {
    expect([...formal.keys()].sort()).toEqual([...du.keys()].sort());
  });

  it('gives every de-du message that says "du" its own de-sie text, which never says "du"', () => {
    const duMessages = [...du].filter(([, text]) => addressesDu(text)).map(([key]) => key);
    expect(duMessages.length).toBeGreaterThan(40);
    for (const key of duMessages) {
      expect(overrides.has(key), `${key} has no Sie form in src/lib/messages-sie.ts`).toBe(true);
    }
    for (const [key, text] of formal) expect(addressesDu(text), `de-sie ${key}: ${text}`).toBe(false);
  });

  it('has no Sie text without a du counterpart, and none that merely repeats it', () => {
    for (const [key, text] of overrides) {
      expect(du.has(key), `${key} is not in the German catalogue`).toBe(true);
      expect(text, key).not.toBe(du.get(key));
    }
  });
});

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

async function buy(extra: Record<string, string> = {}, lang = 'de') {
  const res = await t.postForm(`/e/dinner/checkout?lang=${lang}`, {
    name: 'Gesa Gast',
    email: 'gesa@example.com',
    company: 'Gast GmbH',
    role: 'CEO',
    terms: 'on',
    ...extra,
  });
  expect(res.status).toBe(303);
  const order = (await t.deps.db.query.orders.findFirst())!;
  await payVia(t, order.providerSessionId!);
  const ticket = (await t.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id) }))!;
  const mail = (await t.deps.db.query.outbox.findFirst({ where: eq(outbox.to, 'gesa@example.com') }))!;
  return { order, ticket, mail };
}

describe('a dinner chooses Sie or du for its guests', () => {
  it('a new dinner says Sie unless it is told otherwise', async () => {
    const res = await t.adminJson('/events', 'POST', {
      slug: 'neu',
      title: 'Neues Dinner',
      venue: 'Hotel',
      startsAt: '2026-12-03T18:00:00Z',
      endsAt: '2026-12-03T22:00:00Z',
      timezone: 'Europe/Berlin',
      priceCents: 5000,
      currency: 'EUR',
      capacity: 10,
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { addressForm: string }).addressForm).toBe('sie');
  });

  it('shows the same ticket page and event page in Sie and in du', async () => {
    await createDinner(t, { addressForm: 'sie' });
    const { ticket } = await buy();
    const sieTicket = await (await t.request(`/t/${ticket.token}?lang=de`)).text();
    expect(sieTicket).toContain('<title>Ihr Ticket · Network Dinner Frankfurt</title>');
    expect(sieTicket).toContain('Zeigen Sie diesen Code am Eingang.');
    expect(sieTicket).toContain('Ihre Daten und wer sie sieht');
    expect(sieTicket).toContain('Sie können Ihr Ticket bis');
    const sieEvent = await (await t.request('/e/dinner?lang=de')).text();
    expect(sieEvent).toContain('Sprechen Sie mich an auf (optional)');
    expect(sieEvent).toContain('Beides ist freiwillig und jederzeit auf Ihrer Ticketseite änderbar.');
    for (const html of [sieTicket, sieEvent]) {
      const visible = html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ');
      expect(visible).not.toMatch(DU);
    }

    const id = (await t.deps.db.query.events.findFirst())!.id;
    expect((await t.adminJson(`/events/${id}`, 'PATCH', { addressForm: 'du' })).status).toBe(200);
    const duTicket = await (await t.request(`/t/${ticket.token}?lang=de`)).text();
    expect(duTicket).toContain('<title>Dein Ticket · Network Dinner Frankfurt</title>');
    expect(duTicket).toContain('Zeige diesen Code am Eingang.');
    expect(duTicket).toContain('Du kannst dein Ticket bis');
    const duEvent = await (await t.request('/e/dinner?lang=de')).text();
    expect(duEvent).toContain('Sprich mich an auf (optional)');
    // English stays as it is
    expect(await (await t.request(`/t/${ticket.token}?lang=en`)).text()).toContain('Show this code at the door.');
  });

  it('mails a Sie dinner’s German guest in Sie, subject, text and HTML', async () => {
    await createDinner(t, { addressForm: 'sie' });
    const { mail } = await buy();
    expect(mail.subject).toBe('Ihr Ticket: Network Dinner Frankfurt');
    expect(mail.text).toContain('Guten Tag Gesa Gast,');
    expect(mail.text).toContain('Ihr Platz für „Network Dinner Frankfurt“ ist gebucht.');
    expect(mail.html).toContain('Zeigen Sie den QR-Code am Eingang (oder nennen Sie den Code).');
    expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toMatch(DU);
  });

  it('mails a du dinner’s German guest with "du" and "dein"', async () => {
    await createDinner(t, { addressForm: 'du' });
    const { mail } = await buy();
    expect(mail.subject).toBe('Dein Ticket: Network Dinner Frankfurt');
    expect(mail.text).toContain('dein Platz für „Network Dinner Frankfurt“ ist gebucht.');
    expect(mail.html).toContain('Zeig den QR-Code am Eingang (oder nenne den Code).');
  });

  it('mails an English purchase in English, whatever the dinner’s German form, and stores the language', async () => {
    await createDinner(t, { addressForm: 'du' });
    const { order, mail } = await buy({}, 'en');
    expect(order.locale).toBe('en');
    expect(mail.subject).toBe('Your ticket: Network Dinner Frankfurt');
    expect(mail.text).toContain('your seat for "Network Dinner Frankfurt" is booked.');
    expect(mail.html).toContain('Open ticket');
    for (const part of [mail.subject, mail.text, mail.html])
      expect(part).not.toMatch(/\b(Dein|dein|Ihr|Wann|Wo|Preis)\b/);
  });
});

describe('the demo checkout', () => {
  it('names the dinner and the amount in the page’s language, without the raw session id', async () => {
    await createDinner(t);
    const { location } = await holdSeatVia(t, 0);
    const id = /cs_demo_\w+/.exec(location)![0];
    const de = (await (await t.request(`/demo/checkout/${id}?lang=de`)).text()).replace(/<style[\s\S]*?<\/style>/g, '');
    expect(de).toContain('<strong>Network Dinner Frankfurt</strong>');
    expect(de).toContain('50,00');
    expect(de).toContain('Offen, noch nicht bezahlt');
    expect(de).not.toMatch(/\bopen\b|\bunpaid\b/);
    expect(de).not.toContain(`${id} ·`);
    // only in addresses (the form actions, the language link), never as text on the page
    expect(de.replace(/<[^>]+>/g, ' ')).not.toContain(id);
    const en = await (await t.request(`/demo/checkout/${id}?lang=en`)).text();
    expect(en).toContain('Open, not paid yet');
    expect(en).toContain('€50.00');
  });
});
