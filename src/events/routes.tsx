import { Hono } from 'hono/tiny';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import { type AppEnv, type Ctx, readForm } from '../lib/http';
import { t } from '../lib/messages';
import { formFieldErrors } from '../lib/validation';
import { purchaseForm } from '../orders/schema';
import { holdSeat } from '../orders/service';
import { EventPage, type SalesState } from './page';
import { countSeatsLeft } from './seats';
import { type Event, getEventBySlug, salesBlocker } from './service';

/** the fields a re-shown form echoes: exactly the schema's */
const FORM_FIELDS = Object.keys(purchaseForm.def.shape);

export function publicEventRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();

  async function render(
    c: Ctx,
    event: Event,
    extra: { values?: Record<string, string>; fieldErrors?: Record<string, string>; notice?: string } = {},
    status: 200 | 400 | 409 | 502 | 503 = 200,
  ) {
    const now = deps.clock.now();
    const seatsLeft = await countSeatsLeft(deps.db, event, now);
    const sales: SalesState = salesBlocker(event, now, seatsLeft) ?? (deps.payments ? 'open' : 'payments_missing');
    return c.html(
      <EventPage
        event={event}
        lang={c.get('lang')}
        url={c.req.url}
        seatsLeft={seatsLeft}
        sales={sales}
        demo={deps.payments?.kind === 'demo'}
        {...extra}
      />,
      status,
    );
  }

  r.get('/:slug', async (c) => {
    const notice = c.req.query('cancelled') ? t(c.get('lang')).paymentCancelled : undefined;
    return render(c, await getEventBySlug(deps, c.req.param('slug')), { notice });
  });

  r.post('/:slug/checkout', async (c) => {
    const slug = c.req.param('slug');
    const event = await getEventBySlug(deps, slug);
    const raw = await readForm(c);
    const values = Object.fromEntries(FORM_FIELDS.map((k) => [k, (raw[k] ?? '').slice(0, 400)]));
    const parsed = purchaseForm.safeParse(raw);
    if (!parsed.success) {
      return render(c, event, { values, fieldErrors: formFieldErrors(parsed.error.issues) }, 400);
    }
    const lang = c.get('lang');
    try {
      const { checkoutUrl } = await holdSeat(deps, { event, form: parsed.data, lang });
      return c.redirect(checkoutUrl, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const m = t(lang);
      const notice: Partial<Record<string, string>> = {
        sold_out: m.soldOut,
        sales_closed: m.salesClosed,
        event_cancelled: m.cancelled,
        payments_not_configured: m.paymentsMissing,
      };
      if (!notice[err.code] && err.code !== 'payment_provider_error') throw err;
      return render(
        c,
        event,
        { values, notice: notice[err.code] ?? m.errors[err.code] },
        err.status as 409 | 502 | 503,
      );
    }
  });
  return r;
}
