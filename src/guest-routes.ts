import type { Hono } from 'hono/tiny';
import { accessibilityRoutes } from './accessibility/routes';
import { badgeGuestRoutes } from './badges/guest';
import { checkinRoutes } from './checkin/routes';
import type { Deps } from './deps';
import { deviceRoutes } from './devices/routes';
import { publicEventRoutes } from './events/routes';
import { greetingDeviceRoutes } from './greetings/routes';
import type { AppEnv } from './lib/http';
import { orderRoutes } from './orders/routes';
import { webhookRoutes } from './payments/routes';
import { privacyRoutes } from './privacy/routes';
import { ticketRoutes } from './tickets/routes';
import { seatRoutes } from './transfers/routes';
import { waitlistRoutes } from './waitlist/routes';
import { walletRoutes } from './wallet/routes';

/**
 * What guests and the door use: the dinner's page and checkout, tickets, wallets, the guest's data, the waitlist,
 * payment webhooks and the host phone's device API. On Workers this is the main Worker (src/worker.ts); the
 * organizer's routes (src/organizer-routes.ts) live in a Worker of their own.
 */
export function mountGuestRoutes(app: Hono<AppEnv>, deps: Deps) {
  app.get('/', (c) => c.redirect('/admin'));
  // The host app is static (public/host). A pairing link /host/pair#<code> opens the same app: browsers keep
  // the fragment across a redirect, and the code never reaches the server. Once installed, the service
  // worker answers /host/pair itself. /host without a slash would be outside the worker's scope.
  // hono/tiny's router lets a trailing slash match too: only the bare /host redirects.
  app.get('/host', (c, next) => (c.req.path === '/host' ? c.redirect('/host/', 301) : next()));
  app.get('/host/pair', (c) => c.redirect('/host/', 302));
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
  app.route('/api/devices', deviceRoutes(deps));
  app.route('/api/devices', checkinRoutes(deps));
  app.route('/api/devices', greetingDeviceRoutes(deps));
}
