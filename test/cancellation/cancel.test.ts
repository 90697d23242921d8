import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSessions, orders, outbox, tickets } from '../../src/db/schema';
import { getEventStats } from '../../src/events/service';
import { runTimedWork } from '../../src/jobs';
import type { PaymentGateway } from '../../src/payments/gateway';
import { type CheckinApp, makeCheckinApp, pairPhone } from '../checkin/setup';
import { createDinner } from '../helpers';
import { join, line, sellSeat } from '../waitlist/setup';

let t: CheckinApp;
beforeEach(async () => {
  t = await makeCheckinApp();
});
afterEach(() => t.close());

const policy = { cancellation: { untilDaysBefore: 7, refundPercent: 80 } };
const orderRow = async (id: string) => (await t.deps.db.query.orders.findFirst({ where: eq(orders.id, id) }))!;
const ticketRow = async (id: string) => (await t.deps.db.query.tickets.findFirst({ where: eq(tickets.id, id) }))!;
const cancel = (token: string) => t.postForm(`/t/${token}/cancel`, { confirm: 'yes' });

describe('a dinner that is not cancellable (the default)', () => {
  it('says so, offers passing the ticket on instead, and refuses a cancellation', async () => {
    await createDinner(t);
    const { ticket, order } = await sellSeat(t, 1);
    expect(await (await t.request('/e/dinner')).text()).toContain(
      'Nicht stornierbar: ein bezahlter Platz ist verbindlich.',
    );
    const page = await (await t.request(`/t/${ticket.token}`)).text();
    expect(page).toContain(
      'Dieses Ticket ist nicht stornierbar. Wenn du nicht kommen kannst, gib es an jemand anderen weiter.',
    );
    expect(page).toContain(`/t/${ticket.token}/transfer`);
    expect(page).not.toContain(`/t/${ticket.token}/cancel`);
    expect((await t.request(`/t/${ticket.token}/cancel`)).status).toBe(409);
    expect((await cancel(ticket.token)).status).toBe(409);
    expect((await orderRow(order.id)).status).toBe('paid');
  });
});

