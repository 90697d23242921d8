import { eq } from 'drizzle-orm';
import { Hono } from 'hono/tiny';
import { demoSessions } from '../db/schema';
import type { Deps } from '../deps';
import { getEvent } from '../events/service';
import { AppError } from '../lib/errors';
import type { AppEnv } from '../lib/http';
import { formatMoney } from '../lib/i18n';
import { Page, switchHref } from '../lib/layout';
import { addressForm, t } from '../lib/messages';
import { formatDateTime } from '../lib/time';
import { getOrder } from '../orders/service';
import { type DemoSession, demoSessionObject, signDemoEvent } from './demo-gateway';

type DemoAction = 'pay' | 'sepa' | 'sepa_succeeded' | 'sepa_failed' | 'expire' | 'cancel';

const transitions: Record<
  Exclude<DemoAction, 'cancel'>,
  { from: string[]; set: Partial<DemoSession>; event: string }
> = {
  pay: { from: ['open'], set: { status: 'complete', paymentStatus: 'paid' }, event: 'checkout.session.completed' },
  sepa: { from: ['open'], set: { status: 'complete', paymentStatus: 'unpaid' }, event: 'checkout.session.completed' },
  sepa_succeeded: {
    from: ['complete'],
    set: { paymentStatus: 'paid' },
    event: 'checkout.session.async_payment_succeeded',
  },
  sepa_failed: { from: ['complete'], set: {}, event: 'checkout.session.async_payment_failed' },
  expire: { from: ['open'], set: { status: 'expired' }, event: 'checkout.session.expired' },
};

/** The session's state in the page's language. */
function demoState(s: DemoSession, de: boolean): string {
  if (s.status === 'open') return de ? 'Offen, noch nicht bezahlt' : 'Open, not paid yet';
  if (s.status === 'expired') return de ? 'Abgelaufen' : 'Expired';
  if (s.paymentStatus === 'paid') return de ? 'Bezahlt' : 'Paid';
  return de ? 'Lastschrift eingereicht, Zahlung ausstehend' : 'Debit submitted, payment pending';
}

/** The demo checkout: each button sends a correctly signed event through the real webhook route. */
export function demoRoutes(deps: Deps, dispatch: (req: Request) => Promise<Response>) {
  const r = new Hono<AppEnv>();
  const load = async (id: string) => {
    const s = await deps.db.query.demoSessions.findFirst({ where: eq(demoSessions.id, id) });
    if (!s) throw new AppError('not_found', 'No such demo checkout.');
    return s;
  };

  r.get('/checkout/:id', async (c) => {
    const s = await load(c.req.param('id'));
    const lang = c.get('lang');
    const de = lang === 'de';
    const event = await getEvent(deps, (await getOrder(deps, s.orderId)).eventId);
    const state = demoState(s, de);
    const sepaOpen = s.status === 'complete' && s.paymentStatus === 'unpaid';
    const button = (action: DemoAction, label: string, cls = '') => (
      <form method="post" action={`/demo/checkout/${s.id}/${action}`}>
        <button class={`wide ${cls}`} type="submit">
          {label}
        </button>
      </form>
    );
    return c.html(
      <Page
        lang={lang}
        title={de ? 'Demo-Kasse' : 'Demo checkout'}
        form={addressForm(event.addressForm)}
        switchHref={switchHref(c.req.url, lang)}
        switchLabel={t(lang).switchTo}
      >
        <p class="msg demo">DEMO — {de ? 'es fließt kein Geld' : 'no money moves'}</p>
        <h1>{de ? 'Demo-Kasse' : 'Demo checkout'}</h1>
        <div class="card">
          {/* what is being paid, as a real checkout shows it; the session id is the provider's business */}
          <p style="margin-top:0">
            <strong>{event.title}</strong>
            <br />
            <span class="muted">{formatDateTime(event.startsAt, event.timezone, lang)}</span>
          </p>
          <dl>
            <dt>{de ? 'Betrag' : 'Amount'}</dt>
            <dd>{formatMoney(s.amountTotal, s.currency, lang)}</dd>
            <dt>{de ? 'E-Mail' : 'Email'}</dt>
            <dd>{s.customerEmail}</dd>
            <dt>{de ? 'Stand' : 'Status'}</dt>
            <dd>{state}</dd>
          </dl>
          {s.status === 'open' ? (
            <>
              {button('pay', de ? 'Bezahlen (Karte)' : 'Pay (card)')}
              {button('sepa', de ? 'SEPA-Lastschrift (ausstehend)' : 'SEPA debit (pending)', 'secondary')}
              {button('expire', de ? 'Ablaufen lassen' : 'Let it expire', 'secondary')}
              {button('cancel', de ? 'Abbrechen' : 'Cancel', 'secondary')}
            </>
          ) : sepaOpen ? (
            <>
              {button('sepa_succeeded', de ? 'SEPA: Zahlung eingegangen' : 'SEPA: payment succeeded')}
              {button('sepa_failed', de ? 'SEPA: Zahlung fehlgeschlagen' : 'SEPA: payment failed', 'danger')}
            </>
          ) : (
            <p>{de ? 'Diese Demo-Sitzung ist abgeschlossen.' : 'This demo session is finished.'}</p>
          )}
        </div>
      </Page>,
    );
  });

  r.post('/checkout/:id/:action', async (c) => {
    const s = await load(c.req.param('id'));
    const action = c.req.param('action') as DemoAction;
    // Stripe's cancel link leads to the cancel_url, which releases the hold (src/orders/routes.tsx)
    if (action === 'cancel') return c.redirect(s.cancelUrl, 303);
    // own keys only: /constructor or /toString must not reach Object.prototype
    const step = Object.hasOwn(transitions, action) && transitions[action as Exclude<DemoAction, 'cancel'>];
    if (!step) throw new AppError('not_found', 'Unknown demo action.');
    if (!step.from.includes(s.status) || (action.startsWith('sepa_') && s.paymentStatus !== 'unpaid'))
      throw new AppError('conflict', `This demo session is ${s.status}/${s.paymentStatus}.`);
    await deps.db.update(demoSessions).set(step.set).where(eq(demoSessions.id, s.id));
    const object = demoSessionObject({ ...s, ...step.set });
    const { payload, signature } = await signDemoEvent(deps.config.demoWebhookSecret, step.event, object, Date.now());
    const res = await dispatch(
      new Request(`${deps.config.publicUrl}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body: payload,
      }),
    );
    if (!res.ok) throw new AppError('payment_provider_error', `The webhook answered ${res.status}.`);
    return c.redirect(action === 'expire' ? s.cancelUrl : s.successUrl, 303);
  });
  return r;
}
