import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { accessCodes } from '../db/schema';
import type { Deps } from '../deps';
import { takenSeatsWhere } from '../events/seats';
import type { Event } from '../events/service';
import { newId } from '../lib/crypto';
import { AppError } from '../lib/errors';
import type { CreateCodeInput } from './schema';

export type AccessCode = typeof accessCodes.$inferSelect;

/** Stripe's smallest charge in a two-decimal currency: a discount never leaves less than this to pay. */
export const MIN_CHARGE_CENTS = 50;

export interface Price {
  amountCents: number;
  discountCents: number;
}

/**
 * The price after a code. A comp, or a discount that leaves nothing, is a free seat (no payment at all); one that
 * would leave less than the smallest charge Stripe takes leaves exactly that.
 */
export function priceWith(listCents: number, code: Pick<AccessCode, 'kind' | 'value'> | null): Price {
  if (!code) return { amountCents: listCents, discountCents: 0 };
  const off =
    code.kind === 'comp'
      ? listCents
      : code.kind === 'percent'
        ? Math.round((listCents * Math.min(100, code.value)) / 100)
        : Math.min(listCents, code.value);
  let amountCents = listCents - off;
  if (amountCents > 0 && amountCents < MIN_CHARGE_CENTS) amountCents = Math.min(listCents, MIN_CHARGE_CENTS);
  return { amountCents, discountCents: listCents - amountCents };
}

/**
 * SQL condition: code `codeId` may be used once more now. A use is an order holding a seat with it, so a lapsed
 * or released hold, a refund or a cancellation gives its use back. `notCounted` (on order alias u) leaves out
 * the order the new hold replaces. Part of the hold's own statement, so racing buyers cannot exceed max_uses.
 */
export function codeUsable(codeId: string, now: number, notCounted: SQL = sql`0`): SQL {
  return sql`EXISTS (SELECT 1 FROM access_codes c WHERE c.id = ${codeId}
    AND (c.expires_at IS NULL OR c.expires_at > ${now})
    AND (SELECT count(*) FROM orders u WHERE u.code_id = c.id AND ${takenSeatsWhere('u', now)} AND NOT (${notCounted}))
      < c.max_uses)`;
}

const usesOf = async (deps: Deps, codeId: string, now: number, notCounted: SQL = sql`0`) => {
  const [row] = await deps.db.all<{ n: number }>(
    sql`SELECT count(*) AS n FROM orders u WHERE u.code_id = ${codeId} AND ${takenSeatsWhere('u', now)} AND NOT (${notCounted})`,
  );
  return Number(row?.n ?? 0);
};

/**
 * The code a buyer typed, or a clear refusal: not valid for this dinner, expired, used up. The use itself is
 * counted later, in the hold's statement (codeUsable); this answers the buyer before anything is held.
 */
export async function findUsableCode(deps: Deps, event: Event, text: string, notCounted?: SQL): Promise<AccessCode> {
  const now = deps.clock.now();
  const code = await deps.db.query.accessCodes.findFirst({
    where: and(eq(accessCodes.eventId, event.id), eq(accessCodes.code, text)),
  });
  if (!code) throw new AppError('code_invalid', 'This code is not valid for this event.');
  if (code.expiresAt !== null && code.expiresAt <= now) throw new AppError('code_expired', 'This code has expired.');
  if ((await usesOf(deps, code.id, now, notCounted)) >= code.maxUses)
    throw new AppError('code_used_up', 'This code has been used up.');
  return code;
}

/** Why a hold with a code was refused, when the code is the reason; null when it is not. */
export async function codeRefusal(deps: Deps, code: AccessCode, notCounted?: SQL): Promise<AppError | null> {
  const now = deps.clock.now();
  if (code.expiresAt !== null && code.expiresAt <= now) return new AppError('code_expired', 'This code has expired.');
  if ((await usesOf(deps, code.id, now, notCounted)) >= code.maxUses)
    return new AppError('code_used_up', 'This code has been used up.');
  return null;
}

export async function createCode(deps: Deps, event: Event, input: CreateCodeInput): Promise<AccessCode> {
  const row: AccessCode = {
    id: newId(),
    eventId: event.id,
    code: input.code,
    kind: input.kind,
    value: input.kind === 'comp' ? 0 : input.value,
    maxUses: input.maxUses,
    expiresAt: input.expiresAt ? Date.parse(input.expiresAt) : null,
    unlocksSale: input.unlocksSale,
    createdAt: deps.clock.now(),
  };
  const inserted = await deps.db.insert(accessCodes).values(row).onConflictDoNothing().returning();
  if (!inserted.length)
    throw new AppError('conflict', `The code ${input.code} exists for this event.`, { fields: { code: 'taken' } });
  return row;
}

/**
 * Ends a code now (a code shared too widely, a partner who pulled out): it expires at this moment, so no new hold
 * can use it; seats already held or paid with it stay. Ending an ended code changes nothing.
 */
export async function endCode(deps: Deps, event: Event, codeId: string): Promise<void> {
  const now = deps.clock.now();
  const code = await deps.db.query.accessCodes.findFirst({
    where: and(eq(accessCodes.id, codeId), eq(accessCodes.eventId, event.id)),
  });
  if (!code) throw new AppError('not_found', 'No such code for this event.');
  await deps.db
    .update(accessCodes)
    .set({ expiresAt: now })
    .where(
      and(eq(accessCodes.id, codeId), sql`(${accessCodes.expiresAt} IS NULL OR ${accessCodes.expiresAt} > ${now})`),
    );
}

/** The organizer's list: each code with its uses now and the revenue of its paid orders (after the discount). */
export async function listCodes(deps: Deps, eventId: string) {
  const now = deps.clock.now();
  const codes = await deps.db
    .select()
    .from(accessCodes)
    .where(eq(accessCodes.eventId, eventId))
    .orderBy(asc(accessCodes.createdAt), asc(accessCodes.code));
  const stats = await deps.db.all<{ code_id: string; uses: number; paid: number; revenue: number | null }>(sql`
    SELECT u.code_id, sum(${takenSeatsWhere('u', now)}) AS uses, sum(u.status = 'paid') AS paid,
      sum(CASE WHEN u.status = 'paid' THEN u.amount_cents END) AS revenue
    FROM orders u WHERE u.event_id = ${eventId} AND u.code_id IS NOT NULL GROUP BY u.code_id`);
  const by = new Map(stats.map((s) => [s.code_id, s]));
  return codes.map((c) => ({
    id: c.id,
    code: c.code,
    kind: c.kind as 'percent' | 'amount' | 'comp',
    value: c.value,
    maxUses: c.maxUses,
    expiresAt: c.expiresAt === null ? null : new Date(c.expiresAt).toISOString(),
    unlocksSale: c.unlocksSale,
    ended: c.expiresAt !== null && c.expiresAt <= now,
    uses: Number(by.get(c.id)?.uses ?? 0),
    paid: Number(by.get(c.id)?.paid ?? 0),
    revenueCents: Number(by.get(c.id)?.revenue ?? 0),
    createdAt: new Date(c.createdAt).toISOString(),
  }));
}
export type CodeView = Awaited<ReturnType<typeof listCodes>>[number];
