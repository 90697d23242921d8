import { and, eq, like, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consents, orders, outbox, tickets, ticketTransfers } from '../../src/db/schema';
import { grants } from '../../src/privacy/consent';
import { type CheckinApp, makeCheckinApp, pairPhone } from '../checkin/setup';
import { createDinner } from '../helpers';
import { sellSeat } from '../waitlist/setup';

let t: CheckinApp;
beforeEach(async () => {
  t = await makeCheckinApp();
});
afterEach(() => t.close());

const newGuest = (extra: Record<string, string> = {}) => ({
  name: 'Bea Nachfolger',
  email: 'bea@example.com',
  company: 'Nachfolger AG',
  role: 'CTO',
  askMeAbout: 'Rudern',
  ...extra,
});
const ticketRow = async (id: string) => (await t.deps.db.query.tickets.findFirst({ where: eq(tickets.id, id) }))!;
const validTicketOf = async (orderId: string) =>
  (await t.deps.db.query.tickets.findFirst({ where: and(eq(tickets.orderId, orderId), eq(tickets.status, 'valid')) }))!;
const hasConsent = async (orderId: string, scope: 'host' | 'guests') =>
  (await t.deps.db.all<{ g: number }>(sql`SELECT ${grants(sql`${orderId}`, scope)} AS g`))[0]!.g === 1;

