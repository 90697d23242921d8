import { AdminPage } from '../admin/pages/layout';
import type { Event } from '../events/service';
import type { Lang } from '../lib/i18n';
import type { GreetingLog, GuestRef } from './log';
import { gm } from './messages';

/** Seconds matter at five seconds a guest: times are shown to the second, in the event's zone. */
function clock(lang: Lang, timezone: string) {
  const f = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (ms: number | null) => (ms === null ? '–' : f.format(ms));
}

const minutes = (s: number | null) =>
  s === null ? '–' : `${Math.floor(s / 60)}:${String(Math.round(s) % 60).padStart(2, '0')}`;

/** Name and company: the missed are listed by arrival, and the no-shows never checked in. */
function GuestTable(props: { lang: Lang; rows: GuestRef[]; empty: string }) {
  const m = gm(props.lang);
  if (props.rows.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>{m.colName}</th>
          <th>{m.colCompany}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td data-label={m.colName}>{r.name}</td>
            <td data-label={m.colCompany}>{r.company}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function GreetingLogPage(props: { lang: Lang; url: string; csrf: string; event: Event; log: GreetingLog }) {
  const { lang, event: e, log } = props;
  const m = gm(lang);
  const time = clock(lang, e.timezone);
  const { present } = log.counts;
  const missing = log.checkedInNotGreeted.length;
  const stat = (label: string, value: string | number) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <AdminPage lang={lang} title={`${m.title} · ${e.title}`} url={props.url} csrf={props.csrf}>
      <p>
        <a href={`/admin/events/${e.id}`}>{m.back}</a>
      </p>
      <h1>{`${m.title}: ${e.title}`}</h1>
      <div class="card">
        <dl>
          {stat(m.greeted, `${log.counts.greeted} / ${present}`)}
          {stat(m.paid, log.counts.paid)}
          {stat(m.firstAt, time(log.firstAt))}
          {stat(m.lastAt, time(log.lastAt))}
          {stat(m.duration, minutes(log.durationSeconds))}
          {stat(m.perGuest, log.secondsPerGuest === null ? '–' : m.seconds(log.secondsPerGuest))}
        </dl>
        {missing > 0 ? (
          <p class="msg error" role="status">
            {m.missingCount(missing)}
          </p>
        ) : present > 0 ? (
          <p class="msg ok" role="status">
            {m.allGreeted}
          </p>
        ) : null}
      </div>

      <h2>{m.missingTitle}</h2>
      <GuestTable lang={lang} rows={log.checkedInNotGreeted} empty={m.allGreeted} />

      <h2>{m.timeline}</h2>
      {log.timeline.length === 0 ? (
        <p class="muted">{m.nobodyYet}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{m.colTime}</th>
              <th>{m.colName}</th>
              <th>{m.colCompany}</th>
              <th>{m.colBy}</th>
              <th>{m.colCheckedIn}</th>
            </tr>
          </thead>
          <tbody>
            {log.timeline.map((r) => (
              <tr>
                <td data-label={m.colTime}>{time(r.greetedAt)}</td>
                <td data-label={m.colName}>{r.name}</td>
                <td data-label={m.colCompany}>{r.company}</td>
                <td data-label={m.colBy}>{r.greetedBy ?? '–'}</td>
                <td data-label={m.colCheckedIn}>
                  {r.checkedInAt === null ? <strong>{m.notCheckedIn}</strong> : time(r.checkedInAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{m.noShowsTitle}</h2>
      <GuestTable lang={lang} rows={log.noShows} empty={m.noNoShows} />

      <h2>{m.duplicatesTitle}</h2>
      {log.duplicates.length === 0 ? (
        <p class="muted">{m.noDuplicates}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{m.colTime}</th>
              <th>{m.colName}</th>
              <th>{m.colBy}</th>
              <th>{m.colFirst}</th>
            </tr>
          </thead>
          <tbody>
            {log.duplicates.map((r) => (
              <tr>
                <td data-label={m.colTime}>{time(r.greetedAt)}</td>
                <td data-label={m.colName}>{r.name}</td>
                <td data-label={m.colBy}>{r.greetedBy ?? '–'}</td>
                <td data-label={m.colFirst}>{`${time(r.firstAt)} · ${r.firstBy ?? '–'}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminPage>
  );
}
