import { desc, eq } from 'drizzle-orm';
import { deletionLog, exportLog } from '../db/schema';
import type { Deps } from '../deps';
import { getEvent } from '../events/service';
import { type RenderedExport, renderExport } from './formats';
import { type ExportFilter, type ExportFormat, loadExportRows } from './rows';

/**
 * One organizer export: read, render, log. The log row is written before the file is handed out,
 * so no export leaves without a record of who took it, when, in which format and how many guests.
 */
export async function exportContacts(
  deps: Deps,
  input: { eventId: string; filter: ExportFilter; format: ExportFormat; actor: string },
): Promise<RenderedExport> {
  const event = await getEvent(deps, input.eventId);
  const rows = await loadExportRows(deps, event.id, input.filter);
  const now = deps.clock.now();
  const out = await renderExport(event, input.filter, input.format, rows, now);
  await deps.db.insert(exportLog).values({
    eventId: event.id,
    actor: input.actor,
    format: input.format,
    filter: input.filter,
    rows: out.rows,
    createdAt: now,
  });
  deps.log.info('contacts exported', { eventId: event.id, format: input.format, filter: input.filter, rows: out.rows });
  return out;
}

export async function listExportLog(deps: Deps, eventId: string, limit = 200) {
  return deps.db
    .select()
    .from(exportLog)
    .where(eq(exportLog.eventId, eventId))
    .orderBy(desc(exportLog.id))
    .limit(limit);
}

export async function listDeletionLog(deps: Deps, eventId: string, limit = 200) {
  return deps.db
    .select()
    .from(deletionLog)
    .where(eq(deletionLog.eventId, eventId))
    .orderBy(desc(deletionLog.id))
    .limit(limit);
}
