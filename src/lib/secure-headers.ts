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

const originOf = (url: string | undefined) => {
  try {
    return new URL(url!).origin;
  } catch {
    return null;
  }
};

/**
 * Forms must come from klick's own pages (JSON APIs use bearer tokens, which a foreign page cannot send).
 * Like hono's csrf, but where the Origin is missing or `null` a same-origin Referer counts.
 */
export function sameOriginForms(publicUrl: string): MiddlewareHandler {
  return async (c, next) => {
    const h = (name: string) => c.req.header(name);
    const origin = h('origin');
    const from = originOf(origin && origin !== 'null' ? origin : h('referer'));
    if (
      !/^(GET|HEAD|OPTIONS)$/.test(c.req.method) &&
      // only what a form (or a preflight-free fetch) can send, as hono's csrf: JSON and body-less API calls
      // carry bearer tokens, and a foreign page cannot send JSON without a CORS preflight klick never answers
      FORM_TYPES.test(h('content-type') ?? '') &&
      h('sec-fetch-site') !== 'same-origin' &&
      from !== originOf(c.req.url) &&
      from !== publicUrl
    )
      throw new AppError('csrf_failed', 'This form must be sent from klick’s own page.');
    await next();
  };
}
