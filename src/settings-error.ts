import { html } from 'hono/html';
import { AppError, errorBody } from './lib/errors';

const FIX_EN = 'Set it under [vars] in wrangler.toml or with `npx wrangler secret put NAME`, then deploy again.';
const FIX_DE = 'Unter [vars] in wrangler.toml oder mit `npx wrangler secret put NAME` setzen und erneut deployen.';

/**
 * The Worker's answer while its settings are missing or invalid (no PUBLIC_URL in production, a PUBLIC_URL that is
 * no web address, a Stripe key without its webhook secret, …): a 500 that names the settings to fix, in German and
 * English, instead of Cloudflare's anonymous "Worker threw exception". `npm run deploy` (scripts/deploy-check.mjs)
 * refuses these before they reach Cloudflare. Only setting names and rules are shown, never their values.
 */
export function settingsErrorResponse(req: Request, err: unknown): Response {
  const problem = err instanceof Error ? err.message : String(err);
  console.error(JSON.stringify({ level: 'error', msg: 'invalid settings', error: problem }));
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  const path = new URL(req.url).pathname;
  if (path.startsWith('/api/') || path.startsWith('/webhooks/')) {
    const body = errorBody(new AppError('settings_invalid', `klick is not configured. ${problem}\n${FIX_EN}`));
    return Response.json(body, { status: 500, headers });
  }
  const page = html`<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>klick ist nicht eingerichtet · klick is not configured</title></head>
<body><main style="max-width:40rem;margin:0 auto;padding:1rem;font:16px/1.5 system-ui,sans-serif;color:#111;background:#fff">
<h1>klick ist nicht eingerichtet</h1>
<p>Diese Einstellungen fehlen oder sind ungültig:</p>
<pre style="white-space:pre-wrap">${problem}</pre>
<p>${FIX_DE}</p>
<div lang="en"><h2>klick is not configured</h2><p>These settings are missing or invalid (see above). ${FIX_EN}</p></div>
</main></body></html>`;
  return new Response(String(page), {
    status: 500,
    headers: { ...headers, 'content-type': 'text/html; charset=UTF-8' },
  });
}
