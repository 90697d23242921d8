import { and, desc, eq, sql } from 'drizzle-orm';
import { accessCodes, orders, tickets } from '../db/schema';
import type { Deps } from '../deps';

/**
 * The organizer's view: no secrets, no capability tokens. Each order with the ticket of its seat's current (last)
 * holder: a ticket that was passed on is followed by its successor (src/transfers).
 */
export async function listEventOrders(deps: Deps, eventId: string) {
  return deps.db
    .select({
      id: orders.id,
      status: orders.status,
      name: orders.name,
      email: orders.email,
      company: orders.company,
      amountCents: orders.amountCents,
      discountCents: orders.discountCents,
      code: accessCodes.code,
      currency: orders.currency,
      provider: orders.provider,
      paidAt: orders.paidAt,
      refundedAt: orders.refundedAt,
      refundReason: orders.refundReason,
      refundedCents: orders.refundedCents,
      createdAt: orders.createdAt,
      ticketId: tickets.id,
      ticketStatus: tickets.status,
      /** the seat's current guest, when someone else than the buyer holds it now */
      holder: tickets.name,
      tableLabel: tickets.tableLabel,
      transfers: sql<number>`(SELECT count(*) FROM ticket_transfers x WHERE x.order_id = ${orders.id})`,
    })
    .from(orders)
    .leftJoin(
      tickets,
      and(
        eq(tickets.orderId, orders.id),
        sql`NOT EXISTS (SELECT 1 FROM ticket_transfers x WHERE x.from_ticket_id = ${tickets.id})`,
      ),
    )
    .leftJoin(accessCodes, eq(accessCodes.id, orders.codeId))
    .where(eq(orders.eventId, eventId))
    .orderBy(desc(orders.createdAt));
}
