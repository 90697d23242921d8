import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { type AdminEnv, adminApi, adminPages } from '../admin/auth';
import { flash } from '../admin/flash';
import { am } from '../admin/messages';
import { CsrfField, type Notice } from '../admin/pages/layout';
import { EventSubPage } from '../admin/pages/sub-page';
import { tickets } from '../db/schema';
import type { Deps } from '../deps';
import { type Event, getEvent } from '../events/service';
import { AppError } from '../lib/errors';
import { readJson } from '../lib/http';
import { formatMoney, type Lang } from '../lib/i18n';
import { formatDateTime } from '../lib/time';
import { formFieldErrors } from '../lib/validation';
import { transferForm } from '../orders/schema';
import { getOrder, type Order } from '../orders/service';
import { TransferFields } from './pages';
import { seatHistory, transferTicket } from './service';

const FIELDS = Object.keys(transferForm.def.shape);

async function validTicketOf(deps: Deps, orderId: string) {
  return deps.db.query.tickets.findFirst({ where: and(eq(tickets.orderId, orderId), eq(tickets.status, 'valid')) });
}

/** Organizer API, mounted at /api/admin (adminApi: the bearer ADMIN_TOKEN): pass a seat on, read its history. */
export function transferApiRoutes(deps: Deps) {
  const r = adminApi(deps);
  r.post('/tickets/:id/transfer', async (c) => {
    const ticket = await deps.db.query.tickets.findFirst({ where: eq(tickets.id, c.req.param('id')) });
    if (!ticket) throw new AppError('not_found', 'No such ticket.');
    const form = await readJson(c, transferForm);
    const event = await getEvent(deps, ticket.eventId);
    return c.json(await transferTicket(deps, { ticket, event, form, actor: 'organizer', lang: c.get('lang') }), 201);
  });
  r.get('/orders/:id/history', async (c) => {
    const order = await getOrder(deps, c.req.param('id'));
    c.header('Cache-Control', 'no-store');
    return c.json({ orderId: order.id, holders: await seatHistory(deps, order.id) });
  });
  return r;
}

type C = Context<AdminEnv>;

/** The seat's history and the organizer's "pass on" form, mounted at /admin (adminPages: session + CSRF). */
export function transferPageRoutes(deps: Deps) {
  const r = adminPages(deps);
  const render = async (
    c: C,
    form?: { values: Record<string, string>; errors: Record<string, string> },
    status: 200 | 400 = 200,
  ) => {
    const order = await getOrder(deps, c.req.param('id') ?? '');
    const [event, history, current] = await Promise.all([
      getEvent(deps, order.eventId),
      seatHistory(deps, order.id),
      validTicketOf(deps, order.id),
    ]);
    return c.html(
      <SeatPage
        lang={c.get('lang')}
        url={new URL(c.req.path, c.req.url).toString()}
        csrf={c.get('csrfToken')}
        event={event}
        order={order}
        history={history}
        current={current?.name ?? null}
        values={form?.values}
        errors={form?.errors}
        notice={form ? undefined : flash(c)}
      />,
      status,
    );
  };
  r.get('/orders/:id', (c) => render(c));
  r.post('/orders/:id/transfer', async (c) => {
    const order = await getOrder(deps, c.req.param('id'));
    const raw = c.get('form');
    const values = Object.fromEntries(FIELDS.map((k) => [k, (raw[k] ?? '').slice(0, 400)]));
    const parsed = transferForm.safeParse(raw);
    if (!parsed.success) return render(c, { values, errors: formFieldErrors(parsed.error.issues) }, 400);
    const ticket = await validTicketOf(deps, order.id);
    const back = `/admin/orders/${order.id}`;
    if (!ticket) return c.redirect(`${back}?err=not_transferable`, 303);
    try {
      const event = await getEvent(deps, order.eventId);
      await transferTicket(deps, { ticket, event, form: parsed.data, actor: 'organizer', lang: c.get('lang') });
      return c.redirect(`${back}?msg=transferred`, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return c.redirect(`${back}?err=${err.code}`, 303);
    }
  });
  return r;
}

export function SeatPage(props: {
  lang: Lang;
  url: string;
  csrf: string;
  event: Event;
  order: Order;
  history: Awaited<ReturnType<typeof seatHistory>>;
  current: string | null;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  notice?: Notice;
}) {
  const { lang, event: e, order: o } = props;
  const m = am(lang);
  const s = m.seats;
  const at = (ms: number | null) => (ms === null ? '–' : formatDateTime(ms, e.timezone, lang));
  return (
    <EventSubPage
      lang={lang}
      heading={s.historyTitle}
      event={e}
      url={props.url}
      csrf={props.csrf}
      notice={props.notice}
    >
      <div class="card">
        <p>{s.bought(o.name || '–', at(o.paidAt ?? o.createdAt))}</p>
        <p>
          {`${m.colAmount}: ${formatMoney(o.amountCents, o.currency, lang)} · ${m.orderStatus[o.status] ?? o.status}`}
          {o.refundReason ? ` (${s.refundReason[o.refundReason] ?? o.refundReason})` : ''}
        </p>
      </div>
      <table>
        <thead>
          <tr>
            <th>{s.colHolder}</th>
            <th>{m.colEmail}</th>
            <th>{m.colTicket}</th>
            <th>{s.colFrom}</th>
            <th>{s.colUntil}</th>
          </tr>
        </thead>
        <tbody>
          {props.history.map((h) => (
            <tr>
              <td>{h.name || '–'}</td>
              <td>{h.email}</td>
              <td>
                {m.ticketStatus[h.status] ?? h.status}
                {h.passedOnBy ? ` (${s.by[h.passedOnBy] ?? h.passedOnBy})` : ''}
              </td>
              <td>{at(h.createdAt)}</td>
              <td>{at(h.endedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.current !== null ? (
        <form class="card" method="post" action={`/admin/orders/${o.id}/transfer`} novalidate>
          <h2 style="margin-top:0">{s.transferTitle}</h2>
          <CsrfField token={props.csrf} />
          <p class="hint">{s.currentHolder(props.current)}</p>
          <p class="hint">{s.transferIntro}</p>
          <TransferFields lang={lang} values={props.values} errors={props.errors} submit={s.transferSubmit} />
        </form>
      ) : null}
    </EventSubPage>
  );
}
