import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import type { Deps } from '../deps';
import { vcards } from '../exports/vcard';
import { AppError } from '../lib/errors';
import { type AppEnv, readForm, validate } from '../lib/http';
import { Page, switchHref } from '../lib/layout';
import { addressForm, t, tFor } from '../lib/messages';
import * as z from '../lib/validation';
import { getTicketByToken } from '../tickets/service';
import { receivedByTransfer } from '../transfers/service';
import { recordConsent, SCOPES } from './consent';
import { eraseGuest } from './erase';
import { exchangeClosedReason, loadExchange, setKlick } from './exchange';
import { collectGuestData } from './guest-data';

const consentForm = z.object({ scope: z.enum(SCOPES), granted: z.enum(['0', '1']) });
const klickForm = z.object({ to: z.string().check(z.regex(/^[0-9a-z]{10,40}$/)), mark: z.enum(['0', '1']) });
const deleteForm = z.object({ confirm: z.literal('yes') });

const privateDownload = (filename: string, type: string) => ({
  'Content-Type': type,
  'Content-Disposition': `attachment; filename="${filename}"`,
  'Cache-Control': 'private, no-store',
  'X-Content-Type-Options': 'nosniff',
});

/**
 * The guest's own actions on the ticket page, mounted at /t next to the ticket routes. The token in
 * the path is the capability; forms come without a session, and the app's Origin check refuses a
 * form posted from any other site.
 */
export function privacyRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  const load = (c: Context<AppEnv>) => getTicketByToken(deps, c.req.param('token') ?? '');
  /** The order's consents and the exchange belong to the seat's current guest, not to one who passed it on. */
  const holder = async (c: Context<AppEnv>) => {
    const found = await load(c);
    if (found.ticket.status === 'transferred') throw new AppError('conflict', 'This ticket was passed on.');
    return found;
  };
  const back = (c: Context<AppEnv>, msg: string, anchor: string) =>
    c.redirect(`/t/${c.req.param('token')}?msg=${msg}#${anchor}`, 303);

  r.post('/:token/consent', async (c) => {
    const { ticket } = await holder(c);
    const form = validate(consentForm, await readForm(c));
    await recordConsent(deps, ticket.orderId, form.scope, form.granted === '1');
    return back(c, 'consent', 'privacy');
  });

  r.post('/:token/klick', async (c) => {
    const { ticket, event } = await holder(c);
    const form = validate(klickForm, await readForm(c));
    await setKlick(deps, ticket, event, form.to, form.mark === '1');
    return back(c, 'klick', 'exchange');
  });

  r.get('/:token/exchange.vcf', async (c) => {
    const { ticket, event } = await load(c);
    const closed = await exchangeClosedReason(deps, ticket, event);
    const guests = closed ? [] : (await loadExchange(deps, ticket, event)).guests;
    const cards = guests.flatMap((g) =>
      g.card
        ? [
            {
              id: g.ticketId,
              name: g.name,
              givenName: g.givenName,
              familyName: g.familyName,
              ...g.card,
              note: g.card.askMeAbout,
              category: event.title,
            },
          ]
        : [],
    );
    return c.body(vcards(cards), 200, privateDownload(`${event.slug}-guests.vcf`, 'text/vcard; charset=utf-8'));
  });

  r.get('/:token/data.json', async (c) => {
    const { ticket, event } = await load(c);
    const data = await collectGuestData(deps, ticket, event);
    return c.body(
      `${JSON.stringify(data, null, 2)}\n`,
      200,
      privateDownload(`klick-${event.slug}-my-data.json`, 'application/json; charset=utf-8'),
    );
  });

  r.get('/:token/delete', async (c) => {
    const lang = c.get('lang');
    const { event } = await load(c);
    const m = tFor(lang, event).privacy;
    const base = `/t/${c.req.param('token')}`;
    c.header('Cache-Control', 'private, no-store');
    return c.html(
      <Page
        lang={lang}
        title={`${m.deleteTitle} · ${event.title}`}
        form={addressForm(event.addressForm)}
        switchHref={switchHref(c.req.url, lang)}
        switchLabel={t(lang).switchTo}
      >
        <h1>{m.deleteTitle}</h1>
        <div class="card">
          <p>{m.deleteText}</p>
          <form method="post" action={`${base}/delete`}>
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" class="danger wide">
              {m.deleteConfirm}
            </button>
          </form>
          <p>
            <a href={base}>{m.deleteBack}</a>
          </p>
        </div>
      </Page>,
    );
  });

  r.post('/:token/delete', async (c) => {
    const { ticket, event } = await load(c);
    validate(deleteForm, await readForm(c));
    await eraseGuest(deps, {
      eventId: event.id,
      orderId: ticket.orderId,
      ticketId: ticket.id,
      ownsOrder: !(await receivedByTransfer(deps, ticket.id)),
      current: ticket.status !== 'transferred',
    });
    return c.redirect(`/t/${c.req.param('token')}`, 303);
  });
  return r;
}
