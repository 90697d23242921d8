import type { MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../lib/http';
import { am } from './messages';

/**
 * Every organizer page says so while no mail provider is configured (production without RESEND_API_KEY): tickets
 * would otherwise seem sold and sent while no guest gets one. Put in front of all /admin routes, whichever feature
 * renders the page; the notice goes first into the page's <main> (src/lib/layout.tsx).
 */
export function mailNotConfiguredNotice(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.get('deps').mailer || !c.res.headers.get('content-type')?.startsWith('text/html')) return;
    const res = c.res;
    const page = await res.text();
    const at = page.indexOf('<main>');
    const m = am(c.get('lang') ?? 'de');
    const notice = html`<p class="msg error" id="mail-not-configured">
      ${m.mailNotConfigured} <a href="/admin/outbox">${m.outboxTitle}</a>
    </p>`;
    const body = at < 0 ? page : `${page.slice(0, at + 6)}${notice}${page.slice(at + 6)}`;
    // unset first: hono's setter would otherwise copy the old answer's headers over the new ones
    c.res = undefined;
    c.res = new Response(body, res);
  };
}
