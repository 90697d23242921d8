import { eq } from 'drizzle-orm';
import { tickets } from '../db/schema';
import type { Deps } from '../deps';
import { getEvent } from '../events/service';
import { isBase32, sha256Hex } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { qrSvg } from '../lib/qr';

export type Ticket = typeof tickets.$inferSelect;

/** Looks a capability link up by its hash: neither the lookup nor its timing reveals the token. */
export async function getTicketByToken(deps: Deps, token: string) {
  const normalized = token.toLowerCase();
  if (normalized.length !== 32 || !isBase32(normalized.toUpperCase()))
    throw new AppError('not_found', 'No such ticket.');
  const ticket = await deps.db.query.tickets.findFirst({ where: eq(tickets.tokenHash, await sha256Hex(normalized)) });
  if (!ticket) throw new AppError('not_found', 'No such ticket.');
  return { ticket, event: await getEvent(deps, ticket.eventId) };
}

/** The QR carries only the upper-case base32 secret, so it encodes in alphanumeric mode and stays small. */
export function ticketQrSvg(secret: string): Promise<string> {
  return qrSvg(secret);
}

/** "ABCD EFGH …": groups of four are easier to read aloud at the door. */
export const groupCode = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;
