import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono/tiny';
import { adminSession, requireAdminBearer } from '../admin/auth';
import type { Deps } from '../deps';
import { getEvent } from '../events/service';
import { AppError } from '../lib/errors';
import type { AppEnv } from '../lib/http';
import { retentionDeadline } from '../privacy/retention';
import { ContactsPage } from './admin-pages';
import type { RenderedExport } from './formats';
import { type ExportFormat, FORMATS, isFilter } from './rows';
import { exportContacts, listDeletionLog, listExportLog } from './service';

type Env = AppEnv & { Variables: AppEnv['Variables'] & { actor: string; csrfToken: string } };

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
  return async (c: Context<Env>) =>
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

/** Mounted at /api/admin: the organizer's tools, with the bearer token. */
export function exportApiRoutes(deps: Deps) {
  const r = new Hono<Env>();
  // The shared bearer check is typed for the plain app env; this router only adds `actor` to it.
  const checkBearer = requireAdminBearer(deps) as unknown as MiddlewareHandler<Env>;
  const bearer: MiddlewareHandler<Env> = async (c, next) => {
    c.set('actor', 'api');
    return checkBearer(c, next);
  };
  for (const format of FORMATS) r.get(`/events/:id/export.${format}`, bearer, exportHandler(deps, format));
  r.get('/events/:id/export-log', bearer, async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const [exports, deletions] = await Promise.all([listExportLog(deps, event.id), listDeletionLog(deps, event.id)]);
    return c.json({ exports, deletions });
  });
  return r;
}

/** Mounted at /admin: the same downloads from the organizer's pages, with the session cookie. */
export function exportPageRoutes(deps: Deps) {
  const r = new Hono<Env>();
  const session: MiddlewareHandler<Env> = async (c, next) => {
    const s = await adminSession(deps, c);
    if (!s) return c.redirect('/admin', 303);
    // A short piece of the session's hash tells two sessions apart in the log; it opens nothing.
    c.set('actor', `session:${s.tokenHash.slice(0, 8)}`);
    c.set('csrfToken', s.csrfToken);
    await next();
  };
  for (const format of FORMATS) r.get(`/events/:id/export.${format}`, session, exportHandler(deps, format));
  r.get('/events/:id/contacts', session, async (c) => {
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
