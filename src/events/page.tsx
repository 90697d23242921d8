import { formatMoney, type Lang } from '../lib/i18n';
import { Page, switchHref } from '../lib/layout';
import { addressForm, t, tFor } from '../lib/messages';
import { formatDateTime } from '../lib/time';
import { ConsentAndTerms, formKit, PersonFields, PurchaseFields } from '../orders/fields';
import { PolicyCard, policyTexts } from './policy-view';
import type { Event } from './service';

/** presale: before the public sale opens, a code unlocks it; waitlist: sold out, the line is open. */
export type SalesState =
  | 'open'
  | 'presale'
  | 'waitlist'
  | 'sales_closed'
  | 'event_cancelled'
  | 'not_on_sale'
  | 'payments_missing';

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
  /** a positive note (the waitlist mailed the link again) */
  info?: string;
  /** stands in for the waitlist form: the sold-out answer's kept page is made around it (src/events/routes.tsx) */
  waitlistSlot?: unknown;
}

const stateMessage = (lang: Lang, s: SalesState) =>
  ({
    open: '',
    presale: '',
    waitlist: t(lang).soldOut,
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

export function WaitlistForm(p: EventPageProps) {
  const m = tFor(p.lang, p.event);
  const form = addressForm(p.event.addressForm);
  const { summary } = formKit(p.lang, p.values, p.fieldErrors, form);
  return (
    <form class="card" method="post" action={`/e/${p.event.slug}/waitlist`} novalidate>
      <h2>{m.seats.waitlistTitle}</h2>
      <p class="hint">{m.seats.waitlistIntro}</p>
      {summary}
      <PersonFields
        lang={p.lang}
        form={form}
        values={p.values}
        errors={p.fieldErrors}
        fields={['name', 'email', 'company', 'askMeAbout']}
      />
      <ConsentAndTerms lang={p.lang} form={form} values={p.values} errors={p.fieldErrors} />
      <button class="wide" type="submit">
        {m.seats.waitlistButton}
      </button>
    </form>
  );
}

export function EventPage(p: EventPageProps) {
  const m = tFor(p.lang, p.event);
  const e = p.event;
  const price = formatMoney(e.priceCents, e.currency, p.lang);
  const policy = policyTexts(e, p.lang);
  const buying = p.sales === 'open' || p.sales === 'presale';
  return (
    <Page
      lang={p.lang}
      title={`${e.title} · klick`}
      switchHref={switchHref(p.url, p.lang)}
      switchLabel={m.switchTo}
      form={addressForm(e.addressForm)}
    >
      <h1>{e.title}</h1>
      {p.demo ? <p class="msg demo">{m.demoNotice}</p> : null}
      {p.notice ? (
        <p class="msg error" role="alert">
          {p.notice}
        </p>
      ) : null}
      {p.info ? (
        <p class="msg ok" role="status">
          {p.info}
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
        {buying ? (
          <p>
            <strong>{m.seatsLeft(p.seatsLeft)}</strong>
          </p>
        ) : null}
        {e.description ? <p style="white-space:pre-line">{e.description}</p> : null}
      </div>
      <PolicyCard event={e} lang={p.lang} />
      {p.sales === 'presale' && e.salesOpenAt !== null ? (
        <p class="msg" role="status">
          {m.seats.presale(formatDateTime(e.salesOpenAt, e.timezone, p.lang))}
        </p>
      ) : null}
      {buying ? (
        <form class="card" method="post" action={`/e/${e.slug}/checkout`} novalidate>
          <h2>{m.buyTitle}</h2>
          <PurchaseFields
            lang={p.lang}
            form={addressForm(e.addressForm)}
            values={p.values}
            errors={p.fieldErrors}
            policy={`${policy.cancel} ${policy.transfer}`}
          />
          <button class="wide" type="submit">
            {m.payButton(price)}
          </button>
        </form>
      ) : (
        <>
          <p class="msg error" role="status">
            {stateMessage(p.lang, p.sales)}
          </p>
          {p.sales === 'waitlist' ? (p.waitlistSlot ?? <WaitlistForm {...p} />) : null}
        </>
      )}
    </Page>
  );
}
