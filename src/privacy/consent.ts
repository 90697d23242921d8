import { desc, eq, type SQL, sql } from 'drizzle-orm';
import { consents } from '../db/schema';
import type { Deps } from '../deps';
import { POLICY_VERSION } from '../orders/service';

/**
 * host and guests are asked on the purchase form; klick only on the ticket page ("let the guests who
 * were there find me by name and company for a mutual klick"). No record of a scope means no consent,
 * so older orders simply have no klick consent.
 */
export const SCOPES = ['host', 'guests', 'klick'] as const;
export type Scope = (typeof SCOPES)[number];

/** A guest's contact fields and the ticket column each is stored in. */
export const CONTACT_COLUMNS = {
  name: 'name',
  company: 'company',
  role: 'role',
  email: 'email',
  phone: 'phone',
  linkedin: 'linkedin',
  askMeAbout: 'ask_me_about',
} as const;
export type ContactField = keyof typeof CONTACT_COLUMNS;

/**
 * THE list of what each scope lets out, read by the organizer's exports (host), the guests' exchange (guests,
 * klick) and the ticket page's "what each scope shares": a field added here is shared, and shown as shared,
 * everywhere at once. The host's export carries the name in any case (attendance), so `host` does not list it;
 * other guests see someone only through `guests` or `klick`, so both list the name.
 */
export const SCOPE_FIELDS = {
  host: ['company', 'role', 'email', 'phone', 'linkedin', 'askMeAbout'],
  guests: ['name', 'company', 'role', 'email', 'phone', 'linkedin', 'askMeAbout'],
  klick: ['name', 'company'],
} as const satisfies Record<Scope, readonly ContactField[]>;

/** SQL: the ticket's (alias `t`) value of `field` where `shown` holds, else ''. */
export const contactColumn = (field: ContactField, shown: SQL) =>
  sql`CASE WHEN ${shown} THEN ${sql.raw(`t.${CONTACT_COLUMNS[field]}`)} ELSE '' END`;

export interface ConsentState {
  granted: boolean;
  policyVersion: string | null;
  source: string | null;
  recordedAt: number | null;
}

/**
 * SQL condition: the order in column `orderId` currently grants `scope`. Consents are append-only;
 * the newest record per (order, scope) wins, newest by id because ids follow commit order and two
 * records can share a millisecond. No record at all means no consent.
 */
export function grants(orderId: SQL, scope: Scope): SQL {
  return sql`coalesce((SELECT c.granted FROM consents c WHERE c.order_id = ${orderId} AND c.scope = ${scope}
    ORDER BY c.id DESC LIMIT 1), 0) = 1`;
}

export async function currentConsents(deps: Deps, orderId: string): Promise<Record<Scope, ConsentState>> {
  // An order's few records at once, newest first: the first of each scope is its state.
  const rows = await deps.db.select().from(consents).where(eq(consents.orderId, orderId)).orderBy(desc(consents.id));
  const out = {} as Record<Scope, ConsentState>;
  for (const scope of SCOPES) {
    const row = rows.find((r) => r.scope === scope);
    out[scope] = row
      ? { granted: row.granted, policyVersion: row.policyVersion, source: row.source, recordedAt: row.recordedAt }
      : { granted: false, policyVersion: null, source: null, recordedAt: null };
  }
  return out;
}

/** The full history, oldest first: what the guest agreed to, when, under which privacy text. */
export async function consentHistory(deps: Deps, orderId: string) {
  return deps.db.select().from(consents).where(eq(consents.orderId, orderId)).orderBy(consents.id);
}

/**
 * Appends the guest's choice from the ticket page. A choice equal to the current one is not
 * written again, so a double-submitted form leaves one record, not two.
 */
export async function recordConsent(deps: Deps, orderId: string, scope: Scope, granted: boolean): Promise<boolean> {
  const now = deps.clock.now();
  const res = await deps.db.run(sql`
    INSERT INTO consents (order_id, scope, granted, policy_version, source, recorded_at)
    SELECT ${orderId}, ${scope}, ${granted}, ${POLICY_VERSION}, 'ticket_page', ${now}
    WHERE (${grants(sql`${orderId}`, scope)}) != ${granted ? 1 : 0}
      AND EXISTS (SELECT 1 FROM orders WHERE id = ${orderId} AND anonymized_at IS NULL)`);
  return res.rowsAffected === 1;
}
