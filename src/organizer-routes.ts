import type { Hono } from 'hono/tiny';
import { adminApiRoutes } from './admin/api-routes';
import { checkinPageRoutes } from './admin/checkin-pages';
import { mailNotConfiguredNotice } from './admin/mail-notice';
import { adminLoginRoutes, adminPageRoutes } from './admin/page-routes';
import { badgePageRoutes } from './badges/routes';
import { codeApiRoutes, codePageRoutes } from './codes/routes';
import type { Deps } from './deps';
import { deviceAdminRoutes } from './devices/routes';
import { exportApiRoutes, exportPageRoutes } from './exports/routes';
import { greetingAdminRoutes, greetingPageRoutes } from './greetings/routes';
import type { AppEnv } from './lib/http';
import { transferApiRoutes, transferPageRoutes } from './transfers/admin';
import { waitlistApiRoutes, waitlistPageRoutes } from './waitlist/admin';

/**
 * The organizer's pages and API: dinners, orders and refunds, check-in live, pairing, the handshake log, contacts
 * and exports, waitlists, codes, badges, seat history, the outbox. On Workers these run in the organizer's Worker
 * (src/organizer-worker.ts), reached from the main Worker through a service binding.
 */
export function mountOrganizerRoutes(app: Hono<AppEnv>, deps: Deps) {
  // Every router mounted at /api/admin comes from adminApi() and every one at /admin from adminPages() (bearer
  // token, or session + CSRF), except the login routes; test/admin/routes-auth.test.ts checks each route.
  app.route('/api/admin', adminApiRoutes(deps));
  app.route('/api/admin', deviceAdminRoutes(deps));
  app.route('/api/admin', exportApiRoutes(deps));
  app.route('/api/admin', greetingAdminRoutes(deps));
  app.route('/api/admin', waitlistApiRoutes(deps));
  app.route('/api/admin', codeApiRoutes(deps));
  app.route('/api/admin', transferApiRoutes(deps));
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
}
