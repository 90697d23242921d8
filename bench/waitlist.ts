/**
 * Waitlist release (issue 8): a sold-out dinner of 20 seats, all paid through the real purchase route and the demo
 * checkout, 50 people in line (the event page's waitlist form), then 20 seats freed at the same instant by 20
 * concurrent refunds (POST /api/admin/orders/:id/refund, as an organizer's tooling sends it). Each refund runs the
 * offer step. Budget: exactly 20 offers, 0 doubles, in line order; reported: the time from the burst's start to the
 * last offer mail queued in the outbox (each offer's mail is written in the offer's own batch).
 */
import { sql } from 'drizzle-orm';
import type { BenchResult, BenchServer } from './run';

const SEATS = 20;
const IN_LINE = 50;

const form = (base: string, fields: Record<string, string>) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

async function expect303(res: Response, what: string) {
  await res.arrayBuffer();
  if (res.status !== 303) throw new Error(`${what}: ${res.status}`);
  return res.headers.get('location') ?? '';
}

export async function benchWaitlist(server: BenchServer): Promise<BenchResult> {
  const base = server.url;
  const event = await server.createEvent({ capacity: SEATS });
  for (let i = 0; i < SEATS; i++) {
    const person = {
      givenName: 'Seat',
      familyName: `${i}`,
      email: `seat${i}@example.com`,
      company: 'ACME',
      role: 'CEO',
      terms: 'on',
    };
    const checkout = await expect303(await fetch(`${base}/e/${event.slug}/checkout`, form(base, person)), 'hold');
    await expect303(await fetch(`${checkout}/pay`, form(base, {})), 'demo pay');
  }
  for (let i = 0; i < IN_LINE; i++) {
    const person = {
      givenName: 'Line',
      familyName: `${i}`,
      email: `line${i}@example.com`,
      company: 'Wait Co',
      terms: 'on',
    };
    await expect303(await fetch(`${base}/e/${event.slug}/waitlist`, form(base, person)), 'join');
  }
  const paid = await server.deps.db.all<{ id: string }>(
    sql`SELECT id FROM orders WHERE event_id = ${event.id} AND status = 'paid'`,
  );
  if (paid.length !== SEATS) throw new Error(`expected ${SEATS} paid orders, found ${paid.length}`);

  const headers = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' };
  const start = Date.now();
  const t0 = performance.now();
  const statuses = await Promise.all(
    paid.map(async ({ id }) => {
      const res = await fetch(`${base}/api/admin/orders/${id}/refund`, { method: 'POST', headers, body: '{}' });
      await res.arrayBuffer();
      return res.status;
    }),
  );
  const wallMs = performance.now() - t0;

  const mails = await server.deps.db.all<{ to: string; created_at: number }>(sql`
    SELECT m."to", m.created_at FROM outbox m JOIN orders o ON m.dedupe_key = 'offer:' || o.id
    WHERE o.event_id = ${event.id}`);
  const line = await server.deps.db.all<{ position: number; state: string; holds: number }>(sql`
    SELECT w.position, w.state,
      (SELECT count(*) FROM orders o WHERE o.event_id = w.event_id AND o.email = w.email AND o.status = 'held') AS holds
    FROM waitlist_entries w WHERE w.event_id = ${event.id} ORDER BY w.position`);
  // in line order: the people offered a seat are exactly the front of the line
  const offered = line.filter((l) => l.state === 'offered').map((l) => Number(l.position));
  const inOrder = offered.length > 0 && offered.every((p, i) => p === Number(line[i]!.position));
  const doubles = mails.length - new Set(mails.map((m) => m.to)).size + line.filter((l) => Number(l.holds) > 1).length;
  const lastMailMs = mails.length ? Math.max(...mails.map((m) => Number(m.created_at))) - start : Number.NaN;
  const refundsOk = statuses.filter((s) => s === 200).length;
  const data = {
    seats: SEATS,
    inLine: IN_LINE,
    refundsOk,
    offersMade: offered.length,
    offerMails: mails.length,
    doubles,
    lineOrderKept: inOrder,
    msToLastOfferMailQueued: lastMailMs,
    burstWallMs: Math.round(wallMs * 10) / 10,
  };
  return {
    name: 'waitlist',
    data,
    rows: [
      {
        metric: 'refunds at the same instant',
        value: refundsOk,
        unit: 'req',
        budget: `= ${SEATS}`,
        ok: refundsOk === SEATS,
      },
      {
        metric: 'offers made',
        value: offered.length,
        unit: 'offers',
        budget: `= ${SEATS}`,
        ok: offered.length === SEATS,
      },
      {
        metric: 'offer mails queued',
        value: mails.length,
        unit: 'mails',
        budget: `= ${SEATS}`,
        ok: mails.length === SEATS,
      },
      { metric: 'doubles (offers, mails, holds)', value: doubles, unit: '', budget: '= 0', ok: doubles === 0 },
      {
        metric: 'line order kept (#1–#20 offered)',
        value: inOrder ? 'yes' : 'no',
        unit: '',
        budget: '= yes',
        ok: inOrder,
      },
      { metric: 'time to the last offer mail queued', value: lastMailMs, unit: 'ms' },
      { metric: 'refund burst wall time', value: data.burstWallMs, unit: 'ms' },
    ],
  };
}
