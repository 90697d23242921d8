import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { Hono } from 'hono/tiny';
import { accessibilityRoutes } from './accessibility/routes';
import { adminApiRoutes } from './admin/api-routes';
import { checkinPageRoutes } from './admin/checkin-pages';
import { mailNotConfiguredNotice } from './admin/mail-notice';
import { adminLoginRoutes, adminPageRoutes } from './admin/page-routes';
import { badgeGuestRoutes } from './badges/guest';
import { badgePageRoutes } from './badges/routes';
import { checkinRoutes } from './checkin/routes';
import { codeApiRoutes, codePageRoutes } from './codes/routes';
import type { Deps } from './deps';
import { deviceAdminRoutes, deviceRoutes } from './devices/routes';
import { publicEventRoutes } from './events/routes';
import { exportApiRoutes, exportPageRoutes } from './exports/routes';
import { greetingAdminRoutes, greetingDeviceRoutes, greetingPageRoutes } from './greetings/routes';
import { limitBody } from './lib/body-limit';
import { AppError, errorBody } from './lib/errors';
import { type AppEnv, wantsJson } from './lib/http';
import { pickLang } from './lib/i18n';
import { Page } from './lib/layout';
import { errorText } from './lib/log-safe';
import { t } from './lib/messages';
import { sameOriginForms, secureHeaders } from './lib/secure-headers';
import { orderRoutes } from './orders/routes';
import { webhookRoutes } from './payments/routes';
import { privacyRoutes } from './privacy/routes';
import { ticketRoutes } from './tickets/routes';
import { transferApiRoutes, transferPageRoutes } from './transfers/admin';
import { seatRoutes } from './transfers/routes';
import { waitlistApiRoutes, waitlistPageRoutes } from './waitlist/admin';
import { waitlistRoutes } from './waitlist/routes';
import { walletRoutes } from './wallet/routes';

export interface AppOptions {
  /** extra feature routes mounted by the entry (e.g. the host app's static files on Node) */
  mount?: (app: Hono<AppEnv>) => void;
  /** middleware the entry puts in front of every route (e.g. Node's gzip of device API answers) */
  before?: (app: Hono<AppEnv>) => void;
}

/** Hono's own middleware (csrf, body limit) throws HTTPException: give it our error shape. */
function fromHttpException(err: unknown): AppError | null {
  if (!(err instanceof HTTPException)) return null;
  if (err.status === 413) return new AppError('payload_too_large', 'Body too large.');
  return err.status < 500 ? new AppError('invalid_input', err.message || 'Bad request.') : null;
}

