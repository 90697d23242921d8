import { Hono } from 'hono/tiny';
import { cancellationQuote, cancelTicket } from '../cancellation/service';
import type { Deps } from '../deps';
import { canTransfer } from '../events/policy';
import { AppError } from '../lib/errors';
import { type AppEnv, type Ctx, readForm, validate } from '../lib/http';
import * as z from '../lib/validation';
import { transferForm } from '../orders/schema';
import { getTicketByToken } from '../tickets/service';
import { CancelPage, TransferPage } from './pages';
import { transferTicket } from './service';

const FIELDS = Object.keys(transferForm.def.shape);
const confirmForm = z.object({ confirm: z.literal('yes') });

/**
 * The ticket holder passes the seat on or cancels it, from the ticket page (mounted at /t). The token in the path
 * is the capability; the app's Origin check refuses a form posted from another site.
 */
export function seatRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  const token = (c: Ctx) => c.req.param('token') ?? '';
  const load = (c: Ctx) => getTicketByToken(deps, token(c));

  const transferPage = async (
    c: Ctx,
    extra: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {},
    status: 200 | 400 | 409 = 200,
  ) => {
    const { ticket, event } = await load(c);
    if (ticket.status !== 'valid' || !canTransfer(event, deps.clock.now()))
      throw new AppError('not_transferable', 'This ticket cannot be passed on.');
    c.header('Cache-Control', 'private, no-store');
    return c.html(
      <TransferPage
        lang={c.get('lang')}
        url={c.req.url}
        action={`/t/${token(c)}/transfer`}
        back={`/t/${token(c)}`}
        event={event}
        {...extra}
      />,
      status,
    );
  };

  r.get('/:token/transfer', (c) => transferPage(c));

  r.post('/:token/transfer', async (c) => {
    const { ticket, event } = await load(c);
    const raw = await readForm(c);
    const values = Object.fromEntries(FIELDS.map((k) => [k, (raw[k] ?? '').slice(0, 400)]));
    const parsed = transferForm.safeParse(raw);
    if (!parsed.success) {
      return transferPage(c, { values, errors: z.formFieldErrors(parsed.error.issues) }, 400);
    }
    await transferTicket(deps, { ticket, event, form: parsed.data, actor: 'guest', lang: c.get('lang') });
    // The old ticket page now says it was passed on; the new link went to the new guest only.
    return c.redirect(`/t/${token(c)}`, 303);
  });

  r.get('/:token/cancel', async (c) => {
    const { ticket, event } = await load(c);
    const quote = await cancellationQuote(deps, ticket, event);
    if (!quote) throw new AppError('not_cancellable', 'This ticket cannot be cancelled.');
    c.header('Cache-Control', 'private, no-store');
    return c.html(<CancelPage lang={c.get('lang')} url={c.req.url} token={token(c)} event={event} quote={quote} />);
  });

  r.post('/:token/cancel', async (c) => {
    const { ticket, event } = await load(c);
    validate(confirmForm, await readForm(c));
    await cancelTicket(deps, { ticket, event, lang: c.get('lang') });
    return c.redirect(`/t/${token(c)}`, 303);
  });
  return r;
}
