import { Hono } from 'hono/tiny';
import type { Deps } from '../deps';
import type { AppEnv } from '../lib/http';
import { Page } from '../lib/layout';
import { t } from '../lib/messages';
import { confirmOrder } from './confirm';

export function orderRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.get('/:id/done', async (c) => {
    const lang = c.get('lang');
    const m = t(lang);
    const { order, ticketToken, event } = await confirmOrder(deps, c.req.param('id'));
    const waiting = order.status === 'held';
    const demoSettle = order.status === 'processing' && order.provider === 'demo' && order.providerSessionId;
    const statusText: Record<string, string> = {
      held: m.donePending,
      processing: m.doneSepa,
      expired: m.doneExpired,
      failed: m.doneFailed,
      cancelled: m.doneCancelled,
      refunded: order.refundReason === 'sold_out_late' ? m.doneRefundedLate : m.doneRefunded,
    };
    c.header('Cache-Control', 'no-store');
    return c.html(
      <Page lang={lang} title={`${m.doneTitle} · ${event.title}`}>
        {waiting ? <meta http-equiv="refresh" content="3" /> : null}
        <h1>{order.status === 'paid' ? m.doneTitle : event.title}</h1>
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
            <p class={`msg ${waiting || order.status === 'processing' ? '' : 'error'}`} role="status">
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
      </Page>,
    );
  });
  return r;
}
