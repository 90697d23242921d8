import { raw } from 'hono/html';
import { Hono } from 'hono/tiny';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import { type AppEnv, type Ctx, readForm } from '../lib/http';
import { tFor } from '../lib/messages';
import { formFieldErrors } from '../lib/validation';
import { purchaseForm, waitlistForm } from '../orders/schema';
import { holdSeat } from '../orders/service';
import { joinWaitlist } from '../waitlist/service';
import { getEventBySlug } from './by-slug';
import { EventPage, type EventPageProps, type SalesState, WaitlistForm } from './page';
import { countPublicSeatsLeft } from './seats';
import { type Event, salesBlocker } from './service';
import { soldOutFrame } from './sold-out';

/** the fields a re-shown form echoes: exactly the schema's */
const FORM_FIELDS = Object.keys(purchaseForm.def.shape);

type Extra = {
  values?: Record<string, string>;
  fieldErrors?: Record<string, string>;
  notice?: string;
  info?: string;
};

/** where the waitlist form goes in a kept sold-out page: a comment no rendered text can hold (text is escaped) */
const SLOT = '<!--waitlist-form-->';

/** A code the hold refused is marked on the code field itself. */
const CODE_ERRORS: Record<string, string> = {
  code_invalid: 'codeInvalid',
  code_expired: 'codeExpired',
  code_used_up: 'codeUsedUp',
};

export function publicEventRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();

  /** A re-shown form links the other language to the event page itself: its own URL only takes a POST. */
  async function render(c: Ctx, event: Event, extra: Extra = {}, status: 200 | 400 | 409 | 502 | 503 = 200) {
    const now = deps.clock.now();
    const seatsLeft = await countPublicSeatsLeft(deps.db, event, now);
    const blocker = salesBlocker(event, now, seatsLeft);
    const open = blocker === null || blocker === 'sold_out' || blocker === 'sales_not_open';
    const sales: SalesState = !open
      ? blocker
      : !deps.payments
        ? 'payments_missing'
        : blocker === 'sold_out'
          ? 'waitlist'
          : blocker === 'sales_not_open'
            ? 'presale'
            : 'open';
    const props: EventPageProps = {
      event,
      lang: c.get('lang'),
      url: c.req.method === 'GET' ? c.req.url : new URL(`/e/${event.slug}`, c.req.url).href,
      seatsLeft,
      sales,
      demo: deps.payments?.kind === 'demo',
      ...extra,
    };
    if (sales !== 'waitlist' || status !== 409 || extra.fieldErrors || extra.info)
      return c.html(<EventPage {...props} />, status);
    // A sale opening's late buyers all get this page: only their own entries in the waitlist form differ, so the
    // rest is made once while the dinner is known to be sold out (src/events/sold-out.ts).
    const [head, tail] = await soldOutFrame(deps.db, event.id, now, `${props.lang}:${extra.notice ?? ''}`, async () => {
      const page = await (<EventPage {...props} waitlistSlot={raw(SLOT)} />).toString();
      const at = page.indexOf(SLOT);
      return [page.slice(0, at), page.slice(at + SLOT.length)] as const;
    });
    return c.html(head + (await (<WaitlistForm {...props} />).toString()) + tail, status);
  }

  r.get('/:slug', async (c) => {
    const event = await getEventBySlug(deps, c.req.param('slug'));
    const m = tFor(c.get('lang'), event);
    const cancelled = c.req.query('cancelled');
    const notice = cancelled === 'offer' ? m.seats.offerKept : cancelled ? m.paymentCancelled : undefined;
    const info = c.req.query('waitlist') === 'mailed' ? m.seats.lineMailed : undefined;
    // ?code= prefills the code field (a link in a sponsor's or members' mail)
    const values = { code: (c.req.query('code') ?? '').slice(0, 40) };
    return render(c, event, { notice, info, values });
  });

  r.post('/:slug/checkout', async (c) => {
    const slug = c.req.param('slug');
    const event = await getEventBySlug(deps, slug);
    const raw = await readForm(c);
    const values = Object.fromEntries(FORM_FIELDS.map((k) => [k, (raw[k] ?? '').slice(0, 400)]));
    const parsed = purchaseForm.safeParse(raw);
    if (!parsed.success) return render(c, event, { values, fieldErrors: formFieldErrors(parsed.error.issues) }, 400);
    const lang = c.get('lang');
    try {
      const { checkoutUrl } = await holdSeat(deps, { event, form: parsed.data, lang });
      return c.redirect(checkoutUrl, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const m = tFor(lang, event);
      const codeError = CODE_ERRORS[err.code];
      if (codeError) return render(c, event, { values, fieldErrors: { code: codeError } }, err.status as 400 | 409);
      const notice: Partial<Record<string, string>> = {
        sold_out: m.soldOut,
        sales_closed: m.salesClosed,
        sales_not_open: m.errors.sales_not_open,
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

  // A sold-out dinner's line: the link to the person's place goes by mail (src/waitlist/routes.tsx).
  r.post('/:slug/waitlist', async (c) => {
    const event = await getEventBySlug(deps, c.req.param('slug'));
    const raw = await readForm(c);
    const values = Object.fromEntries(FORM_FIELDS.map((k) => [k, (raw[k] ?? '').slice(0, 400)]));
    const parsed = waitlistForm.safeParse(raw);
    if (!parsed.success) return render(c, event, { values, fieldErrors: formFieldErrors(parsed.error.issues) }, 400);
    const lang = c.get('lang');
    try {
      // joined or already in line: the same answer, the difference goes to the address only (src/waitlist)
      await joinWaitlist(deps, { event, form: parsed.data, lang });
      return c.redirect(`/e/${event.slug}?waitlist=mailed`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'sales_closed' && err.code !== 'event_cancelled')) throw err;
      return render(c, event, { values, notice: tFor(lang, event).errors[err.code] }, 409);
    }
  });
  return r;
}
