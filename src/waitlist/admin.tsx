import { adminApi, adminPages } from '../admin/auth';
import { flash } from '../admin/flash';
import { am } from '../admin/messages';
import { CsrfField, type Notice } from '../admin/pages/layout';
import { EventSubPage } from '../admin/pages/sub-page';
import type { Deps } from '../deps';
import { type Event, getEvent } from '../events/service';
import { AppError } from '../lib/errors';
import type { Lang } from '../lib/i18n';
import { formatDateTime } from '../lib/time';
import { listWaitlist, offerByHand, removeEntry, type WaitlistView } from './service';

/** Organizer API, mounted at /api/admin (adminApi: the bearer ADMIN_TOKEN on every route). */
export function waitlistApiRoutes(deps: Deps) {
  const r = adminApi(deps);
  r.get('/events/:id/waitlist', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    c.header('Cache-Control', 'no-store');
    const { entries } = await listWaitlist(deps, event.id);
    // the contract's fields (DESIGN.md, "Filling seats"); offeredBy and orderId are extra
    return c.json({ entries });
  });
  r.post('/events/:id/waitlist/:entryId/offer', async (c) =>
    c.json({ result: await offerByHand(deps, c.req.param('id'), c.req.param('entryId')) }),
  );
  r.post('/events/:id/waitlist/:entryId/remove', async (c) => {
    await removeEntry(deps, c.req.param('id'), c.req.param('entryId'));
    return c.json({ removed: true });
  });
  return r;
}

/** Organizer pages, mounted at /admin (adminPages: a session, and the CSRF token on every POST). */
export function waitlistPageRoutes(deps: Deps) {
  const r = adminPages(deps);
  r.get('/events/:id/waitlist', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const { entries } = await listWaitlist(deps, event.id);
    return c.html(
      <WaitlistPage
        lang={c.get('lang')}
        url={new URL(c.req.path, c.req.url).toString()}
        csrf={c.get('csrfToken')}
        event={event}
        entries={entries}
        notice={flash(c)}
      />,
    );
  });
  // the flash names the outcome: offered, moved (to the front), removed; an expected refusal shows on the page
  const act = (name: string, action: (eventId: string, entryId: string) => Promise<string>) =>
    r.post(`/events/:id/waitlist/:entryId/${name}`, async (c) => {
      const back = `/admin/events/${c.req.param('id')}/waitlist`;
      try {
        return c.redirect(`${back}?msg=${await action(c.req.param('id'), c.req.param('entryId'))}`, 303);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return c.redirect(`${back}?err=${err.code}`, 303);
      }
    });
  act('offer', (eventId, entryId) => offerByHand(deps, eventId, entryId));
  act('remove', async (eventId, entryId) => {
    await removeEntry(deps, eventId, entryId);
    return 'removed';
  });
  return r;
}

export function WaitlistPage(props: {
  lang: Lang;
  url: string;
  csrf: string;
  event: Event;
  entries: WaitlistView[];
  notice?: Notice;
}) {
  const { lang, event: e } = props;
  const m = am(lang);
  const s = m.seats;
  const at = (iso: string) => formatDateTime(Date.parse(iso), e.timezone, lang);
  const button = (entry: WaitlistView, action: 'offer' | 'remove', label: string, cls: string) => (
    <form method="post" action={`/admin/events/${e.id}/waitlist/${entry.id}/${action}`}>
      <CsrfField token={props.csrf} />
      <button class={cls} type="submit" aria-label={`${label}: ${entry.name || entry.id}`}>
        {label}
      </button>
    </form>
  );
  return (
    <EventSubPage
      lang={lang}
      heading={`${s.waitlistTitle}: ${e.title}`}
      event={e}
      url={props.url}
      csrf={props.csrf}
      notice={props.notice}
    >
      {props.entries.length === 0 ? (
        <p class="muted">{s.waitlistEmpty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{s.colPosition}</th>
              <th>{m.colName}</th>
              <th>{m.colCompany}</th>
              <th>{m.colEmail}</th>
              <th>{s.colJoined}</th>
              <th>{s.colState}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.entries.map((w) => (
              <tr>
                <td>{w.position}</td>
                <td>{w.name}</td>
                <td>{w.company}</td>
                <td>{w.email}</td>
                <td>{at(w.joinedAt)}</td>
                <td>
                  {s.state[w.state] ?? w.state}
                  {w.offerExpiresAt ? ` ${s.offerUntil(at(w.offerExpiresAt))}` : ''}
                </td>
                <td class="row">
                  {w.state === 'waiting' ? button(w, 'offer', s.offerNow, '') : null}
                  {w.state === 'waiting' || w.state === 'offered' ? button(w, 'remove', s.remove, 'danger') : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </EventSubPage>
  );
}
