import { policyTexts } from '../events/policy-view';
import type { Event } from '../events/service';
import { formatMoney, type Lang } from '../lib/i18n';
import { Page, switchHref } from '../lib/layout';
import { addressForm, type t, tFor } from '../lib/messages';
import { formatDateTime } from '../lib/time';
import { PurchaseFields } from '../orders/fields';
import type { WaitlistEntry } from './offers';

export interface LinePageProps {
  lang: Lang;
  url: string;
  token: string;
  event: Event;
  entry: WaitlistEntry;
  /** the place in line, for a waiting entry */
  place: number;
  /** the booked order behind a converted offer, for its success page */
  orderId: string | null;
  values?: Record<string, string>;
  fieldErrors?: Record<string, string>;
  notice?: string;
}

/** A finished entry in one sentence, by its state. */
const ended = (m: ReturnType<typeof t>['seats'], e: WaitlistEntry) =>
  ({
    converted: m.converted,
    lapsed: m.lapsed,
    declined: e.anonymizedAt === null ? m.declined : `${m.declined} ${m.left}`,
    removed: e.anonymizedAt === null ? m.removed : m.left,
  })[e.state] ?? m.removed;

/** The personal waitlist page: the place in line, the offer's prefilled purchase form, or how it ended. */
export function LinePage(p: LinePageProps) {
  const m = tFor(p.lang, p.event);
  const s = m.seats;
  const e = p.event;
  const base = `/w/${p.token}`;
  const price = formatMoney(e.priceCents, e.currency, p.lang);
  const policy = policyTexts(e, p.lang);
  const title = p.entry.state === 'offered' ? s.offerTitle : s.lineTitle;
  return (
    <Page
      lang={p.lang}
      title={`${title} · ${e.title}`}
      switchHref={switchHref(p.url, p.lang)}
      switchLabel={m.switchTo}
      form={addressForm(e.addressForm)}
    >
      <h1>{e.title}</h1>
      <p class="muted">{`${formatDateTime(e.startsAt, e.timezone, p.lang)} · ${e.venue}`}</p>
      {p.notice ? (
        <p class="msg error" role="alert">
          {p.notice}
        </p>
      ) : null}
      {p.entry.state === 'waiting' ? (
        <div class="card">
          <h2 style="margin-top:0">{s.lineTitle}</h2>
          <p>
            <strong>{s.place(p.place)}</strong>
          </p>
          <p class="hint">{s.placeHint(e.offerHours)}</p>
          <form method="post" action={`${base}/leave`}>
            <button class="secondary wide" type="submit">
              {s.leave}
            </button>
          </form>
        </div>
      ) : p.entry.state === 'offered' ? (
        <>
          <form class="card" method="post" action={base} novalidate>
            <h2 style="margin-top:0">{s.offerTitle}</h2>
            <p class="msg ok">{s.offerUntil(formatDateTime(p.entry.offerExpiresAt ?? 0, e.timezone, p.lang))}</p>
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
          <form method="post" action={`${base}/decline`}>
            <button class="secondary wide" type="submit">
              {s.decline}
            </button>
          </form>
        </>
      ) : (
        <div class="card">
          <p class={`msg ${p.entry.state === 'converted' ? 'ok' : ''}`} role="status">
            {ended(s, p.entry)}
          </p>
          {p.entry.state === 'converted' && p.orderId ? (
            <a class="button wide" href={`/orders/${p.orderId}/done`}>
              {s.openBooking}
            </a>
          ) : (
            <a href={`/e/${e.slug}`}>{s.rejoin}</a>
          )}
        </div>
      )}
    </Page>
  );
}
