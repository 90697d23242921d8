import { am } from '../admin/messages';
import { AdminPage } from '../admin/pages/layout';
import type { deletionLog, exportLog } from '../db/schema';
import type { Event } from '../events/service';
import type { Lang } from '../lib/i18n';
import { formatDateTime } from '../lib/time';
import { FILTERS, FORMATS } from './rows';

type ExportLogRow = typeof exportLog.$inferSelect;
type DeletionLogRow = typeof deletionLog.$inferSelect;

/** Download links for the organizer's pages: plain links, the session cookie authorizes them. */
export function ExportDownloads(props: { lang: Lang; eventId: string; withMore?: boolean }) {
  const m = am(props.lang).contacts;
  return (
    <div class="card">
      <h2 style="margin-top:0">{m.exportTitle}</h2>
      <p class="hint">{m.exportNote}</p>
      <table>
        <thead>
          <tr>
            <th>{m.colGuests}</th>
            {FORMATS.map((f) => (
              <th>{m.format[f]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {FILTERS.map((filter) => (
            <tr>
              <td data-label={m.colGuests}>{m.filter[filter]}</td>
              {FORMATS.map((format) => (
                <td data-label={m.format[format]}>
                  <a href={`/admin/events/${props.eventId}/export.${format}?filter=${filter}`} download>
                    {`${m.format[format]} · ${m.filter[filter]}`}
                  </a>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {props.withMore ? (
        <p>
          <a href={`/admin/events/${props.eventId}/contacts`}>{m.more}</a>
        </p>
      ) : null}
    </div>
  );
}

/** The stored actor is "api" or "session:<first hex of the session hash>"; never a person's data. */
function actorLabel(lang: Lang, actor: string): string {
  const m = am(lang).contacts;
  if (actor.startsWith('session:')) return m.actorSession(actor.slice(8));
  return actor === 'api' ? m.actorApi : actor;
}

export function ContactsPage(props: {
  lang: Lang;
  url: string;
  csrf: string;
  event: Event;
  exports: ExportLogRow[];
  deletions: DeletionLogRow[];
  deadline: number;
  retentionDays: number;
}) {
  const { lang, event: e } = props;
  const m = am(lang).contacts;
  const when = (ms: number) => formatDateTime(ms, e.timezone, lang);
  return (
    <AdminPage lang={lang} title={`${m.title} · ${e.title}`} url={props.url} csrf={props.csrf}>
      <p>
        <a href={`/admin/events/${e.id}`}>← {e.title}</a>
      </p>
      <h1>{m.title}</h1>
      <ExportDownloads lang={lang} eventId={e.id} />
      <h2>{m.logTitle}</h2>
      {props.exports.length === 0 ? (
        <p class="muted">{m.logEmpty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{m.colWhen}</th>
              <th>{m.colWho}</th>
              <th>{m.colFormat}</th>
              <th>{m.colGuests}</th>
              <th>{m.colRows}</th>
            </tr>
          </thead>
          <tbody>
            {props.exports.map((x) => (
              <tr>
                <td data-label={m.colWhen}>{when(x.createdAt)}</td>
                <td data-label={m.colWho}>{actorLabel(lang, x.actor)}</td>
                <td data-label={m.colFormat}>{m.format[x.format] ?? x.format}</td>
                <td data-label={m.colGuests}>{m.filter[x.filter] ?? x.filter}</td>
                <td data-label={m.colRows}>{x.rows}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{m.deletionTitle}</h2>
      <p class="hint">{m.retentionNote(when(props.deadline), props.retentionDays)}</p>
      {props.deletions.length === 0 ? (
        <p class="muted">{m.deletionEmpty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{m.colWhen}</th>
              <th>{m.colReason}</th>
              <th>{m.colRows}</th>
            </tr>
          </thead>
          <tbody>
            {props.deletions.map((d) => (
              <tr>
                <td data-label={m.colWhen}>{when(d.createdAt)}</td>
                <td data-label={m.colReason}>{m.reason[d.reason] ?? d.reason}</td>
                <td data-label={m.colRows}>{d.rows}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminPage>
  );
}
