import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { Hono } from 'hono/tiny';
import { adminApiRoutes } from './admin/api-routes';
import { adminPageRoutes } from './admin/page-routes';
import { checkinRoutes } from './checkin/routes';
import type { Deps } from './deps';
import { deviceAdminRoutes, deviceRoutes } from './devices/routes';
import { publicEventRoutes } from './events/routes';
import { exportApiRoutes, exportPageRoutes } from './exports/routes';
import { greetingAdminRoutes, greetingDeviceRoutes, greetingPageRoutes } from './greetings/routes';
import { AppError, errorBody } from './lib/errors';
import { type AppEnv, wantsJson } from './lib/http';
import { pickLang } from './lib/i18n';
import { Page } from './lib/layout';
import { t } from './lib/messages';
import { secureHeaders } from './lib/secure-headers';
import { orderRoutes } from './orders/routes';
import { demoRoutes, webhookRoutes } from './payments/routes';
import { privacyRoutes } from './privacy/routes';
import { ticketRoutes } from './tickets/routes';

export interface AppOptions {
  /** extra feature routes mounted by the entry (e.g. the host app's static files on Node) */
  mount?: (app: Hono<AppEnv>) => void;
}

/** Hono's own middleware (csrf, body limit) throws HTTPException: give it our error shape. */
function fromHttpException(err: unknown): AppError | null {
  if (!(err instanceof HTTPException)) return null;
  if (err.status === 403) return new AppError('csrf_failed', 'This form must be sent from klick’s own page.');
  if (err.status === 413) return new AppError('payload_too_large', 'Body too large.');
  return err.status < 500 ? new AppError('invalid_input', err.message || 'Bad request.') : null;
}

export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();

  app.use(secureHeaders({ hsts: deps.config.publicUrl.startsWith('https:') }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    const query = c.req.query('lang');
    const lang = pickLang(query, getCookie(c, 'lang'), c.req.header('accept-language'));
    if (query === 'de' || query === 'en') setCookie(c, 'lang', query, { path: '/', maxAge: 31536000, sameSite: 'Lax' });
    c.set('lang', lang);
    await next();
  });
  app.use(
    '/webhooks/*',
    bodyLimit({
      maxSize: 256 * 1024,
      onError: () => {
        throw new AppError('payload_too_large', 'Body too large.');
      },
    }),
  );
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/webhooks/')) return next();
    return bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new AppError('payload_too_large', 'Body too large.');
      },
    })(c, next);
  });
  // Forms must come from klick's own pages; JSON APIs use bearer tokens, which a foreign page cannot send.
  app.use(
    '*',
    csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || origin === deps.config.publicUrl }),
  );

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
    return c.json({ ok: db === 'ok', payments: deps.payments?.kind ?? 'none', db }, db === 'ok' ? 200 : 503);
  });
  app.route('/e', publicEventRoutes(deps));
  app.route('/orders', orderRoutes(deps));
  app.route('/t', ticketRoutes(deps));
  app.route('/t', privacyRoutes(deps));
  app.route('/webhooks', webhookRoutes(deps));
  if (deps.payments?.kind === 'demo')
    app.route(
      '/demo',
      demoRoutes(deps, (req) => Promise.resolve(app.fetch(req))),
    );
  app.route('/api/admin', adminApiRoutes(deps));
  app.route('/api/admin', deviceAdminRoutes(deps));
  app.route('/api/admin', exportApiRoutes(deps));
  app.route('/api/devices', deviceRoutes(deps));
  app.route('/api/devices', checkinRoutes(deps));
  app.route('/api/admin', greetingAdminRoutes(deps));
  app.route('/api/devices', greetingDeviceRoutes(deps));
  app.route('/admin', greetingPageRoutes(deps));
  app.route('/admin', exportPageRoutes(deps));
  app.route('/admin', adminPageRoutes(deps));
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
      deps.log.error('unhandled error', { path: c.req.path, error: String(err?.message ?? err).slice(0, 300) });
    const appErr = known ?? new AppError('internal', 'Internal error.');
    if (wantsJson(c)) return c.json(errorBody(appErr), appErr.status);
    const lang = c.get('lang') ?? 'de';
    const title = appErr.code === 'not_found' ? t(lang).notFound : t(lang).errorTitle;
    return c.html(
      <Page lang={lang} title={title}>
        <h1>{title}</h1>
        <p class="msg error">{appErr.code === 'internal' ? t(lang).errorTitle : appErr.message}</p>
      </Page>,
      appErr.status,
    );
  });
  return app;
}
