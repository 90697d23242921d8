import { Hono } from 'hono/tiny';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import type { AppEnv } from '../lib/http';
import { getTicketByToken } from '../tickets/service';
import { buildPkpass } from './apple-pass';
import { googleSaveUrl } from './google-pass';
import type { PassInput } from './holder';

/** Only a valid seat of a dinner that takes place gets a pass; a wallet that is not configured does not exist. */
async function passInput(deps: Deps, token: string, lang: PassInput['lang']): Promise<PassInput> {
  const { ticket, event } = await getTicketByToken(deps, token);
  if (ticket.status !== 'valid' || event.status === 'cancelled')
    throw new AppError('conflict', 'This ticket is no longer valid, so it has no wallet pass.');
  const { venueLatitude: latitude, venueLongitude: longitude } = event;
  return {
    event,
    ticket,
    lang,
    now: deps.clock.now(),
    ticketUrl: `${deps.config.publicUrl}/t/${token.toLowerCase()}`,
    location: latitude !== null && longitude !== null ? { latitude, longitude } : null,
  };
}

export function walletRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  const { apple, google } = deps.config.wallet;

  r.get('/:token/pass.pkpass', async (c) => {
    if (!apple) throw new AppError('not_found', 'Apple Wallet passes are not configured.');
    const p = await passInput(deps, c.req.param('token'), c.get('lang'));
    const pkpass = await buildPkpass(apple, p);
    return c.body(new Uint8Array(pkpass), 200, {
      'Content-Type': 'application/vnd.apple.pkpass',
      'Content-Disposition': `attachment; filename="${p.event.slug}.pkpass"`,
      'Cache-Control': 'private, no-store',
    });
  });

  // Signed when asked for, so the mail's link stays short and a pass is never issued for a seat passed on since.
  r.get('/:token/google-wallet', async (c) => {
    if (!google) throw new AppError('not_found', 'Google Wallet passes are not configured.');
    const p = await passInput(deps, c.req.param('token'), c.get('lang'));
    c.header('Cache-Control', 'private, no-store');
    return c.redirect(await googleSaveUrl(google, p, deps.config.publicUrl), 302);
  });
  return r;
}
