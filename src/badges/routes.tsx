import { adminPages } from '../admin/auth';
import type { Deps } from '../deps';
import { getEvent } from '../events/service';
import { validate } from '../lib/http';
import { qrSvg } from '../lib/qr';
import { revokeBadgeCode } from './codes';
import { LAYOUTS } from './layouts';
import { NotInPdfPage } from './not-in-pdf';
import { BadgesPage } from './page';
import { badgesPdf, prepareBadgeFonts } from './pdf';
import { badgeQuery, listBadgeGuests, loadBadges, recordBadgePrints } from './sheet';

/**
 * The organizer's badge sheets, on adminPages (admin/auth.ts: a session for every route, the CSRF token for every
 * POST): the print page (CSS paged media), the same sheets as a PDF, marking a printout, and revoking or
 * renewing one guest's greeting code.
 */
export function badgePageRoutes(deps: Deps) {
  const r = adminPages(deps);
  r.get('/events/:id/badges', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const query = validate(badgeQuery, c.req.query());
    const [badges, rows] = await Promise.all([loadBadges(deps, event.id, query), listBadgeGuests(deps, event.id)]);
    const guests = rows
      .map((g) => ({ id: g.id, name: g.name, badge: g.badge, printed: Number(g.printed) === 1 }))
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
    // only names beyond Helvetica read fonts here (and only their slices), so most pages read none
    const { notInPdf } = await prepareBadgeFonts(deps.assets ?? null, badges);
    return c.html(
      <BadgesPage
        lang={c.get('lang')}
        url={new URL(c.req.path, c.req.url).toString()}
        csrf={c.get('csrfToken')}
        event={event}
        query={query}
        badges={badges}
        guests={guests}
        notInPdf={notInPdf}
        qr={new Map(await Promise.all(badges.map(async (b) => [b.code, await qrSvg(b.code)] as const)))}
        msg={c.req.query('msg')}
      />,
    );
  });

  r.get('/events/:id/badges.pdf', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const query = validate(badgeQuery, c.req.query());
    const badges = await loadBadges(deps, event.id, query);
    const { fonts, notInPdf } = await prepareBadgeFonts(deps.assets ?? null, badges);
    const inPdf = badges.filter((b) => !notInPdf.some((x) => x.badge === b));
    if (notInPdf.length && query.omit !== 'browser') {
      const params = new URLSearchParams(c.req.query());
      return c.html(
        <NotInPdfPage
          lang={c.get('lang')}
          url={new URL(c.req.path, c.req.url).toString()}
          csrf={c.get('csrfToken')}
          event={event}
          notInPdf={notInPdf}
          others={inPdf.length}
          params={params}
        />,
        422,
      );
    }
    const pdf = await badgesPdf(inPdf, LAYOUTS[query.layout], event.title, fonts);
    // only what is in the PDF counts as printed: "only those not yet printed" then gives the browser the rest
    await recordBadgePrints(
      deps,
      event.id,
      inPdf.map((b) => b.ticketId),
      'pdf',
    );
    return c.body(pdf, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${event.slug}-badges.pdf"`,
      'Cache-Control': 'private, no-store',
    });
  });

  r.post('/events/:id/badges/printed', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const query = validate(badgeQuery, c.req.query());
    const badges = await loadBadges(deps, event.id, query);
    const n = await recordBadgePrints(
      deps,
      event.id,
      badges.map((b) => b.ticketId),
      'print',
    );
    const back = new URLSearchParams(c.req.query());
    back.set('msg', `marked-${n}`);
    return c.redirect(`/admin/events/${event.id}/badges?${back}`, 303);
  });

  r.post('/events/:id/badges/:ticket/revoke', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const reissue = c.get('form').reissue === '1';
    await revokeBadgeCode(deps, { eventId: event.id, ticketId: c.req.param('ticket'), reissue });
    return c.redirect(`/admin/events/${event.id}/badges?msg=${reissue ? 'reissued' : 'revoked'}`, 303);
  });
  return r;
}
