import type { Event, EventStats } from '../../events/service';
import { formatMoney, type Lang } from '../../lib/i18n';
import { formatDateTime } from '../../lib/time';
import type { EventFormValues, FieldErrors } from '../event-form';
import { am } from '../messages';
import { EventForm } from './event-form';
import { AdminPage, CsrfField, type Notice } from './layout';

interface Base {
  lang: Lang;
  url: string;
  csrf: string;
  notice?: Notice;
}

export function EventListPage(props: Base & { rows: { event: Event; stats: EventStats }[] }) {
  const m = am(props.lang);
  return (
    <AdminPage lang={props.lang} title={m.eventsTitle} url={props.url} csrf={props.csrf} notice={props.notice}>
      <h1>{m.eventsTitle}</h1>
      <p>
        <a class="button" href="/admin/events/new">
          {m.newEvent}
        </a>
      </p>
      {props.rows.length === 0 ? (
        <p class="muted">{m.noEvents}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{m.colTitle}</th>
              <th>{m.colDate}</th>
              <th>{m.colStatus}</th>
              <th>{m.sold}</th>
              <th>{m.held}</th>
              <th>{m.seatsLeft}</th>
              <th>{m.revenue}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map(({ event: e, stats: s }) => (
              <tr>
                <td data-label={m.colTitle}>
                  <a href={`/admin/events/${e.id}`}>{e.title}</a>
                </td>
                <td data-label={m.colDate}>
                  {formatDateTime(e.startsAt, e.timezone, props.lang)} <span class="muted">({e.timezone})</span>
                </td>
                <td data-label={m.colStatus}>{m.status[e.status] ?? e.status}</td>
                <td data-label={m.sold}>{s.sold}</td>
                <td data-label={m.held}>{s.held}</td>
                <td data-label={m.seatsLeft}>{s.seatsLeft}</td>
                <td data-label={m.revenue}>{formatMoney(s.revenueCents, e.currency, props.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminPage>
  );
}

export function NewEventPage(props: Base & { values: EventFormValues; errors?: FieldErrors }) {
  const m = am(props.lang);
  return (
    <AdminPage lang={props.lang} title={m.newEvent} url={props.url} csrf={props.csrf} notice={props.notice}>
      <h1>{m.newEvent}</h1>
      <EventForm
        lang={props.lang}
        csrf={props.csrf}
        action="/admin/events"
        submitLabel={m.create}
        values={props.values}
        errors={props.errors}
      />
    </AdminPage>
  );
}

export function CancelEventPage(props: Base & { event: Event }) {
  const m = am(props.lang);
  const e = props.event;
  return (
    <AdminPage lang={props.lang} title={m.cancelTitle} url={props.url} csrf={props.csrf}>
      <h1>{m.cancelTitle}</h1>
      <div class="card">
        <p>
          <strong>{e.title}</strong> · {formatDateTime(e.startsAt, e.timezone, props.lang)}
        </p>
        <p>{m.cancelWarning}</p>
        <form method="post" action={`/admin/events/${e.id}/cancel`} class="row">
          <CsrfField token={props.csrf} />
          <label class="check" for="refund">
            <input id="refund" name="refund" type="checkbox" checked />
            <span>{m.cancelRefund}</span>
          </label>
          <button class="danger" type="submit">
            {m.cancelConfirm}
          </button>
          <a href={`/admin/events/${e.id}`}>{m.cancelBack}</a>
        </form>
      </div>
    </AdminPage>
  );
}