describe('passing a ticket on', () => {
  it('the new guest gets a new ticket and QR; the old one turns transferred; the order stays as it was', async () => {
    await createDinner(t);
    const { order, ticket } = await sellSeat(t, 1);
    const paid = (await t.deps.db.query.orders.findFirst({ where: eq(orders.id, order.id) }))!;
    expect(await hasConsent(order.id, 'host')).toBe(true);
    const form = await (await t.request(`/t/${ticket.token}/transfer`)).text();
    for (const id of ['givenName', 'familyName', 'email', 'company', 'role', 'phone', 'linkedin', 'askMeAbout'])
      expect(form).toContain(`<label for="${id}"`);
    const res = await t.postForm(`/t/${ticket.token}/transfer`, newGuest());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/t/${ticket.token}`);

    const old = await ticketRow(ticket.id);
    expect(old.status).toBe('transferred');
    const fresh = await validTicketOf(order.id);
    expect(fresh).toMatchObject({
      name: 'Bea Nachfolger',
      email: 'bea@example.com',
      company: 'Nachfolger AG',
      status: 'valid',
    });
    expect(fresh.id).not.toBe(ticket.id);
    expect(fresh.token).not.toBe(ticket.token);
    expect(fresh.qrSecret).not.toBe(ticket.qrSecret);
    // the order: what was paid, by whom, the invoice — unchanged
    expect(await t.deps.db.query.orders.findFirst({ where: eq(orders.id, order.id) })).toEqual(paid);
    // consent is never inherited
    expect(await hasConsent(order.id, 'host')).toBe(false);
    expect(await hasConsent(order.id, 'guests')).toBe(false);
    // append-only record
    expect(await t.deps.db.select().from(ticketTransfers)).toEqual([
      expect.objectContaining({ fromTicketId: ticket.id, toTicketId: fresh.id, actor: 'guest', orderId: order.id }),
    ]);
    // the pages: the old one says it was passed on (and never shows the new link), the new one is a ticket
    const oldPage = await (await t.request(`/t/${ticket.token}`)).text();
    expect(oldPage).toContain('an jemand anderen weitergegeben');
    expect(oldPage).not.toContain(fresh.token);
    expect(oldPage).not.toContain('class="qr"');
    const newPage = await (await t.request(`/t/${fresh.token}`)).text();
    expect(newPage).toContain('Bea Nachfolger');
    expect(newPage).toContain('class="qr"');
    expect(newPage).not.toContain('Geteilt seit');
    expect(newPage).toContain('Nicht geteilt seit');
    // mails to both; the new link only to the new guest
    const mailIn = (await t.deps.db.query.outbox.findFirst({
      where: eq(outbox.dedupeKey, `transfer-in:${fresh.id}`),
    }))!;
    expect(mailIn.to).toBe('bea@example.com');
    expect(mailIn.text).toContain(`/t/${fresh.token}`);
    expect(mailIn.text).toContain('Guest 1 hat dir einen Platz');
    const mailOut = (await t.deps.db.query.outbox.findFirst({
      where: eq(outbox.dedupeKey, `transfer-out:${ticket.id}`),
    }))!;
    expect(mailOut.to).toBe('guest1@example.com');
    expect(mailOut.text).not.toContain(fresh.token);
    expect(JSON.parse(mailOut.attachments)[0].filename).toBe('ticket.ics');
    // the buyer's success page no longer opens a ticket: the seat is the new guest's
    const done = await (await t.request(`/orders/${order.id}/done`)).text();
    expect(done).not.toContain(fresh.token);
    expect(done).toContain('weitergegeben');
    // the old .ics now says cancelled
    expect(await (await t.request(`/t/${ticket.token}/ticket.ics`)).text()).toContain('STATUS:CANCELLED');
    // the old holder can no longer change the order's consent (it is the new guest's)
    expect((await t.postForm(`/t/${ticket.token}/consent`, { scope: 'host', granted: '1' })).status).toBe(409);
    expect(await hasConsent(order.id, 'host')).toBe(false);
    // passed on again by the new guest; the old ticket cannot be passed on twice
    expect((await t.postForm(`/t/${ticket.token}/transfer`, newGuest({ email: 'c@example.com' }))).status).toBe(409);
    expect(
      (
        await t.postForm(
          `/t/${fresh.token}/transfer`,
          newGuest({ givenName: 'Carla', familyName: 'Neu', email: 'c@example.com' }),
        )
      ).status,
    ).toBe(303);
    expect(await validTicketOf(order.id)).toMatchObject({ name: 'Carla Neu', givenName: 'Carla', familyName: 'Neu' });
  });

  it('at the door: the old QR is refused as transferred, the new one checks in; the roster carries both', async () => {
    const event = await createDinner(t);
    const { order, ticket } = await sellSeat(t, 1);
    const phone = await pairPhone(t, event.id, 'Tür 1');
    const before = await phone.roster();
    await t.postForm(`/t/${ticket.token}/transfer`, newGuest());
    const fresh = await validTicketOf(order.id);
    const { results } = await phone.scan([{ qr: ticket.qrSecret }, { qr: fresh.qrSecret }]);
    expect(results.map((r) => r.result)).toEqual(['transferred', 'ok']);
    expect(results[1]!.name).toBe('Bea Nachfolger');
    // the single-scan path gives the same verdict
    expect((await phone.scan([{ qr: ticket.qrSecret }])).results[0]!.result).toBe('transferred');
    t.clock.advance(120_000);
    const delta = await phone.roster(before.cursor);
    const byId = new Map(delta.tickets.map((x) => [x.id, x]));
    expect(byId.get(ticket.id)).toMatchObject({ status: 'transferred', name: 'Guest 1' });
    expect(byId.get(fresh.id)).toMatchObject({ status: 'valid', name: 'Bea Nachfolger' });
  });

  it('after the cut-off, or for a dinner whose tickets are personal, the transfer is refused and nothing changes', async () => {
    await createDinner(t, { transferUntil: '2026-11-23T10:00:00Z' });
    await createDinner(t, { slug: 'personal', transferUntil: null });
    const { ticket } = await sellSeat(t, 1);
    const personal = await sellSeat(t, 2, 'personal');
    expect(await (await t.request(`/t/${ticket.token}`)).text()).toContain('/transfer');
    expect(await (await t.request(`/t/${personal.ticket.token}`)).text()).not.toContain('/transfer"');
    expect((await t.postForm(`/t/${personal.ticket.token}/transfer`, newGuest())).status).toBe(409);
    t.clock.set(Date.parse('2026-11-23T10:00:00Z'));
    expect((await t.request(`/t/${ticket.token}/transfer`)).status).toBe(409);
    const refused = await t.postForm(`/t/${ticket.token}/transfer`, newGuest());
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('kann nicht (mehr) weitergegeben werden');
    expect((await ticketRow(ticket.id)).status).toBe('valid');
    expect(await t.deps.db.select().from(ticketTransfers)).toHaveLength(0);
    expect(await t.deps.db.select().from(outbox).where(like(outbox.dedupeKey, 'transfer-%'))).toHaveLength(0);
  });

  it('a guest who is checked in cannot pass the seat on; a malformed form changes nothing', async () => {
    const event = await createDinner(t);
    const { ticket } = await sellSeat(t, 1);
    const bad = await t.postForm(`/t/${ticket.token}/transfer`, newGuest({ email: 'nope', role: '' }));
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="email-error"');
    expect(html).toContain('id="role-error"');
    const phone = await pairPhone(t, event.id, 'Tür 1');
    await phone.scan([{ qr: ticket.qrSecret }]);
    expect((await t.postForm(`/t/${ticket.token}/transfer`, newGuest())).status).toBe(409);
    expect((await ticketRow(ticket.id)).status).toBe('valid');
  });

  it('the organizer passes a seat on through the API, even after the guests’ cut-off, and reads its history', async () => {
    await createDinner(t, { transferUntil: null });
    const { order, ticket } = await sellSeat(t, 1);
    const res = await t.admin(`/tickets/${ticket.id}/transfer`, 'POST', newGuest());
    expect(res.status).toBe(201);
    const { ticketId } = await res.json();
    expect((await ticketRow(ticketId)).name).toBe('Bea Nachfolger');
    const mailOut = (await t.deps.db.query.outbox.findFirst({
      where: eq(outbox.dedupeKey, `transfer-out:${ticket.id}`),
    }))!;
    expect(mailOut.text).toContain('Der Veranstalter hat deinen Platz');
    const history = await (await t.admin(`/orders/${order.id}/history`)).json();
    expect(
      history.holders.map((h: { name: string; status: string; passedOnBy: string | null }) => [
        h.name,
        h.status,
        h.passedOnBy,
      ]),
    ).toEqual([
      ['Guest 1', 'transferred', 'organizer'],
      ['Bea Nachfolger', 'valid', null],
    ]);
    expect((await t.admin(`/tickets/${ticket.id}/transfer`, 'POST', newGuest())).status).toBe(409);
    expect((await t.admin('/tickets/nope/transfer', 'POST', newGuest())).status).toBe(404);
    expect((await t.admin(`/tickets/${ticketId}/transfer`, 'POST', { name: '' })).status).toBe(400);
  });

  it('the new guest erasing their data leaves the buyer’s order as it is; their download holds nothing of the buyer', async () => {
    await createDinner(t);
    const { order, ticket } = await sellSeat(t, 1);
    await t.postForm(`/t/${ticket.token}/transfer`, newGuest());
    const fresh = await validTicketOf(order.id);
    const data = await (await t.request(`/t/${fresh.token}/data.json`)).json();
    expect(JSON.stringify(data)).not.toContain('guest1@example.com');
    expect(data.consents.every((c: { source: string }) => c.source === 'transfer')).toBe(true);
    expect((await t.postForm(`/t/${fresh.token}/delete`, { confirm: 'yes' })).status).toBe(303);
    expect((await ticketRow(fresh.id)).name).toBe('');
    expect((await t.deps.db.query.orders.findFirst({ where: eq(orders.id, order.id) }))!.name).toBe('Guest 1');
    expect((await ticketRow(ticket.id)).name).toBe('Guest 1');
    // the consent records themselves say nothing is shared
    expect(await t.deps.db.select().from(consents).where(eq(consents.orderId, order.id))).not.toHaveLength(0);
  });
});
