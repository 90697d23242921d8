import { desc, eq } from 'drizzle-orm';
import { orders, tickets } from '../db/schema';
import type { Deps } from '../deps';

/** The organizer's view: no secrets, no capability tokens. */
export async function listEventOrders(deps: Deps, eventId: string) {
  return deps.db
    .select({
      id: orders.id,
      status: orders.status,
      name: orders.name,
      email: orders.email,
      company: orders.company,
      amountCents: orders.amountCents,
      currency: orders.currency,
      provider: orders.provider,
      paidAt: orders.paidAt,
      refundedAt: orders.refundedAt,
      refundReason: orders.refundReason,
      createdAt: orders.createdAt,
      ticketId: tickets.id,
      ticketStatus: tickets.status,
      tableLabel: tickets.tableLabel,
    })
    .from(orders)
    .leftJoin(tickets, eq(tickets.orderId, orders.id))
    .where(eq(orders.eventId, eventId))
    .orderBy(desc(orders.createdAt));
}
