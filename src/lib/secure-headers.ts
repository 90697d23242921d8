import type { MiddlewareHandler } from 'hono';
import { AppError } from './errors';

// klick's headers never vary per request, so a fixed list replaces hono's configurable secureHeaders
// (about 1 KiB of the Worker's gzip budget). The values are the ones hono sets by default, plus our CSP.
const CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  // Chrome applies form-action to the redirect after the purchase form, which goes to Stripe.
  "form-action 'self' https://checkout.stripe.com",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export function secureHeaders(options: { hsts: boolean }): MiddlewareHandler {
  const headers: [string, string][] = [
    ['Content-Security-Policy', CSP],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    // same-origin, not no-referrer: older Safari then sends `Origin: null` on form posts, which sameOriginForms
    // could not tell from a foreign one. Capability URLs still never leave the origin in a Referer.
    ['Referrer-Policy', 'same-origin'],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Download-Options', 'noopen'],
    ['X-Frame-Options', 'DENY'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['X-XSS-Protection', '0'],
  ];
  if (options.hsts) headers.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  return async (c, next) => {
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
    c.res.headers.delete('X-Powered-By');
  };
}

const FORM_TYPES = /^\b(application\/x-www-form-urlencoded|multipart\/form-data|text\/(?:plain|ping))\b/i;
/** A foreign page cannot send an Authorization header without a CORS preflight, which klick never answers.
 * Only Bearer counts: a browser adds cached Basic credentials to cross-site requests on its own. */
const BEARER = /^Bearer\s+\S/i;

const originOf = (url: string | undefined) => {
  try {
    return new URL(url!).origin;
  } catch {
    return null;
  }
};

/**
 * Writes must come from klick's own pages unless a bearer token authenticates them.
 * - Checked: every POST/PUT/PATCH/DELETE without `Authorization: Bearer …` that a browser could have sent
 *   cross-site: a form content type, or any of Origin, Sec-Fetch-Site, Referer (browsers send Origin on every
 *   POST, with or without a body, so a body-less cross-site POST is caught too).
 * - Passed unchecked: bearer-token API calls (JSON or body-less) and server-to-server posts that carry none of
 *   those headers (Stripe's webhooks, curl, scripts), which no foreign page can make a browser send.
 * Like hono's csrf, but where the Origin is missing or `null` a same-origin Referer counts.
 */
export function sameOriginForms(publicUrl: string): MiddlewareHandler {
  return async (c, next) => {
    const h = (name: string) => c.req.header(name);
    if (/^(GET|HEAD|OPTIONS)$/.test(c.req.method) || BEARER.test(h('authorization') ?? '')) return next();
    const origin = h('origin');
    const fetchSite = h('sec-fetch-site');
    const fromBrowser =
      FORM_TYPES.test(h('content-type') ?? '') ||
      origin !== undefined ||
      fetchSite !== undefined ||
      h('referer') !== undefined;
    const from = originOf(origin && origin !== 'null' ? origin : h('referer'));
    if (fromBrowser && fetchSite !== 'same-origin' && from !== originOf(c.req.url) && from !== publicUrl)
      throw new AppError('csrf_failed', 'This form must be sent from klick’s own page.');
    await next();
  };
}
