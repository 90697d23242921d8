import { html } from 'hono/html';

/**
 * The Worker's answer while its settings are invalid (a PUBLIC_URL missing in production, a Stripe key without
 * its webhook secret, …): a 500 that names the settings to fix, instead of Cloudflare's anonymous error page.
 * `npm run deploy` (scripts/deploy-check.mjs) refuses most of these before they reach Cloudflare. The message
 * lists setting names and what is wrong with them, never their values.
 */
export function settingsErrorResponse(req: Request, err: unknown): Response {
  const problem = err instanceof Error ? err.message : String(err);
  console.error(JSON.stringify({ level: 'error', msg: 'invalid settings', error: problem }));
  const fix = 'Set it under [vars] in wrangler.toml or with `npx wrangler secret put NAME`, then deploy again.';
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  const path = new URL(req.url).pathname;
  if (path.startsWith('/api/') || path.startsWith('/webhooks/'))
    return Response.json(
      { error: { code: 'settings_invalid', message: `klick is not configured. ${problem}\n${fix}` } },
      { status: 500, headers },
    );
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>klick is not configured · klick ist nicht eingerichtet</title></head>
<body><main style="max-width:40rem;margin:0 auto;padding:1rem;font:16px/1.5 system-ui,sans-serif">
<h1>klick is not configured</h1>
<p lang="de">klick ist nicht eingerichtet: Die folgenden Einstellungen fehlen oder sind ungültig.</p>
<pre style="white-space:pre-wrap">${problem}</pre>
<p>${fix}</p>
</main></body></html>`;
  return new Response(String(page), {
    status: 500,
    headers: { ...headers, 'content-type': 'text/html; charset=UTF-8' },
  });
}