describe('a dinner cancellable until 7 days before, with 80 % back', () => {
  it('shows the policy, confirms first, refunds 80 % through the gateway and gives the seat to the waitlist', async () => {
    const event = await createDinner(t, { capacity: 1, ...policy });
    const { ticket, order } = await sellSeat(t, 1);
    await join(t, 1);
    const eventPage = await (await t.request('/e/dinner?lang=en')).text();
    expect(eventPage).toContain('Cancellable until Thursday, 26 November 2026 at 19:00, with a refund of 80 %');
    const page = await (await t.request(`/t/${ticket.token}`)).text();
    expect(page).toContain('Stornierbar bis Donnerstag, 26. November 2026 um 19:00');
    const confirm = await (await t.request(`/t/${ticket.token}/cancel`)).text();
    expect(confirm.replace(/\u00a0/g, ' ')).toContain(
      'Du bekommst 40,00 € auf dem Zahlungsweg zurück; 10,00 € werden als Gebühr einbehalten',
    );
    // a post without the confirmation changes nothing
    expect((await t.postForm(`/t/${ticket.token}/cancel`, {})).status).toBe(400);
    expect((await orderRow(order.id)).status).toBe('paid');

    expect((await cancel(ticket.token)).status).toBe(303);
    expect(await orderRow(order.id)).toMatchObject({
      status: 'refunded',
      refundReason: 'guest_cancelled',
      refundedCents: 4000,
      amountCents: 5000,
    });
    expect((await ticketRow(ticket.id)).status).toBe('cancelled');
    const session = (await t.deps.db.query.demoSessions.findFirst({ where: eq(demoSessions.orderId, order.id) }))!;
    expect(session.refundedAt).not.toBeNull();
    // the seat went to the line at once; the fee is revenue
    expect(await line(t, event.id)).toEqual(['waiter1:offered']);
    expect(await getEventStats(t.deps, event)).toMatchObject({
      sold: 0,
      refunded: 1,
      revenueCents: 1000,
      seatsLeft: 0,
    });
    const after = await (await t.request(`/t/${ticket.token}`)).text();
    expect(after.replace(/\u00a0/g, ' ')).toMatch(/Du hast dieses Ticket am .* storniert\. Erstattung: 40,00 €\./);
    const mail = (await t.deps.db.query.outbox.findFirst({ where: eq(outbox.dedupeKey, `cancel:${ticket.id}`) }))!;
    expect(mail.to).toBe('guest1@example.com');
    expect(mail.text.replace(/\u00a0/g, ' ')).toContain('Wir erstatten 40,00 €');
    expect(await (await t.request(`/orders/${order.id}/done`)).text()).toContain('Dieses Ticket wurde storniert.');
    // twice is once
    expect((await cancel(ticket.token)).status).toBe(409);
  });

  it('a cancelled ticket is red "cancelled" at the door', async () => {
    const event = await createDinner(t, policy);
    const { ticket } = await sellSeat(t, 1);
    await cancel(ticket.token);
    const phone = await pairPhone(t, event.id, 'Tür 1');
    expect((await phone.scan([{ qr: ticket.qrSecret }])).results[0]!.result).toBe('cancelled');
    expect((await phone.roster()).tickets.find((x) => x.id === ticket.id)!.status).toBe('cancelled');
  });

  it('outside the window the cancellation is refused and nothing changes', async () => {
    const event = await createDinner(t, policy);
    const { ticket, order } = await sellSeat(t, 1);
    t.clock.set(event.startsAt - 7 * 86_400_000);
    expect(await (await t.request(`/t/${ticket.token}`)).text()).not.toContain(`/t/${ticket.token}/cancel`);
    expect((await t.request(`/t/${ticket.token}/cancel`)).status).toBe(409);
    const res = await cancel(ticket.token);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('kann nicht (mehr) storniert werden');
    expect((await orderRow(order.id)).status).toBe('paid');
    expect((await ticketRow(ticket.id)).status).toBe('valid');
  });

  it('a guest already checked in cannot cancel', async () => {
    const event = await createDinner(t, policy);
    const { ticket } = await sellSeat(t, 1);
    const phone = await pairPhone(t, event.id, 'Tür 1');
    await phone.scan([{ qr: ticket.qrSecret }]);
    expect((await cancel(ticket.token)).status).toBe(409);
  });

  it('a refund the provider does not take stays due and is retried; the seat is free at once all the same', async () => {
    const event = await createDinner(t, { capacity: 1, ...policy });
    const { ticket, order } = await sellSeat(t, 1);
    await join(t, 1);
    const real = t.deps.payments!;
    t.deps.payments = { ...real, refund: () => Promise.reject(new Error('provider down')) } as PaymentGateway;
    expect((await cancel(ticket.token)).status).toBe(303);
    expect(await orderRow(order.id)).toMatchObject({ status: 'refund_due', refundedCents: 4000 });
    expect(await line(t, event.id)).toEqual(['waiter1:offered']);
    expect(await (await t.request(`/t/${ticket.token}`)).text()).toContain('unterwegs');
    t.deps.payments = real;
    expect((await runTimedWork(t.deps)).refundsRetried).toBe(1);
    expect(await orderRow(order.id)).toMatchObject({ status: 'refunded', refundedCents: 4000 });
  });

  it('a free seat cancels without a gateway call', async () => {
    const event = await createDinner(t, policy);
    await t.admin(`/events/${event.id}/codes`, 'POST', { code: 'SPEAKER', kind: 'comp', maxUses: 1 });
    await t.postForm('/e/dinner/checkout', {
      givenName: 'Speaker',
      familyName: 'Free',
      email: 'speaker@example.com',
      company: 'Talks',
      role: 'Speaker',
      terms: 'on',
      code: 'SPEAKER',
    });
    const ticket = (await t.deps.db.query.tickets.findFirst())!;
    t.deps.payments = null;
    expect((await cancel(ticket.token)).status).toBe(303);
    expect(await orderRow(ticket.orderId)).toMatchObject({ status: 'refunded', refundedCents: 0 });
  });
});
