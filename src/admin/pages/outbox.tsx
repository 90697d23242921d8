import type { Lang } from '../../lib/i18n';
import type { getOutboxMail, listOutbox } from '../../mail/outbox';
import { am } from '../messages';
import { AdminPage } from './layout';

type Mail = Awaited<ReturnType<typeof listOutbox>>[number];
type FullMail = NonNullable<Awaited<ReturnType<typeof getOutboxMail>>>;

/** Mails are not tied to one event, so their times are shown in UTC and say so. */
const utc = (ms: number | null) =>
  ms === null ? '–' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Attachment names only; a broken JSON column must not take the page down. */
export function attachmentNames(json: string): string[] {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list.map((a) => String((a as { filename?: unknown })?.filename ?? '?')) : [];
  } catch {
    return [];
  }
}

export function OutboxPage(props: { lang: Lang; url: string; csrf: string; mails: Mail[] }) {
  const m = am(props.lang);
  return (
    <AdminPage lang={props.lang} title={m.outboxTitle} url={props.url} csrf={props.csrf}>
      <h1>{m.outboxTitle}</h1>
      {props.mails.length === 0 ? (
        <p class="muted">{m.outboxEmpty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{m.colTo}</th>
              <th>{m.colSubject}</th>
              <th>{m.colStatus}</th>
              <th>{m.colAttempts}</th>
              <th>{m.colCreated}</th>
              <th>{m.colSent}</th>
            </tr>
          </thead>
          <tbody>
            {props.mails.map((mail) => (
              <tr>
                <td data-label={m.colTo}>{mail.to}</td>
                <td data-label={m.colSubject}>
                  <a href={`/admin/outbox/${mail.id}`}>{mail.subject || m.mailErased}</a>
                </td>
                <td data-label={m.colStatus}>{m.mailStatus[mail.status] ?? mail.status}</td>
                <td data-label={m.colAttempts}>{mail.attempts}</td>
                <td data-label={m.colCreated}>{utc(mail.createdAt)}</td>
                <td data-label={m.colSent}>{utc(mail.sentAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminPage>
  );
}

export function MailPage(props: { lang: Lang; url: string; csrf: string; mail: FullMail }) {
  const m = am(props.lang);
  const mail = props.mail;
  const names = attachmentNames(mail.attachments);
  return (
    <AdminPage
      lang={props.lang}
      title={`${m.mailTitle}: ${mail.subject || m.mailErased}`}
      url={props.url}
      csrf={props.csrf}
    >
      <p>
        <a href="/admin/outbox">{m.back}</a>
      </p>
      <h1>{mail.subject || m.mailErased}</h1>
      <div class="card">
        <dl>
          <dt>{m.colTo}</dt>
          <dd>{mail.to}</dd>
          <dt>{m.colStatus}</dt>
          <dd>{m.mailStatus[mail.status] ?? mail.status}</dd>
          <dt>{m.colAttempts}</dt>
          <dd>{mail.attempts}</dd>
          <dt>{m.colCreated}</dt>
          <dd>{utc(mail.createdAt)}</dd>
          <dt>{m.colSent}</dt>
          <dd>{utc(mail.sentAt)}</dd>
          {mail.lastError ? (
            <>
              <dt>{m.lastError}</dt>
              <dd>{mail.lastError}</dd>
            </>
          ) : null}
          <dt>{m.attachments}</dt>
          <dd>{names.length ? names.join(', ') : m.noAttachments}</dd>
        </dl>
      </div>
      <pre class="card">{mail.text}</pre>
    </AdminPage>
  );
}
