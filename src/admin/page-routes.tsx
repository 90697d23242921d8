import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import type { Deps } from '../deps';
import { cancelEvent, createEvent, getEvent, getEventStats, listEvents, updateEvent } from '../events/service';
import { AppError } from '../lib/errors';
import { readForm } from '../lib/http';
import * as z from '../lib/validation';
import { getOutboxMail, listOutbox } from '../mail/outbox';
import { listEventOrders } from '../orders/list';
import { refundOrder, refundPaidOrders } from '../orders/refund';
import { type AdminEnv, adminPages, adminSession, endAdminSession, startAdminSession } from './auth';
import {
  type EventFormValues,
  emptyEventForm,
  eventToForm,
  type FieldErrors,
  parseEventForm,
  pickEventForm,
  serviceFieldErrors,
} from './event-form';
import { flash } from './flash';
import { EventDetailPage } from './pages/event-detail';
import { CancelEventPage, EventListPage, NewEventPage } from './pages/events';
import { LoginPage } from './pages/login';
import { MailPage, OutboxPage } from './pages/outbox';

type C = Context<AdminEnv>;

const loginForm = z.object({ token: z._default(z.string().check(z.maxLength(500)), '') });
const refundForm = z.object({ event: z.string().check(z.regex(/^[a-z0-9]{1,64}$/)) });

/** The page's own GET address without flash parameters, for the language switch. */
const here = (c: C, path = c.req.path) => new URL(path, c.req.url).toString();

/**
 * Mounted at /admin, and the only organizer routes outside adminPages(): the login form (GET /admin shows the
 * dinners instead when a session is live) and the login itself. Every page under /admin is not to be cached.
 */
export function adminLoginRoutes(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  r.get('/', async (c) => {
    const lang = c.get('lang');
    const session = await adminSession(deps, c);
    if (!session) return c.html(<LoginPage lang={lang} url={here(c)} notice={flash(c)} />);
    const events = await listEvents(deps);
    const rows = await Promise.all(events.map(async (event) => ({ event, stats: await getEventStats(deps, event) })));
    return c.html(<EventListPage lang={lang} url={here(c)} csrf={session.csrfToken} rows={rows} notice={flash(c)} />);
  });

  r.post('/login', async (c) => {
    const parsed = loginForm.safeParse(await readForm(c));
    if (parsed.success && (await startAdminSession(deps, c, parsed.data.token))) return c.redirect('/admin', 303);
    return c.html(<LoginPage lang={c.get('lang')} url={here(c, '/admin')} failed />, 401);
  });
  return r;
}

/** Mounted at /admin: the organizer's pages for dinners, orders and mails, behind adminPages (session + CSRF). */
export function adminPageRoutes(deps: Deps) {
  const r = adminPages(deps);

  r.post('/logout', async (c) => {
    await endAdminSession(deps, c);
    return c.redirect('/admin?msg=loggedOut', 303);
  });

  const renderNew = (c: C, values: EventFormValues, errors?: FieldErrors, status: 200 | 400 | 409 = 200) =>
    c.html(
      <NewEventPage
        lang={c.get('lang')}
        url={here(c, '/admin/events/new')}
        csrf={c.get('csrfToken')}
        values={values}
        errors={errors}
      />,
      status,
    );

  r.get('/events/new', (c) => renderNew(c, emptyEventForm()));

  r.post('/events', async (c) => {
    const values = pickEventForm(c.get('form'));
    const parsed = parseEventForm(values);
    if (!parsed.ok) return renderNew(c, values, parsed.errors, 400);
    try {
      const event = await createEvent(deps, parsed.input);
      return c.redirect(`/admin/events/${event.id}?msg=created`, 303);
    } catch (err) {
      const errors = serviceFieldErrors(err);
      if (!errors) throw err;
      return renderNew(c, values, errors, (err as AppError).code === 'conflict' ? 409 : 400);
    }
  });

  async function renderEvent(
    c: C,
    id: string,
    form?: { values: EventFormValues; errors: FieldErrors },
    status: 200 | 400 | 409 = 200,
  ) {
    const lang = c.get('lang');
    const event = await getEvent(deps, id);
    const [stats, orders] = await Promise.all([getEventStats(deps, event), listEventOrders(deps, id)]);
    return c.html(
      <EventDetailPage
        lang={lang}
        url={here(c, `/admin/events/${id}`)}
        csrf={c.get('csrfToken')}
        publicUrl={deps.config.publicUrl}
        event={event}
        stats={stats}
        orders={orders}
        values={form?.values ?? eventToForm(event, lang)}
        errors={form?.errors}
        notice={form ? undefined : flash(c)}
      />,
      status,
    );
  }

  r.get('/events/:id', (c) => renderEvent(c, c.req.param('id')));

  r.post('/events/:id', async (c) => {
    const id = c.req.param('id');
    const values = pickEventForm(c.get('form'));
    const parsed = parseEventForm(values);
    if (!parsed.ok) return renderEvent(c, id, { values, errors: parsed.errors }, 400);
    try {
      await updateEvent(deps, id, parsed.input);
      return c.redirect(`/admin/events/${id}?msg=saved`, 303);
    } catch (err) {
      const errors = serviceFieldErrors(err);
      if (!errors) throw err;
      return renderEvent(c, id, { values, errors }, (err as AppError).code === 'conflict' ? 409 : 400);
    }
  });

  r.get('/events/:id/cancel', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const url = here(c);
    return c.html(<CancelEventPage lang={c.get('lang')} url={url} csrf={c.get('csrfToken')} event={event} />);
  });

  r.post('/events/:id/cancel', async (c) => {
    const refund = c.get('form').refund === 'on';
    const event = await cancelEvent(deps, c.req.param('id'), { refund });
    if (!refund) return c.redirect(`/admin/events/${event.id}?msg=cancelled`, 303);
    const { failed } = await refundPaidOrders(deps, event.id);
    return c.redirect(`/admin/events/${event.id}?${failed ? 'err=not_refundable' : 'msg=cancelledRefunded'}`, 303);
  });

  r.post('/orders/:id/refund', async (c) => {
    const parsed = refundForm.safeParse(c.get('form'));
    const back = parsed.success ? `/admin/events/${parsed.data.event}` : '/admin';
    try {
      await refundOrder(deps, c.req.param('id'));
      return c.redirect(`${back}?msg=refunded`, 303);
    } catch (err) {
      // An expected refusal (already refunded, provider down) belongs on the page, not on an error page.
      if (!(err instanceof AppError)) throw err;
      return c.redirect(`${back}?err=${err.code}`, 303);
    }
  });

  r.get('/outbox', async (c) => {
    const mails = await listOutbox(deps);
    return c.html(<OutboxPage lang={c.get('lang')} url={here(c)} csrf={c.get('csrfToken')} mails={mails} />);
  });

  r.get('/outbox/:id', async (c) => {
    const mail = await getOutboxMail(deps, c.req.param('id'));
    if (!mail) throw new AppError('not_found', 'No such mail.');
    return c.html(<MailPage lang={c.get('lang')} url={here(c)} csrf={c.get('csrfToken')} mail={mail} />);
  });

  return r;
}
