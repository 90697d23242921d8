import { Hono } from 'hono/tiny';
import { BadgeChoiceCard } from '../badges/guest';
import type { Deps } from '../deps';
import type { AppEnv } from '../lib/http';
import { Page, switchHref } from '../lib/layout';
import { addressForm, tFor } from '../lib/messages';
import { formatDateTime } from '../lib/time';
import { getOrder } from '../orders/service';
import { DataCard, GuestSections } from '../privacy/ticket-sections';
import { EndedSeat, SeatSection } from '../transfers/pages';
import { ticketIcs } from './mail';
import { getTicketByToken, groupCode, ticketQrSvg } from './service';
import { WalletButtons } from './wallet-buttons';

export function ticketRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();

  r.get('/:token', async (c) => {
    const lang = c.get('lang');
    const { ticket, event } = await getTicketByToken(deps, c.req.param('token'));
    const m = tFor(lang, event);
    const valid = ticket.status === 'valid';
    // passed on or cancelled: the page says which (with the refund), rather than only "no longer valid"
    const ended = ticket.status === 'transferred' || ticket.status === 'cancelled';
    const order = ended ? await getOrder(deps, ticket.orderId) : null;
    c.header('Cache-Control', 'private, no-store');
    return c.html(
      <Page
        lang={lang}
        title={`${m.ticketTitle} · ${event.title}`}
        form={addressForm(event.addressForm)}
        switchHref={switchHref(c.req.url, lang)}
        switchLabel={m.switchTo}
      >
        <h1>{event.title}</h1>
        {ticket.demo ? <p class="msg demo">{m.demoTicket}</p> : null}
        {/* On a phone the QR code, the code and the calendar button come first, within the first screen. */}
        <div class="card" id="ticket">
          <p style="margin-top:0">
            <strong>{ticket.name || m.guest}</strong>
            {ticket.company ? ` · ${ticket.company}` : ''}
          </p>
          {valid ? (
            <>
              <p>{m.ticketShow}</p>
              <div
                class="qr"
                role="img"
                aria-label={m.ticketCode}
                dangerouslySetInnerHTML={{ __html: await ticketQrSvg(ticket.qrSecret) }}
              />
              <p class="muted" style="text-align:center;margin:.5rem 0 0">
                {m.ticketCode}
              </p>
              <p class="code">{groupCode(ticket.qrSecret)}</p>
              <WalletButtons lang={lang} token={c.req.param('token')} wallet={deps.config.wallet} />
              <a class="button wide" href={`/t/${c.req.param('token')}/ticket.ics`}>
                {m.addToCalendar}
              </a>
              <p class="hint" style="text-align:center;margin:.5rem 0 0">
                {m.ticketOffline}
              </p>
            </>
          ) : order ? (
            <EndedSeat lang={lang} ticket={ticket} event={event} order={order} />
          ) : (
            <p class="msg error">{m.ticketVoid}</p>
          )}
        </div>
        <div class="card">
          <dl>
            <dt>{m.when}</dt>
            <dd>
              {formatDateTime(event.startsAt, event.timezone, lang)} <span class="muted">({event.timezone})</span>
            </dd>
            <dt>{m.where}</dt>
            <dd>{[event.venue, event.address].filter(Boolean).join(', ')}</dd>
          </dl>
        </div>
        {valid ? (
          <BadgeChoiceCard lang={lang} token={c.req.param('token')} value={ticket.badge} msg={c.req.query('msg')} />
        ) : null}
        <SeatSection
          lang={lang}
          ticket={ticket}
          event={event}
          token={c.req.param('token')}
          now={deps.clock.now()}
          msg={c.req.query('msg')}
        />
        {ticket.status === 'transferred' ? (
          // the order's consents are the new guest's now: only the data of this ticket's own holder here
          <DataCard lang={lang} form={addressForm(event.addressForm)} base={`/t/${c.req.param('token')}`} />
        ) : (
          <GuestSections
            deps={deps}
            ticket={ticket}
            event={event}
            token={c.req.param('token')}
            lang={lang}
            msg={c.req.query('msg')}
          />
        )}
        <script src="/ticket-offline.js" defer />
      </Page>,
    );
  });

  r.get('/:token/ticket.ics', async (c) => {
    const { ticket, event } = await getTicketByToken(deps, c.req.param('token'));
    // A calendar that imported the ticket learns of a refund or cancellation by downloading it again.
    const ics = ticketIcs(
      event,
      ticket.id,
      `${deps.config.publicUrl}/t/${c.req.param('token')}`,
      deps.clock.now(),
      ticket.status !== 'valid' || event.status === 'cancelled',
    );
    return c.body(ics, 200, {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${event.slug}.ics"`,
      'Cache-Control': 'private, no-store',
    });
  });
  return r;
}
