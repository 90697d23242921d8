import { asc, eq, sql } from 'drizzle-orm';
import { devices } from '../db/schema';
import type { Deps } from '../deps';
import { currentCheckinId } from './state';

export interface DeviceShare {
  id: string;
  name: string;
  /** valid tickets this phone currently holds the check-in of */
  checkedIn: number;
  /** checkedIn / all checked in, 0 when nobody is in yet */
  share: number;
  revoked: boolean;
}

export interface CheckinStats {
  /** valid tickets that are checked in now */
  checkedIn: number;
  /** valid tickets, one per paid seat (refunded seats are void and not counted) */
  paid: number;
  devices: DeviceShare[];
}

/** "Checked in n / paid N" and each phone's share, for the organizer page. */
export async function getCheckinStats(deps: Deps, eventId: string): Promise<CheckinStats> {
  const rows = await deps.db.all<{ device_id: string | null; n: number }>(sql`
    SELECT c.device_id, count(*) AS n
    FROM tickets t LEFT JOIN scans c ON c.id = ${currentCheckinId('t')}
    WHERE t.event_id = ${eventId} AND t.status = 'valid'
    GROUP BY c.device_id`);
  const counts = new Map(rows.map((r) => [r.device_id, Number(r.n)]));
  const paid = rows.reduce((sum, r) => sum + Number(r.n), 0);
  const checkedIn = paid - (counts.get(null) ?? 0);
  const phones = await deps.db
    .select({ id: devices.id, name: devices.name, revokedAt: devices.revokedAt })
    .from(devices)
    .where(eq(devices.eventId, eventId))
    .orderBy(asc(devices.createdAt), sql`devices.rowid`);
  return {
    checkedIn,
    paid,
    devices: phones.map((d) => {
      const n = counts.get(d.id) ?? 0;
      return {
        id: d.id,
        name: d.name,
        checkedIn: n,
        share: checkedIn ? n / checkedIn : 0,
        revoked: d.revokedAt !== null,
      };
    }),
  };
}

export interface ExpectedGuest {
  id: string;
  name: string;
  company: string;
}

/** Valid tickets not checked in now, by name: who the door still waits for. */
export async function listExpected(deps: Deps, eventId: string, lang: string): Promise<ExpectedGuest[]> {
  const rows = await deps.db.all<ExpectedGuest>(sql`
    SELECT t.id, t.name, t.company FROM tickets t
    WHERE t.event_id = ${eventId} AND t.status = 'valid' AND ${currentCheckinId('t')} IS NULL`);
  const collator = new Intl.Collator(lang, { sensitivity: 'base' });
  return rows.sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
}
