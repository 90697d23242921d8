import type { Deps } from '../deps';
import { eventJson } from '../events/json';
import { createEventInput, updateEventInput } from '../events/schema';
import { cancelEvent, createEvent, getEvent, getEventStats, listEvents, updateEvent } from '../events/service';
import { readJson } from '../lib/http';
import * as z from '../lib/validation';
import { listEventOrders } from '../orders/list';
import { refundOrder, refundPaidOrders } from '../orders/refund';

const cancelInput = z.strictObject({ refund: z.optional(z.boolean()) });

import { adminApi } from './auth';

/** Mounted at /api/admin: events, orders, refunds (bearer ADMIN_TOKEN, through adminApi). */
export function adminApiRoutes(deps: Deps) {
  const r = adminApi(deps);

  r.get('/events', async (c) => {
    const events = await listEvents(deps);
    return c.json({
      events: await Promise.all(events.map(async (e) => ({ ...eventJson(e), stats: await getEventStats(deps, e) }))),
    });
  });
  r.post('/events', async (c) => c.json(eventJson(await createEvent(deps, await readJson(c, createEventInput))), 201));
  r.get('/events/:id', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    return c.json({ ...eventJson(event), stats: await getEventStats(deps, event) });
  });
  r.patch('/events/:id', async (c) =>
    c.json(eventJson(await updateEvent(deps, c.req.param('id'), await readJson(c, updateEventInput)))),
  );
  r.post('/events/:id/cancel', async (c) => {
    // The body is optional: a bare POST cancels without refunding, as before.
    const body = (await c.req.text()).trim();
    const { refund } = body ? await readJson(c, cancelInput, body) : { refund: false };
    const event = await cancelEvent(deps, c.req.param('id'), { refund: refund ?? false });
    return c.json({ ...eventJson(event), refunds: refund ? await refundPaidOrders(deps, event.id) : null });
  });
  r.get('/events/:id/orders', async (c) => {
    await getEvent(deps, c.req.param('id'));
    return c.json({ orders: await listEventOrders(deps, c.req.param('id')) });
  });
  r.post('/orders/:id/refund', async (c) => {
    await refundOrder(deps, c.req.param('id'));
    return c.json({ refunded: true });
  });
  return r;
}
