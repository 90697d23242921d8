import { eq } from 'drizzle-orm';
import { tickets } from '../db/schema';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';

/**
 * The organizer's seating, which orders the host's greeting round by table. updated_at moves with it,
 * so the phones' roster delta carries the new table (checkin/roster.ts).
 */
export async function setTableLabel(deps: Deps, input: { ticketId: string; tableLabel: string | null }) {
  const [row] = await deps.db
    .update(tickets)
    .set({ tableLabel: input.tableLabel || null, updatedAt: deps.clock.now() })
    .where(eq(tickets.id, input.ticketId))
    .returning({ id: tickets.id, eventId: tickets.eventId, tableLabel: tickets.tableLabel });
  if (!row) throw new AppError('not_found', 'No such ticket.');
  return row;
}

export async function getTicketEvent(deps: Deps, ticketId: string) {
  const row = await deps.db.query.tickets.findFirst({
    where: eq(tickets.id, ticketId),
    columns: { eventId: true },
  });
  if (!row) throw new AppError('not_found', 'No such ticket.');
  return row;
}
