import { getCheckinStats, listExpected } from '../checkin/stats';
import type { Deps } from '../deps';
import { deviceName } from '../devices/schema';
import { createPairing, listDevices, revokeDevice } from '../devices/service';
import { getEvent } from '../events/service';
import { qrSvg } from '../lib/qr';
import * as z from '../lib/validation';
import { adminPages } from './auth';
import { am } from './messages';
import { CheckinPage, PairFormPage, PairingPage } from './pages/checkin';

const pairForm = z.object({ deviceName });
const revokeForm = z.object({ event: z.string().check(z.regex(/^[a-z0-9]{1,64}$/)) });

/**
 * The organizer's side of the door: pairing phones (a one-time link as QR and text), the paired
 * phones with revocation, and live check-in counts. Mounted at /admin, behind adminPages (a session, and
 * the CSRF token on every POST).
 */
export function checkinPageRoutes(deps: Deps) {
  const r = adminPages(deps);
  const pageUrl = (url: string, path: string) => new URL(path, url).toString();

  r.get('/events/:id/checkin', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const lang = c.get('lang');
    const [stats, devices, expected] = await Promise.all([
      getCheckinStats(deps, event.id),
      listDevices(deps, event.id),
      listExpected(deps, event.id, lang),
    ]);
    const notice =
      c.req.query('msg') === 'revoked' ? { kind: 'ok' as const, text: am(lang).checkin.flashRevoked } : undefined;
    return c.html(
      <CheckinPage
        lang={lang}
        url={pageUrl(c.req.url, c.req.path)}
        csrf={c.get('csrfToken')}
        event={event}
        stats={stats}
        devices={devices}
        expected={expected}
        now={deps.clock.now()}
        notice={notice}
      />,
    );
  });

  r.get('/events/:id/pair', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    return c.html(
      <PairFormPage
        lang={c.get('lang')}
        url={pageUrl(c.req.url, c.req.path)}
        csrf={c.get('csrfToken')}
        event={event}
      />,
    );
  });

  r.post('/events/:id/pairings', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const lang = c.get('lang');
    const url = pageUrl(c.req.url, `/admin/events/${event.id}/pair`);
    const parsed = pairForm.safeParse(c.get('form'));
    if (!parsed.success) {
      const value = String(c.get('form').deviceName ?? '').slice(0, 60);
      return c.html(
        <PairFormPage
          lang={lang}
          url={url}
          csrf={c.get('csrfToken')}
          event={event}
          value={value}
          error={parsed.error.issues.some(z.isTextRuleIssue) ? 'chars' : 'name'}
        />,
        400,
      );
    }
    const pairing = await createPairing(deps, { eventId: event.id, deviceName: parsed.data.deviceName });
    const pairingQr = await qrSvg(pairing.url);
    return c.html(
      <PairingPage
        lang={lang}
        url={url}
        csrf={c.get('csrfToken')}
        event={event}
        deviceName={parsed.data.deviceName}
        link={pairing.url}
        expiresAt={pairing.expiresAt}
        qrSvg={pairingQr}
      />,
    );
  });

  r.post('/devices/:id/revoke', async (c) => {
    const parsed = revokeForm.safeParse(c.get('form'));
    await revokeDevice(deps, c.req.param('id'));
    return c.redirect(parsed.success ? `/admin/events/${parsed.data.event}/checkin?msg=revoked` : '/admin', 303);
  });
  return r;
}
