import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { Hono } from 'hono/tiny';
import type { Deps } from './deps';
import { limitBody } from './lib/body-limit';
import { AppError, errorBody } from './lib/errors';
import { type AppEnv, wantsJson } from './lib/http';
import { pickLang } from './lib/i18n';
import { Page } from './lib/layout';
import { errorText } from './lib/log-safe';
import { t } from './lib/messages';
import { sameOriginForms, secureHeaders } from './lib/secure-headers';

/** Mounts one part of klick's routes on the app (src/guest-routes.ts, src/organizer-routes.ts). */
export type MountRoutes = (app: Hono<AppEnv>, deps: Deps) => void;

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

/**
 * klick's middleware, health check, 404 and error pages around the given route parts. Node serves every part in
 * one app (src/app.tsx); on Workers the guest and door Worker and the organizer's Worker each bundle only their own
 * part, so each stays within its size budget (README, "Deploying to Cloudflare Workers").
 */
export function createBaseApp(deps: Deps, routes: MountRoutes[], options: AppOptions = {}) {
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
  for (const mount of routes) mount(app, deps);
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
