import { Hono } from 'hono/tiny';
import { adminApi, adminPages } from '../admin/auth';
import type { Deps } from '../deps';
import { type DeviceEnv, requireDevice } from '../devices/auth';
import { limitBody } from '../lib/body-limit';
import { readJson } from '../lib/http';
import { getGreetingLog } from './log';
import { GreetingLogPage } from './page';
import { lookupCode, recordGreetings } from './record';
import { greetingBatchInput, lookupInput, MAX_GREETING_BODY_BYTES, tableInput } from './schema';
import { getTicketEvent, setTableLabel } from './table';

/** Paired phones, mounted at /api/devices: the handshake log's writes, scoped to the phone's event. */
export function greetingDeviceRoutes(deps: Deps) {
  const r = new Hono<DeviceEnv>();
  r.post(
    '/greetings',
    limitBody(MAX_GREETING_BODY_BYTES, 'At most 64 KB of greetings per request.'),
    requireDevice(deps),
    async (c) => {
      const input = await readJson(c, greetingBatchInput);
      c.header('Cache-Control', 'no-store');
      return c.json(await recordGreetings(deps, c.get('device'), input));
    },
  );
  r.post('/greetings/lookup', requireDevice(deps), async (c) =>
    c.json(await lookupCode(deps, c.get('device'), (await readJson(c, lookupInput)).qr)),
  );
  return r;
}

/** Organizer API, mounted at /api/admin (bearer ADMIN_TOKEN): the log as JSON, a ticket's table. */
export function greetingAdminRoutes(deps: Deps) {
  const r = adminApi(deps);
  r.get('/events/:id/greetings', async (c) => {
    const { log } = await getGreetingLog(deps, c.req.param('id'));
    c.header('Cache-Control', 'no-store');
    return c.json(log);
  });
  r.patch('/tickets/:id', async (c) =>
    c.json(await setTableLabel(deps, { ticketId: c.req.param('id'), ...(await readJson(c, tableInput)) })),
  );
  return r;
}

/**
 * Organizer pages, mounted at /admin (adminPages: a session, and the CSRF token on every POST): the log, and
 * the table form per ticket on the dinner's page (admin/pages/event-detail.tsx).
 */
export function greetingPageRoutes(deps: Deps) {
  const r = adminPages(deps);
  r.get('/events/:id/greetings', async (c) => {
    const { event, log } = await getGreetingLog(deps, c.req.param('id'));
    const url = new URL(c.req.path, c.req.url).toString();
    return c.html(<GreetingLogPage lang={c.get('lang')} url={url} csrf={c.get('csrfToken')} event={event} log={log} />);
  });
  r.post('/tickets/:id/table', async (c) => {
    const parsed = tableInput.safeParse({ tableLabel: c.get('form').tableLabel ?? '' });
    // A refused label (too long, a control character) goes back to the dinner's page with the reason.
    if (!parsed.success) {
      const { eventId } = await getTicketEvent(deps, c.req.param('id'));
      return c.redirect(`/admin/events/${eventId}?err=invalid_input`, 303);
    }
    const t = await setTableLabel(deps, { ticketId: c.req.param('id'), tableLabel: parsed.data.tableLabel });
    return c.redirect(`/admin/events/${t.eventId}?msg=saved`, 303);
  });
  return r;
}
