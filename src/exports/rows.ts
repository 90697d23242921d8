import { sql } from 'drizzle-orm';
import { currentCheckinId } from '../checkin/state';
import type { Deps } from '../deps';
import { currentGreetingId } from '../greetings/state';
import { contactColumn, grants, SCOPE_FIELDS } from '../privacy/consent';

export const FILTERS = ['paid', 'checked_in', 'greeted'] as const;
export type ExportFilter = (typeof FILTERS)[number];
export const FORMATS = ['csv', 'xlsx', 'vcf', 'json'] as const;
export type ExportFormat = (typeof FORMATS)[number];

export const isFilter = (v: unknown): v is ExportFilter => FILTERS.includes(v as ExportFilter);

/** The contact fields the host scope lets out (privacy/consent.ts); every export format takes them from here. */
export const HOST_FIELDS = SCOPE_FIELDS.host;
export type HostField = (typeof HOST_FIELDS)[number];

export type ExportRow = Record<HostField, string> & {
  ticketId: string;
  name: string;
  /** the guest's current host consent; without it every contact field is empty */
  contactShared: boolean;
  checkedInAt: number | null;
  greetedAt: number | null;
  greetedBy: string | null;
};

type Raw = Record<HostField, string> & {
  ticket_id: string;
  name: string;
  shared: number;
  checked_in_at: number | null;
  greeted_at: number | null;
  greeted_by: string | null;
};

/**
 * The guests of one event for the organizer. Invariant 5 is enforced here, in the query: a contact
 * column is read only when the guest's current host consent is granted, so no format can leak one.
 * Paid means a valid ticket of a paid order; guests who erased their data are left out.
 */
export async function loadExportRows(deps: Deps, eventId: string, filter: ExportFilter): Promise<ExportRow[]> {
  const shared = grants(sql`t.order_id`, 'host');
  const contact = sql.join(
    HOST_FIELDS.map((f) => sql`${contactColumn(f, shared)} AS ${sql.identifier(f)}`),
    sql`, `,
  );
  const narrow =
    filter === 'checked_in' ? sql`AND c.id IS NOT NULL` : filter === 'greeted' ? sql`AND g.id IS NOT NULL` : sql``;
  const rows = await deps.db.all<Raw>(sql`
    SELECT t.id AS ticket_id, t.name, ${shared} AS shared, ${contact},
      c.device_time AS checked_in_at, g.device_time AS greeted_at, gd.name AS greeted_by
    FROM tickets t
    JOIN orders o ON o.id = t.order_id
    LEFT JOIN scans c ON c.id = ${currentCheckinId('t')}
    LEFT JOIN greetings g ON g.id = ${currentGreetingId('t')}
    LEFT JOIN devices gd ON gd.id = g.device_id
    WHERE t.event_id = ${eventId} AND t.status = 'valid' AND o.status = 'paid' AND t.anonymized_at IS NULL ${narrow}
    ORDER BY t.name COLLATE NOCASE, t.id`);
  return rows.map((r) => ({
    ticketId: r.ticket_id,
    name: r.name,
    contactShared: Number(r.shared) === 1,
    ...(Object.fromEntries(HOST_FIELDS.map((f) => [f, r[f]])) as Record<HostField, string>),
    checkedInAt: r.checked_in_at === null ? null : Number(r.checked_in_at),
    greetedAt: r.greeted_at === null ? null : Number(r.greeted_at),
    greetedBy: r.greeted_by,
  }));
}