export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();

  app.use(secureHeaders({ hsts: deps.config.publicUrl.startsWith('https:') }));
  options.before?.(app);
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    const query = c.req.query('lang');
    const lang = pickLang(query, getCookie(c, 'lang'), c.req.header('accept-language'));
    if (query === 'de' || query === 'en') setCookie(c, 'lang', query, { path: '/', maxAge: 31536000, sameSite: 'Lax' });
    c.set('lang', lang);
    await next();
  });
  app.use('/webhooks/*', limitBody(256 * 1024, 'Body too large.'));
  const limit64k = limitBody(64 * 1024, 'Body too large.');
  app.use('*', (c, next) => (c.req.path.startsWith('/webhooks/') ? next() : limit64k(c, next)));
  app.use(sameOriginForms(deps.config.publicUrl));

  app.get('/', (c) => c.redirect('/admin'));
  // The host app is static (public/host). A pairing link /host/pair#<code> opens the same app: browsers keep
  // the fragment across a redirect, and the code never reaches the server. Once installed, the service
  // worker answers /host/pair itself. /host without a slash would be outside the worker's scope.
  // hono/tiny's router lets a trailing slash match too: only the bare /host redirects.
  app.get('/host', (c, next) => (c.req.path === '/host' ? c.redirect('/host/', 301) : next()));
  app.get('/host/pair', (c) => c.redirect('/host/', 302));
  app.get('/api/health', async (c) => {
    let db = 'ok';
    try {
      await deps.db.run('SELECT 1' as never);
    } catch {
      db = 'error';
    }
    const body = { ok: db === 'ok', payments: deps.payments?.kind ?? 'none', mail: deps.mailer?.kind ?? 'none', db };
    return c.json(body, db === 'ok' ? 200 : 503);
  });
  app.route('/accessibility', accessibilityRoutes(deps));
  app.route('/e', publicEventRoutes(deps));
  app.route('/orders', orderRoutes(deps));
  app.route('/t', ticketRoutes(deps));
  app.route('/t', walletRoutes(deps));
  app.route('/t', privacyRoutes(deps));
  app.route('/t', badgeGuestRoutes(deps));
  app.route('/t', seatRoutes(deps));
  app.route('/w', waitlistRoutes(deps));
  app.route('/webhooks', webhookRoutes(deps));
  const providerPages = deps.payments?.routes?.(deps, (req) => Promise.resolve(app.fetch(req)));
  if (providerPages) app.route('/demo', providerPages);
  // Every router mounted at /api/admin comes from adminApi() and every one at /admin from adminPages() (bearer
  // token, or session + CSRF), except the login routes; test/admin/routes-auth.test.ts checks each route.
  app.route('/api/admin', adminApiRoutes(deps));
  app.route('/api/admin', deviceAdminRoutes(deps));
  app.route('/api/admin', exportApiRoutes(deps));
  app.route('/api/admin', greetingAdminRoutes(deps));
  app.route('/api/admin', waitlistApiRoutes(deps));
  app.route('/api/admin', codeApiRoutes(deps));
  app.route('/api/admin', transferApiRoutes(deps));
  app.route('/api/devices', deviceRoutes(deps));
  app.route('/api/devices', checkinRoutes(deps));
  app.route('/api/devices', greetingDeviceRoutes(deps));
  app.use('/admin/*', mailNotConfiguredNotice());
  app.route('/admin', adminLoginRoutes(deps));
  app.route('/admin', adminPageRoutes(deps));
  app.route('/admin', checkinPageRoutes(deps));
  app.route('/admin', greetingPageRoutes(deps));
  app.route('/admin', exportPageRoutes(deps));
  app.route('/admin', waitlistPageRoutes(deps));
  app.route('/admin', codePageRoutes(deps));
  app.route('/admin', badgePageRoutes(deps));
  app.route('/admin', transferPageRoutes(deps));
  options.mount?.(app);

  app.notFound((c) => {
    if (wantsJson(c)) return c.json(errorBody(new AppError('not_found', 'Not found.')), 404);
    const lang = c.get('lang') ?? 'de';
    return c.html(
      <Page lang={lang} title={t(lang).notFound}>
        <h1>{t(lang).notFound}</h1>
      </Page>,
      404,
    );
  });

  app.onError((err, c) => {
    const known = err instanceof AppError ? err : fromHttpException(err);
    if (!known)
      // the route pattern, not the path: a path can hold a capability (/t/<token>, /orders/<id>)
      deps.log.error('unhandled error', { route: c.req.routePath, error: errorText(err) });
    const appErr = known ?? new AppError('internal', 'Internal error.');
    if (wantsJson(c)) return c.json(errorBody(appErr), appErr.status);
    const lang = c.get('lang') ?? 'de';
    const m = t(lang);
    const title = appErr.code === 'not_found' ? m.notFound : m.errorTitle;
    // AppError messages are English, for logs and APIs; a page says what its reader can read
    const text = m.errors[appErr.code];
    return c.html(
      <Page lang={lang} title={title}>
        <h1>{title}</h1>
        {text ? <p class="msg error">{text}</p> : null}
      </Page>,
      appErr.status,
    );
  });
  return app;
}
