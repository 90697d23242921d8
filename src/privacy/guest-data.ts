import { sql } from 'drizzle-orm';
import type { Deps } from '../deps';
import type { Event } from '../events/service';
import { POLICY_VERSION } from '../orders/service';
import type { Ticket } from '../tickets/service';
import { consentHistory } from './consent';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/**
 * "Download my data": everything klick holds about this guest, as JSON. Left out on purpose: the
 * QR secret and link token (security codes, shown on the ticket page itself) and marks other guests
 * made that were not returned (nobody is told who marked them unless it is mutual).
 */
export async function collectGuestData(deps: Deps, ticket: Ticket, event: Event) {
  const order = (await deps.db.query.orders.findFirst({ where: (o, { eq }) => eq(o.id, ticket.orderId) }))!;
  const [consents, scans, greetings, klicks, mutual, mails] = await Promise.all([
    consentHistory(deps, order.id),
    deps.db.all<Record<string, unknown>>(sql`
      SELECT s.kind, s.result, s.device_time, s.server_time, d.name AS device FROM scans s
      LEFT JOIN devices d ON d.id = s.device_id WHERE s.event_id = ${event.id} AND s.ticket_id = ${ticket.id} ORDER BY s.id`),
    deps.db.all<Record<string, unknown>>(sql`
      SELECT g.kind, g.device_time, g.server_time, d.name AS device, g.note FROM greetings g
      LEFT JOIN devices d ON d.id = g.device_id WHERE g.event_id = ${event.id} AND g.ticket_id = ${ticket.id} ORDER BY g.id`),
    deps.db.all<Record<string, unknown>>(sql`
      SELECT k.to_ticket_id, t.name AS to_name, k.kind, k.created_at FROM klicks k
      LEFT JOIN tickets t ON t.id = k.to_ticket_id WHERE k.event_id = ${event.id} AND k.from_ticket_id = ${ticket.id} ORDER BY k.id`),
    deps.db.all<{ to_ticket_id: string }>(sql`
      SELECT DISTINCT k.to_ticket_id FROM klicks k WHERE k.event_id = ${event.id} AND k.from_ticket_id = ${ticket.id}
        AND (SELECT kind FROM klicks a WHERE a.event_id = k.event_id AND a.from_ticket_id = k.from_ticket_id
          AND a.to_ticket_id = k.to_ticket_id ORDER BY a.id DESC LIMIT 1) = 'mark'
        AND (SELECT kind FROM klicks b WHERE b.event_id = k.event_id AND b.from_ticket_id = k.to_ticket_id
          AND b.to_ticket_id = k.from_ticket_id ORDER BY b.id DESC LIMIT 1) = 'mark'`),
    deps.db.all<Record<string, unknown>>(sql`
      SELECT "to", subject, status, created_at, sent_at FROM outbox
      WHERE substr(dedupe_key, instr(dedupe_key, ':') + 1) IN (${order.id}, ${ticket.id}) ORDER BY created_at`),
  ]);
  const personal = (r: typeof order | Ticket) => ({
    name: r.name,
    email: r.email,
    company: r.company,
    role: r.role,
    phone: r.phone,
    linkedin: r.linkedin,
    askMeAbout: r.askMeAbout,
  });
  return {
    generatedAt: iso(deps.clock.now()),
    privacyTextVersion: POLICY_VERSION,
    event: { title: event.title, venue: event.venue, startsAt: iso(event.startsAt), endsAt: iso(event.endsAt) },
    order: {
      id: order.id,
      status: order.status,
      ...personal(order),
      locale: order.locale,
      amountCents: order.amountCents,
      currency: order.currency,
      provider: order.provider,
      providerSessionId: order.providerSessionId,
      providerPaymentId: order.providerPaymentId,
      invoiceUrl: order.invoiceUrl,
      createdAt: iso(order.createdAt),
      paidAt: iso(order.paidAt),
      refundedAt: iso(order.refundedAt),
      anonymizedAt: iso(order.anonymizedAt),
    },
    ticket: {
      id: ticket.id,
      status: ticket.status,
      ...personal(ticket),
      tableLabel: ticket.tableLabel,
      createdAt: iso(ticket.createdAt),
      voidedAt: iso(ticket.voidedAt),
      anonymizedAt: iso(ticket.anonymizedAt),
    },
    consents: consents.map((c) => ({
      scope: c.scope,
      granted: c.granted,
      policyVersion: c.policyVersion,
      source: c.source,
      recordedAt: iso(c.recordedAt),
    })),
    scans: scans.map((s) => ({
      kind: s.kind,
      result: s.result,
      device: s.device ?? null,
      deviceTime: iso(Number(s.device_time)),
      serverTime: iso(Number(s.server_time)),
    })),
    greetings: greetings.map((g) => ({
      kind: g.kind,
      device: g.device ?? null,
      deviceTime: iso(Number(g.device_time)),
      serverTime: iso(Number(g.server_time)),
      note: g.note ?? null,
    })),
    klicks: {
      made: klicks.map((k) => ({
        toTicketId: k.to_ticket_id,
        toName: k.to_name ?? null,
        kind: k.kind,
        at: iso(Number(k.created_at)),
      })),
      mutualWith: mutual.map((m) => m.to_ticket_id),
      note: 'Marks other guests made of you are shown only when they are mutual.',
    },
    mails: mails.map((m) => ({
      to: m.to,
      subject: m.subject,
      status: m.status,
      createdAt: iso(Number(m.created_at)),
      sentAt: m.sent_at === null ? null : iso(Number(m.sent_at)),
    })),
  };
}
