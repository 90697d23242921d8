import { eq, getTableColumns } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consents, deletionLog, demoSessions, greetings, klicks, orders, outbox, tickets } from '../../src/db/schema';
import type { Ticket } from '../../src/tickets/service';
import { bodyText, readCsv } from '../exports/parse';
import { type Dinner, makeDinner } from './setup';

let d: Dinner;
let jorg: Ticket;
let ben: Ticket;

beforeEach(async () => {
  d = await makeDinner();
  jorg = await d.sell({ name: 'Jörg Heinicke', company: 'Heinicke KG', phone: '+49 69 1', consentGuests: 'on' });
  ben = await d.sell({ name: 'Ben Other', company: 'Ben GmbH' });
  d.duringDinner();
  await d.checkIn(jorg, ben);
  await d.greet(jorg, d.clock.now(), 'likes sailing, talk about the boat');
  d.afterDinner();
  await d.setConsent(ben, 'klick', true);
  expect((await d.klick(jorg, ben)).status).toBe(303);
  expect((await d.klick(ben, jorg)).status).toBe(303);
  await d.setConsent(jorg, 'host', false);
});
afterEach(() => d.close());

const orderOf = async (t: Ticket) => (await d.deps.db.query.orders.findFirst({ where: eq(orders.id, t.orderId) }))!;

