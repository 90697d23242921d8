import { Hono } from 'hono/tiny';
import type { Deps } from '../deps';
import { getEvent } from '../events/service';
import type { AppEnv } from '../lib/http';
import { formatMoney } from '../lib/i18n';
import { Page, switchHref } from '../lib/layout';
import { addressForm, tFor } from '../lib/messages';
import { confirmOrder } from './confirm';
import { releaseHold } from './service';

export function orderRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.get('/:id/done', async (c) => {
    const lang = c.get('lang');
    const { order, submitted, ticketToken, passedOn, event } = await confirmOrder(deps, c.req.param('id'));
    const m = tFor(lang, event);
    const off = order.refundReason === 'event_cancelled' || event.status === 'cancelled';
    // money came (or is coming) although there is no seat: say so, and that it goes back
    const late = off ? m.cancelled : m.doneLate;
    const comingBack = submitted ? `${late} ${m.doneRefundSoon}` : null;
    const waiting = order.status === 'held' && !submitted;
    const demoSettle = order.status === 'processing' && order.provider === 'demo' && order.providerSessionId;
    // a guest's own cancellation under the dinner's policy: what goes back, done or on its way
    const refund = formatMoney(order.refundedCents ?? 0, order.currency, lang);
    const cancelledText = (done: boolean) =>
      m.seats.doneCancelled(done ? refund : `${refund} (${m.seats.refundPending})`);
    const statusText: Record<string, string> = {
      held: comingBack ?? m.donePending,
      processing: m.doneSepa,
      expired: comingBack ?? m.doneExpired,
      failed: m.doneFailed,
      cancelled: comingBack ?? (off ? m.cancelled : m.doneCancelled),
      refund_due: order.refundReason === 'guest_cancelled' ? cancelledText(false) : `${late} ${m.doneRefundDue}`,
      refunded:
        order.refundReason === 'guest_cancelled'
          ? cancelledText(true)
          : ['sold_out_late', 'event_cancelled'].includes(order.refundReason ?? '')
            ? `${late} ${m.doneRefundDone}`
            : m.doneRefunded,
      paid: m.seats.donePassedOn,
    };
    c.header('Cache-Control', 'no-store');
    return c.html(
      <Page
        lang={lang}
        title={`${m.doneTitle} · ${event.title}`}
        form={addressForm(event.addressForm)}
        switchHref={switchHref(c.req.url, lang)}
        switchLabel={m.switchTo}
      >
        {/* while the payment is on its way, /live.js swaps this in place once it arrives (no timed reload) */}
        <div id="order-state" data-live aria-live="polite" data-live-every={waiting ? '3' : undefined}>
          <h1>{order.status === 'paid' && !passedOn ? m.doneTitle : event.title}</h1>
          {order.status === 'paid' && ticketToken ? (
            <div class="card">
              <p class="msg ok">{m.donePaid}</p>
              <a class="button wide" href={`/t/${ticketToken}`}>
                {m.doneOpenTicket}
              </a>
              <p class="hint">{m.doneEmail}</p>
            </div>
          ) : (
            <div class="card">
              <p class={`msg ${waiting || order.status === 'processing' || passedOn ? '' : 'error'}`} role="status">
                {statusText[order.status] ?? order.status}
              </p>
              {waiting ? <a href={`/orders/${order.id}/done`}>{m.reload}</a> : null}
              {demoSettle ? (
                <p>
                  <a href={`/demo/checkout/${order.providerSessionId}`}>DEMO: SEPA …</a>
                </p>
              ) : null}
              <p>
                <a href={`/e/${event.slug}`}>{m.backToEvent}</a>
              </p>
            </div>
          )}
        </div>
        {waiting ? <script src="/live.js" defer /> : null}
      </Page>,
    );
  });

  // Checkout's cancel_url: the buyer left the payment page, so the seat goes back at once.
  r.get('/:id/cancel', async (c) => {
    const order = await releaseHold(deps, c.req.param('id'));
    // still held: a waitlist offer, whose seat stays the person's until the offer lapses
    const kept = order.status === 'held' && order.providerSessionId === null;
    return c.redirect(`/e/${(await getEvent(deps, order.eventId)).slug}?cancelled=${kept ? 'offer' : '1'}`, 303);
  });
  return r;
}
