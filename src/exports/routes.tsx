import type { Context } from 'hono';
import { type AdminEnv, adminApi, adminPages } from '../admin/auth';
import type { Deps } from '../deps';
import { getEvent } from '../events/service';
import { AppError } from '../lib/errors';
import { retentionDeadline } from '../privacy/retention';
import { ContactsPage } from './admin-pages';
import type { RenderedExport } from './formats';
import { type ExportFormat, FORMATS, isFilter } from './rows';
import { exportContacts, listDeletionLog, listExportLog } from './service';

function download(c: Context, out: RenderedExport) {
  return c.body(out.body, 200, {
    'Content-Type': out.contentType,
    'Content-Disposition': `attachment; filename="${out.filename}"`,
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

/** ?filter= defaults to all paid guests; anything else than the three filters is refused, not guessed. */
function filterOf(c: Context) {
  const filter = c.req.query('filter') ?? 'paid';
  if (!isFilter(filter))
    throw new AppError('invalid_input', 'filter must be paid, checked_in or greeted.', {
      fields: { filter: 'invalid' },
    });
  return filter;
}

function exportHandler(deps: Deps, format: ExportFormat) {
  return async (c: Context<AdminEnv>) =>
    download(
      c,
      await exportContacts(deps, {
        eventId: c.req.param('id') ?? '',
        filter: filterOf(c),
        format,
        actor: c.get('actor'),
      }),
    );
}

/** Mounted at /api/admin: the organizer's tools, with the bearer token (adminApi). */
export function exportApiRoutes(deps: Deps) {
  const r = adminApi(deps);
  for (const format of FORMATS) r.get(`/events/:id/export.${format}`, exportHandler(deps, format));
  r.get('/events/:id/export-log', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const [exports, deletions] = await Promise.all([listExportLog(deps, event.id), listDeletionLog(deps, event.id)]);
    return c.json({ exports, deletions });
  });
  return r;
}

/** Mounted at /admin: the same downloads from the organizer's pages, with the session cookie (adminPages). */
export function exportPageRoutes(deps: Deps) {
  const r = adminPages(deps);
  for (const format of FORMATS) r.get(`/events/:id/export.${format}`, exportHandler(deps, format));
  r.get('/events/:id/contacts', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const [exports, deletions] = await Promise.all([listExportLog(deps, event.id), listDeletionLog(deps, event.id)]);
    c.header('Cache-Control', 'no-store');
    return c.html(
      <ContactsPage
        lang={c.get('lang')}
        url={new URL(c.req.path, c.req.url).toString()}
        csrf={c.get('csrfToken')}
        event={event}
        exports={exports}
        deletions={deletions}
        deadline={retentionDeadline(event.endsAt, deps.config.retentionDays)}
        retentionDays={deps.config.retentionDays}
      />,
    );
  });
  return r;
}
