import type { CheckinStats, ExpectedGuest } from '../../checkin/stats';
import type { listDevices } from '../../devices/service';
import type { Event } from '../../events/service';
import type { Lang } from '../../lib/i18n';
import { am } from '../messages';
import { AdminPage, CsrfField, type Notice } from './layout';

export type DeviceRow = Awaited<ReturnType<typeof listDevices>>[number];

const clock = (ms: number, tz: string, lang: Lang, seconds = false) =>
  new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  }).format(ms);

/** The pairing form, on the event page and on its own page (where a refused name is shown). */
export function PairForm(props: {
  lang: Lang;
  csrf: string;
  eventId: string;
  value?: string;
  error?: 'name' | 'chars';
}) {
  const m = am(props.lang).checkin;
  return (
    <form method="post" action={`/admin/events/${props.eventId}/pairings`} class="card">
      <CsrfField token={props.csrf} />
      <p class="hint">{m.pairIntro}</p>
      <label for="deviceName">{m.deviceName}</label>
      <input
        type="text"
        id="deviceName"
        name="deviceName"
        maxlength={60}
        required
        value={props.value ?? ''}
        aria-describedby={props.error ? 'deviceName-hint deviceName-error' : 'deviceName-hint'}
        aria-invalid={props.error ? 'true' : undefined}
      />
      <span class="hint" id="deviceName-hint">
        {m.deviceNameHint}
      </span>
      {props.error ? (
        <p class="field-error" id="deviceName-error">
          {props.error === 'chars' ? am(props.lang).errors.invalidChars() : m.nameError}
        </p>
      ) : null}
      <button class="wide" type="submit">
        {m.pairSubmit}
      </button>
    </form>
  );
}

/** The event page's check-in section: the pairing form and the way to the live panel. */
export function CheckinSection(props: { lang: Lang; csrf: string; eventId: string }) {
  const m = am(props.lang).checkin;
  return (
    <>
      <h2>{m.pairTitle}</h2>
      <p>
        <a href={`/admin/events/${props.eventId}/checkin`}>{m.open}</a>
      </p>
      <form method="post" action={`/admin/events/${props.eventId}/this-phone`} class="card">
        <CsrfField token={props.csrf} />
        <p class="hint" id="this-phone-hint">
          {m.thisPhoneIntro}
        </p>
        <button class="wide" type="submit" aria-describedby="this-phone-hint">
          {m.thisPhone}
        </button>
      </form>
      <PairForm lang={props.lang} csrf={props.csrf} eventId={props.eventId} />
    </>
  );
}

export function PairFormPage(props: {
  lang: Lang;
  url: string;
  csrf: string;
  event: Event;
  value?: string;
  error?: 'name' | 'chars';
}) {
  const m = am(props.lang).checkin;
  return (
    <AdminPage lang={props.lang} title={m.pairTitle} url={props.url} csrf={props.csrf}>
      <h1>{m.pairTitle}</h1>
      <p>
        <a href={`/admin/events/${props.event.id}`}>{props.event.title}</a>
      </p>
      <PairForm {...props} eventId={props.event.id} />
    </AdminPage>
  );
}

/** Shown once, right after the link was made: the code exists nowhere else in readable form. */
export function PairingPage(props: {
  lang: Lang;
  url: string;
  csrf: string;
  event: Event;
  deviceName: string;
  link: string;
  expiresAt: number;
  qrSvg: string;
}) {
  const { lang, event: e } = props;
  const m = am(lang).checkin;
  return (
    <AdminPage lang={lang} title={m.pairTitle} url={props.url} csrf={props.csrf}>
      <h1>{m.pairingTitle(props.deviceName)}</h1>
      <div class="card">
        <p>{m.pairingScan}</p>
        <div class="qr" role="img" aria-label={m.pairingTitle(props.deviceName)}>
          <div dangerouslySetInnerHTML={{ __html: props.qrSvg }} />
        </div>
        <label for="pair-link">{m.pairingLink}</label>
        <input type="text" id="pair-link" readonly value={props.link} />
        <p class="hint">{m.pairingValid(clock(props.expiresAt, e.timezone, lang))}</p>
      </div>
      <p class="row">
        <a class="button" href={`/admin/events/${e.id}/checkin`}>
          {m.open}
        </a>
        <a href={`/admin/events/${e.id}/pair`}>{m.pairAnother}</a>
      </p>
    </AdminPage>
  );
}

