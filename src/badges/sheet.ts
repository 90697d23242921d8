import { sql } from 'drizzle-orm';
import type { Deps } from '../deps';
import { firstName } from '../lib/names';
import * as z from '../lib/validation';
import { ensureBadgeCodes } from './codes';
import { LAYOUT_IDS } from './layouts';

/** What to print, from the badge page's form (GET, so a printout can be linked and repeated). */
export const badgeQuery = z.object({
  layout: z._default(z.enum(LAYOUT_IDS), 'cut-2x4'),
  sort: z._default(z.enum(['name', 'table']), 'name'),
  which: z._default(z.enum(['all', 'unprinted', 'one']), 'all'),
  ticket: z.optional(z.string().check(z.regex(/^[0-9a-z]{10,40}$/))),
  /** the PDF leaves out the badges only the browser prints right (pdf.ts), instead of refusing */
  omit: z.optional(z.enum(['browser'])),
});
export type BadgeQuery = z.output<typeof badgeQuery>;

export interface Badge {
  ticketId: string;
  /** printed large: what the host and the room call the guest */
  firstName: string;
  fullName: string;
  /** only when the guest chose to show it (orders.badge / tickets.badge): '' otherwise */
  company: string;
  askMeAbout: string;
  tableLabel: string | null;
  /** the greeting code in the QR (src/badges/codes.ts) */
  code: string;
  printed: boolean;
}

type Row = {
  id: string;
  name: string;
  given_name: string;
  family_name: string;
  company: string;
  ask_me_about: string;
  badge: string;
  table_label: string | null;
  printed: number;
};

/** The guests a badge is printed for: valid tickets of paid orders whose data is not erased. */
export async function listBadgeGuests(deps: Deps, eventId: string) {
  return deps.db.all<Row>(sql`
    SELECT t.id, t.name, t.given_name, t.family_name, t.company, t.ask_me_about, t.badge, t.table_label,
      EXISTS (SELECT 1 FROM badge_prints p WHERE p.event_id = t.event_id AND p.ticket_id = t.id) AS printed
    FROM tickets t JOIN orders o ON o.id = t.order_id
    WHERE t.event_id = ${eventId} AND t.status = 'valid' AND o.status = 'paid' AND t.anonymized_at IS NULL`);
}

const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });
const byName = (a: Row, b: Row) =>
  collator.compare(a.family_name || a.name, b.family_name || b.name) ||
  collator.compare(a.given_name, b.given_name) ||
  (a.id < b.id ? -1 : 1);
// table order: guests without a table last, so a sheet per table stays together
const byTable = (a: Row, b: Row) =>
  (a.table_label === null ? 1 : 0) - (b.table_label === null ? 1 : 0) ||
  collator.compare(a.table_label ?? '', b.table_label ?? '') ||
  byName(a, b);

/**
 * The badges to print, in order, each showing only what its guest chose: the name always, the company with
 * "name and company" or more, the "ask me about" line only with "plus ask me about". Gives each a greeting code.
 */
export async function loadBadges(deps: Deps, eventId: string, q: BadgeQuery): Promise<Badge[]> {
  const rows = (await listBadgeGuests(deps, eventId))
    .filter((r) => (q.which === 'one' ? r.id === q.ticket : q.which === 'unprinted' ? Number(r.printed) !== 1 : true))
    .sort(q.sort === 'table' ? byTable : byName);
  const codes = await ensureBadgeCodes(
    deps,
    eventId,
    rows.map((r) => r.id),
  );
  return rows.flatMap((r) => {
    const code = codes.get(r.id);
    if (!code) return [];
    const showCompany = r.badge === 'company' || r.badge === 'ask';
    return [
      {
        ticketId: r.id,
        firstName: firstName({ givenName: r.given_name, familyName: r.family_name, name: r.name }),
        fullName: r.name,
        company: showCompany ? r.company : '',
        askMeAbout: r.badge === 'ask' ? r.ask_me_about : '',
        tableLabel: r.table_label,
        code,
        printed: Number(r.printed) === 1,
      },
    ];
  });
}

/** Append-only: these badges went to the printer (marked on the page) or into a PDF. */
export async function recordBadgePrints(deps: Deps, eventId: string, ticketIds: string[], via: 'print' | 'pdf') {
  if (ticketIds.length === 0) return 0;
  const now = deps.clock.now();
  const [first, ...rest] = ticketIds.map((id) =>
    deps.db.run(sql`INSERT INTO badge_prints (event_id, ticket_id, via, created_at)
      SELECT event_id, id, ${via}, ${now} FROM tickets WHERE id = ${id} AND event_id = ${eventId}`),
  );
  await deps.db.batch([first!, ...rest]);
  return ticketIds.length;
}
