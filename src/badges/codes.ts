import { sql } from 'drizzle-orm';
import type { Deps } from '../deps';
import { randomBytes, sha256Hex } from '../lib/crypto';
import { AppError } from '../lib/errors';

/**
 * A badge's QR: "GRUSS" and 31 random decimal digits (≈103 bits). Never a ticket code: the U is outside the
 * Crockford alphabet of ticket secrets and no normalising maps it, so neither the door nor any reader can take
 * one for the other. Letters without Y and Z and digits only: a keyboard-wedge scanner in a German layout types
 * it unchanged. Digits keep the QR small (numeric mode).
 */
export const BADGE_PREFIX = 'GRUSS';
const DIGITS = 31;
const BADGE_FORMAT = /^GRUSS[0-9]{31}$/;

export const normalizeBadgeCode = (text: string) => text.trim().toUpperCase();
export const isBadgeCode = (text: string) => BADGE_FORMAT.test(normalizeBadgeCode(text));
/** Also the door's test (web/host): anything starting with the prefix is a badge, even a damaged one. */
export const looksLikeBadge = (text: string) => normalizeBadgeCode(text).startsWith(BADGE_PREFIX);

export function newBadgeCode(): string {
  let digits = '';
  while (digits.length < DIGITS) {
    // bytes ≥ 250 are skipped, so every digit is equally likely
    for (const b of randomBytes(DIGITS)) if (b < 250 && digits.length < DIGITS) digits += String(b % 10);
  }
  return BADGE_PREFIX + digits;
}

export const badgeHash = (code: string) => sha256Hex(normalizeBadgeCode(code));

/**
 * Gives every listed valid ticket without a live code one. The partial unique index (one live code per ticket)
 * makes a concurrent second print keep the first code: ON CONFLICT DO NOTHING, then the stored code is read.
 */
export async function ensureBadgeCodes(deps: Deps, eventId: string, ticketIds: string[]): Promise<Map<string, string>> {
  if (ticketIds.length === 0) return new Map();
  const live = async () =>
    new Map(
      (
        await deps.db.all<{ ticket_id: string; code: string }>(sql`SELECT ticket_id, code FROM badge_codes
          WHERE event_id = ${eventId} AND revoked_at IS NULL AND ticket_id IN ${ticketIds}`)
      ).map((r) => [r.ticket_id, r.code]),
    );
  const have = await live();
  const missing = ticketIds.filter((id) => !have.has(id));
  if (missing.length === 0) return have;
  const now = deps.clock.now();
  const made = await Promise.all(
    missing.map(async (ticketId) => {
      const code = newBadgeCode();
      return { ticketId, code, hash: await badgeHash(code) };
    }),
  );
  const [first, ...rest] = made.map((m) =>
    deps.db.run(sql`INSERT INTO badge_codes (event_id, ticket_id, code, code_hash, created_at)
      SELECT ${eventId}, id, ${m.code}, ${m.hash}, ${now} FROM tickets
      WHERE id = ${m.ticketId} AND event_id = ${eventId} AND status = 'valid'
      ON CONFLICT DO NOTHING`),
  );
  // the phones' roster carries the live code's hash: a touched ticket is sent again (checkin/roster.ts)
  const touch = deps.db.run(sql`UPDATE tickets SET updated_at = ${now} WHERE id IN ${missing}`);
  await deps.db.batch([first!, ...rest, touch]);
  return live();
}

/**
 * The organizer's revoke (a badge lost or left lying around): the code stops greeting at once. With `reissue`
 * a new code is made in the same batch, so the next print of that badge carries it.
 */
export async function revokeBadgeCode(deps: Deps, input: { eventId: string; ticketId: string; reissue: boolean }) {
  const now = deps.clock.now();
  const ticket = await deps.db.all<{ id: string }>(
    sql`SELECT id FROM tickets WHERE id = ${input.ticketId} AND event_id = ${input.eventId}`,
  );
  if (ticket.length === 0) throw new AppError('not_found', 'No such guest at this dinner.');
  const code = newBadgeCode();
  const revoke = deps.db.run(sql`UPDATE badge_codes SET revoked_at = ${now}
    WHERE ticket_id = ${input.ticketId} AND revoked_at IS NULL`);
  const touch = deps.db.run(sql`UPDATE tickets SET updated_at = ${now} WHERE id = ${input.ticketId}`);
  if (!input.reissue) return void (await deps.db.batch([revoke, touch]));
  await deps.db.batch([
    revoke,
    touch,
    deps.db.run(sql`INSERT INTO badge_codes (event_id, ticket_id, code, code_hash, created_at)
      SELECT event_id, id, ${code}, ${await badgeHash(code)}, ${now} FROM tickets WHERE id = ${input.ticketId} AND status = 'valid'`),
  ]);
}

export type BadgeLookup =
  | { result: 'ok'; ticketId: string }
  | { result: 'badge_revoked' | 'wrong_event' | 'unknown'; ticketId?: undefined };

/** Whose badge this is, for a greeting at this dinner: only a live code of this event's ticket counts. */
export async function findBadge(deps: Deps, eventId: string, code: string): Promise<BadgeLookup> {
  if (!isBadgeCode(code)) return { result: 'unknown' };
  const [row] = await deps.db.all<{ ticket_id: string; event_id: string; revoked_at: number | null }>(
    sql`SELECT ticket_id, event_id, revoked_at FROM badge_codes WHERE code_hash = ${await badgeHash(code)}`,
  );
  if (!row) return { result: 'unknown' };
  if (row.event_id !== eventId) return { result: 'wrong_event' };
  if (row.revoked_at !== null) return { result: 'badge_revoked' };
  return { result: 'ok', ticketId: row.ticket_id };
}
