import { sql } from 'drizzle-orm';
import { isCheckedIn } from '../checkin/state';
import type { Deps } from '../deps';
import type { Event } from '../events/service';
import { type Lang, langOf } from '../lib/i18n';
import { tFor } from '../lib/messages';
import { queueMailSql } from '../mail/outbox';
import { DAY_MS } from './retention';

export function composeExchangeMail(input: { event: Event; name: string; ticketUrl: string; lang: Lang }) {
  const m = tFor(input.lang, input.event).privacy;
  const lines = [m.mailHello(input.name), '', m.mailBody(input.event.title), '', input.ticketUrl, '', m.mailFooter];
  const html = (
    <div style="font-family:system-ui,sans-serif;line-height:1.5">
      <p>{m.mailHello(input.name)}</p>
      <p>{m.mailBody(input.event.title)}</p>
      <p>
        <a
          href={input.ticketUrl}
          style="display:inline-block;padding:10px 16px;background:#0b57d0;color:#fff;border-radius:8px;text-decoration:none"
        >
          {m.mailButton}
        </a>
      </p>
      <p style="color:#666">{m.mailFooter}</p>
    </div>
  ).toString();
  return { subject: m.mailSubject(input.event.title), text: lines.join('\n'), html, attachments: [] };
}

type Due = { ticket_id: string; token: string; name: string; email: string; locale: string; event_id: string };

/**
 * One mail per checked-in guest once the dinner has ended, linking to their own ticket page (the
 * exchange is there). The dedupe key "exchange:<ticket id>" makes it once per guest whatever the
 * runs; events past retention are skipped. Guests who were not there get none: the page's list is
 * only for those who were. There is no way to write to all guests: each mail only carries a link.
 */
export async function queueExchangeMails(deps: Deps, limit = 200): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.all<Due>(sql`
    SELECT t.id AS ticket_id, t.token, t.name, t.email, o.locale, t.event_id
    FROM events e JOIN tickets t ON t.event_id = e.id JOIN orders o ON o.id = t.order_id
    WHERE e.ends_at <= ${now} AND e.ends_at > ${now - deps.config.retentionDays * DAY_MS} AND e.status != 'cancelled'
      AND t.status = 'valid' AND o.status = 'paid' AND t.anonymized_at IS NULL AND t.email != ''
      AND NOT EXISTS (SELECT 1 FROM outbox m WHERE m.dedupe_key = 'exchange:' || t.id)
      AND ${isCheckedIn('t')}
    ORDER BY e.ends_at, t.id LIMIT ${limit}`);
  if (due.length === 0) return 0;
  const events = new Map<string, Event>();
  for (const id of new Set(due.map((d) => d.event_id))) {
    const e = await deps.db.query.events.findFirst({ where: (x, { eq }) => eq(x.id, id) });
    if (e) events.set(id, e);
  }
  const statements = due.flatMap((d) => {
    const event = events.get(d.event_id);
    if (!event) return [];
    const lang = langOf(d.locale);
    const mail = composeExchangeMail({ event, name: d.name, ticketUrl: `${deps.config.publicUrl}/t/${d.token}`, lang });
    // The guest may erase their data between the read above and this write: then no mail.
    const stillThere = sql`EXISTS (SELECT 1 FROM tickets WHERE id = ${d.ticket_id} AND anonymized_at IS NULL)`;
    return [deps.db.run(queueMailSql({ dedupeKey: `exchange:${d.ticket_id}`, to: d.email, ...mail }, now, stillThere))];
  });
  const [first, ...rest] = statements;
  if (!first) return 0;
  const results = await deps.db.batch([first, ...rest]);
  return results.reduce((n, r) => n + r.rowsAffected, 0);
}
