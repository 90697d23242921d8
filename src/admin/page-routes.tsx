import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono/tiny';
import { badgePageRoutes } from '../badges/routes';
import { codePageRoutes } from '../codes/routes';
import type { Deps } from '../deps';
import { cancelEvent, createEvent, getEvent, getEventStats, listEvents, updateEvent } from '../events/service';
import { greetingPageRoutes } from '../greetings/routes';
import { AppError } from '../lib/errors';
import { readForm } from '../lib/http';
import * as z from '../lib/validation';
import { getOutboxMail, listOutbox } from '../mail/outbox';
import { listEventOrders } from '../orders/list';
import { refundOrder, refundPaidOrders } from '../orders/refund';
import { transferPageRoutes } from '../transfers/admin';
import { waitlistPageRoutes } from '../waitlist/admin';
import { type AdminEnv, adminSession, checkCsrf, endAdminSession, startAdminSession } from './auth';
import { checkinPageRoutes } from './checkin-pages';
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

type Env = AdminEnv & { Variables: AdminEnv['Variables'] & { form: Record<string, string> } };
type C = Parameters<MiddlewareHandler<Env>>[0];

const loginForm = z.object({ token: z._default(z.string().check(z.maxLength(500)), '') });
const refundForm = z.object({ event: z.string().check(z.regex(/^[a-z0-9]{1,64}$/)) });

/** The page's own GET address without flash parameters, for the language switch. */
const here = (c: C, path = c.req.path) => new URL(path, c.req.url).toString();

export function adminPageRoutes(deps: Deps) {
  const r = new Hono<Env>();

  r.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  /** Every page but the login form needs a session; every POST also the session's CSRF token. */
  const guard: MiddlewareHandler<Env> = async (c, next) => {
    const session = await adminSession(deps, c);
    if (!session) return c.redirect('/admin', 303);
    c.set('csrfToken', session.csrfToken);
    if (c.req.method === 'POST') {
      const form = await readForm(c);
      await checkCsrf(session.csrfToken, form.csrf);
      c.set('form', form);
    }
    await next();
  };

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

  r.post('/logout', guard, async (c) => {
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

  r.get('/events/new', guard, (c) => renderNew(c, emptyEventForm()));

  r.post('/events', guard, async (c) => {
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

  r.get('/events/:id', guard, (c) => renderEvent(c, c.req.param('id')));

  r.post('/events/:id', guard, async (c) => {
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

  r.get('/events/:id/cancel', guard, async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const url = here(c);
    return c.html(<CancelEventPage lang={c.get('lang')} url={url} csrf={c.get('csrfToken')} event={event} />);
  });

  r.post('/events/:id/cancel', guard, async (c) => {
    const event = await cancelEvent(deps, c.req.param('id'));
    if (c.get('form').refund !== 'on') return c.redirect(`/admin/events/${event.id}?msg=cancelled`, 303);
    const { failed } = await refundPaidOrders(deps, event.id);
    return c.redirect(`/admin/events/${event.id}?${failed ? 'err=not_refundable' : 'msg=cancelledRefunded'}`, 303);
  });

  r.post('/orders/:id/refund', guard, async (c) => {
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

  r.get('/outbox', guard, async (c) => {
    const mails = await listOutbox(deps);
    return c.html(<OutboxPage lang={c.get('lang')} url={here(c)} csrf={c.get('csrfToken')} mails={mails} />);
  });

  r.get('/outbox/:id', guard, async (c) => {
    const mail = await getOutboxMail(deps, c.req.param('id'));
    if (!mail) throw new AppError('not_found', 'No such mail.');
    return c.html(<MailPage lang={c.get('lang')} url={here(c)} csrf={c.get('csrfToken')} mail={mail} />);
  });

  checkinPageRoutes(r, deps, guard);
  greetingPageRoutes(r, deps, guard);
  waitlistPageRoutes(r, deps, guard);
  codePageRoutes(r, deps, guard);
  badgePageRoutes(r, deps, guard);
  transferPageRoutes(r, deps, guard);

  return r;
}