export function CheckinPage(props: {
  lang: Lang;
  url: string;
  csrf: string;
  event: Event;
  stats: CheckinStats;
  devices: DeviceRow[];
  expected: ExpectedGuest[];
  now: number;
  notice?: Notice;
}) {
  const { lang, event: e, stats } = props;
  const m = am(lang).checkin;
  const shares = new Map(stats.devices.map((d) => [d.id, d]));
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  return (
    <AdminPage lang={lang} title={`${m.title} · ${e.title}`} url={props.url} csrf={props.csrf} notice={props.notice}>
      <h1>{`${m.title} · ${e.title}`}</h1>
      {/* updated in place by /live.js (no timed reload: WCAG 2.2.1); the counts are read out when they change */}
      <div class="card" data-live-every="10">
        <p class="code" id="checkin-counts" data-live aria-live="polite">
          {m.counts(stats.checkedIn, stats.paid)}
        </p>
        <div id="checkin-progress" data-live>
          <progress
            max={Math.max(1, stats.paid)}
            value={stats.checkedIn}
            style="width:100%"
            aria-label={m.counts(stats.checkedIn, stats.paid)}
          />
        </div>
        <p class="hint" id="checkin-asof" data-live>
          {m.asOf(clock(props.now, e.timezone, lang, true))}
        </p>
        <p class="row">
          <span class="hint" data-live-js hidden>
            {m.liveNote}
          </span>
          <button
            type="button"
            class="secondary"
            id="live-toggle"
            data-live-js
            hidden
            data-pause={m.livePause}
            data-resume={m.liveResume}
          >
            {m.livePause}
          </button>
          <a class="button secondary" href={props.url}>
            {m.liveRefresh}
          </a>
        </p>
      </div>
      <div id="checkin-expected" data-live>
        <h2>{m.expectedTitle(props.expected.length)}</h2>
        {props.expected.length === 0 ? (
          <p class="muted">{m.allArrived}</p>
        ) : (
          <table id="expected">
            <thead>
              <tr>
                <th>{m.colGuest}</th>
                <th>{m.colCompany}</th>
              </tr>
            </thead>
            <tbody>
              {props.expected.map((g) => (
                <tr>
                  <td data-label={m.colGuest}>{g.name}</td>
                  <td data-label={m.colCompany}>{g.company}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div id="checkin-phones" data-live>
        <h2>{m.phonesTitle}</h2>
        {props.devices.length === 0 ? (
          <p class="muted">{m.noPhones}</p>
        ) : (
          <table id="phones">
            <thead>
              <tr>
                <th>{m.colPhone}</th>
                <th>{m.colCheckedIn}</th>
                <th>{m.colShare}</th>
                <th>{m.colLastSeen}</th>
                <th>{m.colState}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {props.devices.map((d) => (
                <tr>
                  <td data-label={m.colPhone}>{d.name}</td>
                  <td data-label={m.colCheckedIn}>{shares.get(d.id)?.checkedIn ?? 0}</td>
                  <td data-label={m.colShare}>{pct(shares.get(d.id)?.share ?? 0)}</td>
                  <td data-label={m.colLastSeen}>
                    {d.lastSeenAt ? clock(d.lastSeenAt, e.timezone, lang, true) : m.never}
                  </td>
                  <td data-label={m.colState}>{d.revokedAt ? m.revoked : m.active}</td>
                  <td>
                    {d.revokedAt ? null : (
                      <form method="post" action={`/admin/devices/${d.id}/revoke`}>
                        <CsrfField token={props.csrf} />
                        <input type="hidden" name="event" value={e.id} />
                        <button class="danger" type="submit" aria-label={`${m.revoke}: ${d.name}`}>
                          {m.revoke}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <p>
        <a class="button" href={`/admin/events/${e.id}/pair`}>
          {m.pairTitle}
        </a>
      </p>
      <script src="/live.js" defer />
    </AdminPage>
  );
}
