import { count, eq } from 'drizzle-orm';
import { devices, pairingCodes, scans, tickets } from '../../src/db/schema';
import { holdSeatVia, payVia } from '../flow';
import { ADMIN_TOKEN, makeTestApp, ORIGIN, withNameParts } from '../helpers';

/** The test app (src/app.tsx mounts the device and check-in routes) with helpers for the phone's side. */
export async function makeCheckinApp(env: Record<string, string> = {}) {
  const t = await makeTestApp(env);
  const app = t.app;
  const request = (path: string, init: RequestInit = {}) => app.request(`${ORIGIN}${path}`, init);
  const admin = (path: string, method = 'GET', body?: unknown) =>
    request(`/api/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(withNameParts(body)),
    });
  const countRows = async () => ({
    scans: (await t.deps.db.select({ n: count() }).from(scans))[0]!.n,
    devices: (await t.deps.db.select({ n: count() }).from(devices))[0]!.n,
    pairings: (await t.deps.db.select({ n: count() }).from(pairingCodes))[0]!.n,
  });
  return { ...t, app, request, admin, countRows };
}
export type CheckinApp = Awaited<ReturnType<typeof makeCheckinApp>>;

/** A paid ticket through the real purchase form and the demo provider's signed webhook. */
export async function sellTicket(c: CheckinApp, i: number, slug = 'dinner') {
  const { order, sessionId } = await holdSeatVia(c, i, slug);
  const { res } = await payVia(c, sessionId);
  if (res.status !== 200) throw new Error(`payment failed: ${res.status}`);
  return (await c.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id) }))!;
}

let nonceSeq = 0;
export const nonce = () => `n${String(++nonceSeq).padStart(4, '0')}-${crypto.randomUUID().replace(/-/g, '')}`;

export type ScanBody = {
  nonce?: string;
  kind?: 'entry' | 'annul';
  qr?: string;
  ticketId?: string;
  deviceTime?: number;
};

/** Pairs a phone for an event through the admin and device APIs; returns a small client for it. */
export async function pairPhone(c: CheckinApp, eventId: string, name: string) {
  const created = await c.admin(`/events/${eventId}/pairings`, 'POST', { deviceName: name });
  if (created.status !== 201) throw new Error(`pairing code failed: ${created.status} ${await created.text()}`);
  const { code } = (await created.json()) as { code: string };
  const paired = await c.request('/api/devices/pair', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (paired.status !== 201) throw new Error(`pairing failed: ${paired.status} ${await paired.text()}`);
  const body = (await paired.json()) as { token: string; device: { id: string; name: string } };
  return phoneClient(c, body.token, body.device.id);
}

export function phoneClient(c: CheckinApp, token: string, id = '') {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const phone = {
    id,
    token,
    get: (path: string) => c.request(`/api/devices${path}`, { headers }),
    postRaw: (path: string, body: string) => c.request(`/api/devices${path}`, { method: 'POST', headers, body }),
    post: (path: string, body: unknown) => phone.postRaw(path, JSON.stringify(body)),
    /** scans with defaults filled in: a fresh nonce, kind entry, device time = server now */
    scan: async (list: ScanBody[], since?: string) => {
      const scansIn = list.map((s) => ({ nonce: nonce(), kind: 'entry', deviceTime: c.clock.now(), ...s }));
      const res = await phone.post('/scans', since ? { scans: scansIn, since } : { scans: scansIn });
      if (res.status !== 200) throw new Error(`scan failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as ScanResponse;
    },
    roster: async (since?: string) => {
      const res = await phone.get(since ? `/roster?since=${since}` : '/roster');
      if (res.status !== 200) throw new Error(`roster failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as RosterResponse;
    },
  };
  return phone;
}

export type ScanResponse = {
  results: {
    nonce: string;
    result: string;
    ticketId?: string;
    name?: string;
    checkedInAt?: number;
    checkedInBy?: string;
  }[];
  roster?: RosterResponse;
};
export type RosterTicketJson = {
  id: string;
  qrHash: string;
  emailHash: string;
  name: string;
  status: string;
  checkedInAt: number | null;
  checkedInBy: string | null;
};
export type RosterResponse = { tickets: RosterTicketJson[]; cursor: string; full: boolean };
