import { formatMoney, type Lang } from '../lib/i18n';
import { Page, switchHref } from '../lib/layout';
import { t } from '../lib/messages';
import { formatDateTime } from '../lib/time';
import type { Event } from './service';

export type SalesState = 'open' | 'sold_out' | 'sales_closed' | 'event_cancelled' | 'not_on_sale' | 'payments_missing';

export interface EventPageProps {
  event: Event;
  lang: Lang;
  url: string;
  seatsLeft: number;
  sales: SalesState;
  demo: boolean;
  values?: Record<string, string>;
  fieldErrors?: Record<string, string>;
  notice?: string;
}

const stateMessage = (lang: Lang, s: SalesState) =>
  ({
    open: '',
    sold_out: t(lang).soldOut,
    sales_closed: t(lang).salesClosed,
    event_cancelled: t(lang).cancelled,
    not_on_sale: t(lang).notOnSale,
    payments_missing: t(lang).paymentsMissing,
  })[s];

/** "…, 19:00–23:00" on one day, both in full across midnight; both languages' formats end in HH:MM. */
const formatSpan = (e: Event, lang: Lang) => {
  const [start, end] = [e.startsAt, e.endsAt].map((ms) => formatDateTime(ms, e.timezone, lang)) as [string, string];
  return `${start}–${start.slice(0, -5) === end.slice(0, -5) ? end.slice(-5) : end}`;
};

export function EventPage(p: EventPageProps) {
  const m = t(p.lang);
  const e = p.event;
  const v = p.values ?? {};
  const err = p.fieldErrors ?? {};
  const fieldError = (name: string) => {
    const code = err[name];
    if (!code) return null;
    const text = (m as unknown as Record<string, unknown>)[code];
    return (
      <p class="field-error" id={`${name}-error`}>
        {typeof text === 'string' ? text : m.invalidValue}
      </p>
    );
  };
  const input = (name: string, label: string, type = 'text', extra: Record<string, unknown> = {}) => (
    <>
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        value={v[name] ?? ''}
        aria-invalid={err[name] ? 'true' : undefined}
        aria-describedby={err[name] ? `${name}-error` : undefined}
        {...extra}
      />
      {fieldError(name)}
    </>
  );
  const check = (name: string, label: string) => (
    <>
      <label class="check" for={name}>
        <input
          id={name}
          name={name}
          type="checkbox"
          checked={v[name] === 'on'}
          aria-invalid={err[name] ? 'true' : undefined}
          aria-describedby={err[name] ? `${name}-error` : undefined}
        />
        <span>{label}</span>
      </label>
      {fieldError(name)}
    </>
  );
  const price = formatMoney(e.priceCents, e.currency, p.lang);
  return (
    <Page lang={p.lang} title={`${e.title} · klick`} switchHref={switchHref(p.url, p.lang)} switchLabel={m.switchTo}>
      <h1>{e.title}</h1>
      {p.demo ? <p class="msg demo">{m.demoNotice}</p> : null}
      {p.notice ? (
        <p class="msg error" role="alert">
          {p.notice}
        </p>
      ) : null}
      <div class="card">
        <dl>
          <dt>{m.when}</dt>
          <dd>
            {formatSpan(e, p.lang)} <span class="muted">({e.timezone})</span>
          </dd>
          <dt>{m.where}</dt>
          <dd>
            {e.venue}
            {e.address ? (
              <>
                <br />
                {e.address}
              </>
            ) : null}
          </dd>
          <dt>{m.price}</dt>
          <dd>{price}</dd>
          {e.hostName ? (
            <>
              <dt>{m.host}</dt>
              <dd>{e.hostName}</dd>
            </>
          ) : null}
        </dl>
        {p.sales === 'open' ? (
          <p>
            <strong>{m.seatsLeft(p.seatsLeft)}</strong>
          </p>
        ) : null}
        {e.description ? <p style="white-space:pre-line">{e.description}</p> : null}
      </div>
      {p.sales !== 'open' ? (
        <p class="msg error" role="status">
          {stateMessage(p.lang, p.sales)}
        </p>
      ) : (
        <form class="card" method="post" action={`/e/${e.slug}/checkout`} novalidate>
          <h2>{m.buyTitle}</h2>
          {Object.keys(err).length ? (
            <p class="msg error" role="alert">
              {m.fixErrors}
            </p>
          ) : null}
          {input('name', m.name, 'text', { autocomplete: 'name', required: true, maxlength: 120 })}
          {input('email', m.email, 'email', { autocomplete: 'email', required: true, maxlength: 254 })}
          {input('company', m.company, 'text', { autocomplete: 'organization', required: true, maxlength: 160 })}
          {input('role', m.role, 'text', { autocomplete: 'organization-title', required: true, maxlength: 160 })}
          {input('phone', m.phone, 'tel', { autocomplete: 'tel', maxlength: 40 })}
          {input('linkedin', m.linkedin, 'url', { maxlength: 300, placeholder: 'https://www.linkedin.com/in/…' })}
          {input('askMeAbout', m.askMeAbout, 'text', { maxlength: 200 })}
          <p class="hint">{m.askMeAboutHint}</p>
          {check('consentHost', m.consentHost)}
          {check('consentGuests', m.consentGuests)}
          <p class="hint">{m.consentNote}</p>
          {check('terms', m.terms)}
          <p class="hint">
            <a href={`/terms.${p.lang}.html`} target="_blank" rel="noopener">
              {m.termsLink}
            </a>
          </p>
          <button class="wide" type="submit">
            {m.payButton(price)}
          </button>
        </form>
      )}
    </Page>
  );
}
