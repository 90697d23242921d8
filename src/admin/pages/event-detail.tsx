import { bm } from '../../badges/messages';
import type { Event, EventStats } from '../../events/service';
import { ExportDownloads } from '../../exports/admin-pages';
import { formatMoney, type Lang } from '../../lib/i18n';
import { formatDateTime } from '../../lib/time';
import type { listEventOrders } from '../../orders/list';
import type { EventFormValues, FieldErrors } from '../event-form';
import { am } from '../messages';
import { CheckinSection } from './checkin';
import { EventForm } from './event-form';
import { AdminPage, CsrfField, type Notice } from './layout';

export type OrderRow = Awaited<ReturnType<typeof listEventOrders>>[number];

export function EventDetailPage(props: {
  lang: Lang;
  url: string;
  csrf: string;
  publicUrl: string;
  event: Event;
  stats: EventStats;
  orders: OrderRow[];
  values: EventFormValues;
  errors?: FieldErrors;
  notice?: Notice;
}) {
  const { lang, event: e, stats: s } = props;
  const m = am(lang);
  const money = (cents: number, currency = e.currency) => formatMoney(cents, currency, lang);
  const publicPath = `/e/${e.slug}`;
  const stat = (label: string, value: string | number) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <AdminPage lang={lang} title={e.title} url={props.url} csrf={props.csrf} notice={props.notice}>
      <h1>{e.title}</h1>
      <div class="card">
        <dl>
          {stat(m.colDate, `${formatDateTime(e.startsAt, e.timezone, lang)} (${e.timezone})`)}
          {stat(m.colStatus, m.status[e.status] ?? e.status)}
          {stat(m.sold, s.sold)}
          {stat(m.held, s.held)}
          {stat(m.seatsLeft, `${s.seatsLeft} / ${e.capacity}`)}
          {stat(m.revenue, money(s.revenueCents))}
          {stat(m.refunded, s.refunded)}
          <dt>{m.seats.statWaitlist}</dt>
          <dd>
            {s.waitlist} · <a href={`/admin/events/${e.id}/waitlist`}>{m.seats.waitlistTitle}</a>
          </dd>
          <dt>{m.seats.codesTitle}</dt>
          <dd>
            <a href={`/admin/events/${e.id}/codes`}>{m.seats.codesTitle}</a>
          </dd>
          <dt>{bm(props.lang).title}</dt>
          <dd>
            <a href={`/admin/events/${e.id}/badges`}>{bm(props.lang).link}</a>
          </dd>
          {stat(m.checkedIn, s.checkedIn)}
          <dt>{m.greeted}</dt>
          <dd>
            {s.greeted} · <a href={`/admin/events/${e.id}/greetings`}>{m.greetingLog}</a>
          </dd>
          <dt>{m.publicLink}</dt>
          <dd>
            <a href={publicPath}>{`${props.publicUrl}${publicPath}`}</a>
          </dd>
        </dl>
      </div>

      <ExportDownloads lang={lang} eventId={e.id} withMore />

      <CheckinSection lang={lang} csrf={props.csrf} eventId={e.id} />

      <h2>{m.ordersTitle}</h2>
      {props.orders.length === 0 ? (
        <p class="muted">{m.noOrders}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{m.colName}</th>
              <th>{m.colEmail}</th>
              <th>{m.colCompany}</th>
              <th>{m.colStatus}</th>
              <th>{m.colAmount}</th>
              <th>{m.colCreated}</th>
              <th>{m.colTicket}</th>
              <th>{m.table}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.orders.map((o) => (
              <tr>
                <td data-label={m.colName}>
                  {o.name}
                  {o.transfers > 0 && o.holder ? <div class="hint">{`→ ${o.holder}`}</div> : null}
                </td>
                <td data-label={m.colEmail}>{o.email}</td>
                <td data-label={m.colCompany}>{o.company}</td>
                <td data-label={m.colStatus}>
                  {m.orderStatus[o.status] ?? o.status}
                  {o.refundReason === 'guest_cancelled' ? ` (${m.seats.refundReason.guest_cancelled})` : ''}
                </td>
                <td data-label={m.colAmount}>
                  {money(o.amountCents, o.currency)}
                  {o.code && o.discountCents ? (
                    <div class="hint">{m.seats.discount(o.code, money(o.discountCents, o.currency))}</div>
                  ) : null}
                </td>
                <td data-label={m.colCreated}>{formatDateTime(o.createdAt, e.timezone, lang)}</td>
                <td data-label={m.colTicket}>
                  {o.ticketStatus ? (m.ticketStatus[o.ticketStatus] ?? o.ticketStatus) : '–'}
                  {o.ticketId ? (
                    <div>
                      {/* the name is in the link's name after its visible words (WCAG 2.5.3, label in name) */}
                      <a href={`/admin/orders/${o.id}`}>
                        {o.ticketStatus === 'valid' ? `${m.seats.history} · ${m.seats.transfer_}` : m.seats.history}
                        {o.name ? <span class="visually-hidden">{`: ${o.name}`}</span> : null}
                      </a>
                    </div>
                  ) : null}
                </td>
                <td>
                  {o.ticketStatus === 'valid' ? (
                    // The greeting round goes table by table (greetings/table.ts); empty clears the table.
                    <form method="post" action={`/admin/tickets/${o.ticketId}/table`} class="row">
                      <CsrfField token={props.csrf} />
                      <label>
                        {`${m.table} `}
                        <input name="tableLabel" value={o.tableLabel ?? ''} maxlength={20} size={5} />
                      </label>
                      <button type="submit" class="secondary">
                        {m.setTable}
                      </button>
                    </form>
                  ) : null}
                </td>
                <td>
                  {o.status === 'paid' || o.status === 'refund_due' ? (
                    <form method="post" action={`/admin/orders/${o.id}/refund`}>
                      <CsrfField token={props.csrf} />
                      <input type="hidden" name="event" value={e.id} />
                      <button class="danger" type="submit" aria-label={`${m.refund}: ${o.name}`}>
                        {m.refund}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{m.editTitle}</h2>
      <EventForm
        lang={lang}
        csrf={props.csrf}
        action={`/admin/events/${e.id}`}
        submitLabel={m.save}
        values={props.values}
        errors={props.errors}
      />
      {e.status !== 'cancelled' ? (
        <p>
          <a class="button danger" href={`/admin/events/${e.id}/cancel`}>
            {m.cancelEvent}
          </a>
        </p>
      ) : null}
    </AdminPage>
  );
}