describe('download my data', () => {
  it('is a JSON file with everything klick holds about the guest, and no security codes', async () => {
    const res = await d.request(`/t/${jorg.token}/data.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="klick-dinner-my-data.json"');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const text = await res.text();
    const data = JSON.parse(text);
    const order = await orderOf(jorg);
    expect(data.order).toMatchObject({
      id: order.id,
      status: 'paid',
      name: 'Jörg Heinicke',
      email: jorg.email,
      company: 'Heinicke KG',
      phone: '+49 69 1',
      amountCents: 5000,
      currency: 'EUR',
      provider: 'demo',
      providerPaymentId: order.providerPaymentId,
    });
    expect(data.ticket).toMatchObject({ id: jorg.id, status: 'valid', name: 'Jörg Heinicke', email: jorg.email });
    expect(
      data.consents.map((c: { scope: string; granted: boolean; source: string }) => [c.scope, c.granted, c.source]),
    ).toEqual([
      ['host', true, 'purchase'],
      ['guests', true, 'purchase'],
      ['host', false, 'ticket_page'],
    ]);
    expect(data.scans).toEqual([
      expect.objectContaining({
        kind: 'entry',
        result: 'ok',
        device: 'Door phone',
        deviceTime: '2026-12-03T19:00:00.000Z',
      }),
    ]);
    expect(data.greetings).toEqual([
      expect.objectContaining({ kind: 'greet', device: 'Door phone', note: 'likes sailing, talk about the boat' }),
    ]);
    expect(data.klicks.made).toEqual([
      expect.objectContaining({ toTicketId: ben.id, toName: 'Ben Other', kind: 'mark' }),
    ]);
    expect(data.klicks.mutualWith).toEqual([ben.id]);
    expect(data.mails).toEqual([
      expect.objectContaining({ to: jorg.email, subject: 'Dein Ticket: Network Dinner Frankfurt' }),
    ]);
    for (const secret of [jorg.token, jorg.qrSecret, jorg.qrHash, jorg.tokenHash]) expect(text).not.toContain(secret);
  });

  it('has every stored column of the order and the ticket, the refund reason included, and the mails’ text', async () => {
    expect((await d.adminJson(`/orders/${ben.orderId}/refund`, 'POST')).status).toBe(200);
    const text = await (await d.request(`/t/${ben.token}/data.json`)).text();
    const data = JSON.parse(text);
    const order = await orderOf(ben);
    expect(order.refundReason).toBe('organizer');
    expect(data.order.refundReason).toBe('organizer');
    const iso = (k: string, v: unknown) => (k.endsWith('At') && typeof v === 'number' ? new Date(v).toISOString() : v);
    for (const [key, value] of Object.entries(order)) expect(data.order[key], key).toEqual(iso(key, value));
    const ticket = await d.reload(ben);
    const secrets = ['qrSecret', 'qrHash', 'token', 'tokenHash'];
    for (const key of Object.keys(getTableColumns(tickets)))
      if (secrets.includes(key)) expect(data.ticket, key).not.toHaveProperty(key);
      else expect(data.ticket[key], key).toEqual(iso(key, ticket[key as keyof typeof ticket]));
    expect(Object.keys(data.order).sort()).toEqual(Object.keys(getTableColumns(orders)).sort());
    // The ticket mail's text is there, without the link's token.
    const mail = data.mails.find((m: { subject: string }) => m.subject.startsWith('Dein Ticket'));
    expect(mail.text).toContain('Ben Other');
    for (const secret of [ben.token, ben.qrSecret, ben.qrHash, ben.tokenHash]) expect(text).not.toContain(secret);
  });

  it('shows a mark someone else made only when it is mutual', async () => {
    await d.klick(jorg, ben, false);
    const data = await (await d.request(`/t/${ben.token}/data.json`)).json();
    // Ben's own mark only; Jörg's mark and its undo are Jörg's, and no longer mutual.
    expect(data.klicks.made).toEqual([expect.objectContaining({ toTicketId: jorg.id, kind: 'mark' })]);
    expect(data.klicks.mutualWith).toEqual([]);
  });
});

describe('delete my personal data', () => {
  it('asks first: the link opens a confirmation page and changes nothing', async () => {
    const res = await d.request(`/t/${jorg.token}/delete`, { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Delete your personal data? · Network Dinner Frankfurt</title>');
    expect(html).toContain('Yes, delete my personal data');
    expect((await d.post(jorg, 'delete', {})).status).toBe(400);
    expect((await d.post(jorg, 'delete', { confirm: 'yes' }, 'https://evil.example')).status).toBe(403);
    expect((await orderOf(jorg)).anonymizedAt).toBeNull();
    const de = await (await d.request(`/t/${jorg.token}/delete?lang=de`)).text();
    expect(de).toContain('Ja, meine personenbezogenen Daten löschen');
  });

  it('blanks the personal fields, keeps the bookkeeping, logs it, and the page says so', async () => {
    const before = await orderOf(jorg);
    d.clock.advance(60_000);
    const res = await d.post(jorg, 'delete', { confirm: 'yes' });
    expect(res.status).toBe(303);
    const after = await orderOf(jorg);
    expect(after).toMatchObject({
      name: '',
      email: '',
      company: '',
      role: '',
      phone: '',
      linkedin: '',
      askMeAbout: '',
      anonymizedAt: d.clock.now(),
      status: 'paid',
      amountCents: before.amountCents,
      currency: before.currency,
      provider: before.provider,
      providerSessionId: before.providerSessionId,
      providerPaymentId: before.providerPaymentId,
      paidAt: before.paidAt,
    });
    const ticket = await d.reload(jorg);
    expect(ticket).toMatchObject({ name: '', email: '', company: '', status: 'valid', anonymizedAt: d.clock.now() });
    expect(ticket.qrHash).toBe(jorg.qrHash);
    // Consents: withdrawn, by appending.
    const c = await d.deps.db.select().from(consents).where(eq(consents.orderId, jorg.orderId)).orderBy(consents.id);
    expect(c.map((r) => [r.scope, r.granted])).toEqual([
      ['host', true],
      ['guests', true],
      ['host', false],
      ['guests', false],
    ]);
    expect(await d.deps.db.select().from(klicks)).toEqual([]);
    expect((await d.deps.db.select().from(greetings)).map((g) => g.note)).toEqual([null]);
    const mail = (await d.deps.db.select().from(outbox)).find((m) => m.dedupeKey === `ticket:${jorg.orderId}`)!;
    // It was sent already: it stays 'sent', without address or content.
    expect(mail).toMatchObject({ to: '', subject: '', text: '', html: '', attachments: '[]', status: 'sent' });
    const demo = await d.deps.db.select().from(demoSessions).where(eq(demoSessions.orderId, jorg.orderId));
    expect(demo[0]!.customerEmail).toBe('');
    const log = await d.deps.db.select().from(deletionLog);
    expect(log).toEqual([
      expect.objectContaining({ eventId: d.event.id, orderId: jorg.orderId, reason: 'guest_request' }),
    ]);
    expect(log[0]!.rows).toBeGreaterThanOrEqual(6);

    const page = await d.page(jorg);
    expect(page).toContain('Your personal data was deleted on Friday, 4 December 2026 at 00:01.');
    expect(page).not.toContain('Jörg');
    expect(page).not.toContain('Stop sharing');

    // Ben is untouched, and no longer sees Jörg anywhere.
    const benNow = await d.reload(ben);
    expect(benNow).toMatchObject({ name: 'Ben Other', anonymizedAt: null });
    expect(await d.page(ben)).not.toContain('Heinicke');
    const csv = readCsv(await bodyText(await d.adminJson(`/events/${d.event.id}/export.csv`)));
    expect(csv.rows.map((r) => r.Name)).toEqual(['Ben Other']);

    // Once is enough: a second request changes nothing and logs nothing.
    await d.post(jorg, 'delete', { confirm: 'yes' });
    expect(await d.deps.db.select().from(deletionLog)).toHaveLength(1);
    // The seat is still paid: the organizer's numbers stay right.
    const stats = (await (await d.adminJson(`/events/${d.event.id}`)).json()) as { stats: { sold: number } };
    expect(stats.stats.sold).toBe(2);
  });

  it('stops the after-dinner mail for that guest', async () => {
    await d.post(jorg, 'delete', { confirm: 'yes' });
    d.afterDinner();
    const { runTimedWork } = await import('../../src/jobs');
    await runTimedWork(d.deps);
    const keys = (await d.deps.db.select().from(outbox)).map((m) => m.dedupeKey);
    expect(keys).toContain(`exchange:${ben.id}`);
    expect(keys).not.toContain(`exchange:${jorg.id}`);
  });
});
