import { canCancel, canTransfer } from '../events/policy';
import { policyTexts } from '../events/policy-view';
import type { Event } from '../events/service';
import { formatMoney, type Lang } from '../lib/i18n';
import { Page, switchHref } from '../lib/layout';
import { type AddressForm, addressForm, t, tFor } from '../lib/messages';
import { formatDateTime } from '../lib/time';
import { formKit, PersonFields } from '../orders/fields';
import type { Order } from '../orders/service';
import type { Ticket } from '../tickets/service';

/** The ticket page's card for the seat itself: the dinner's rules, and passing on or cancelling when allowed. */
export function SeatSection(props: {
  lang: Lang;
  ticket: Ticket;
  event: Event;
  token: string;
  now: number;
  msg?: string;
}) {
  const { lang, event, ticket } = props;
  const m = tFor(lang, event).seats;
  if (ticket.status !== 'valid') return null;
  const policy = policyTexts(event, lang);
  const base = `/t/${props.token}`;
  const transfer = canTransfer(event, props.now);
  const cancel = canCancel(event, props.now);
  return (
    <div class="card" id="seat">
      <h2 style="margin-top:0">{m.yourSeat}</h2>
      {props.msg === 'transferred' ? (
        <p class="msg ok" role="status">
          {m.transferDone}
        </p>
      ) : null}
      <p>{policy.cancel}</p>
      <p>{policy.transfer}</p>
      {cancel ? (
        <p>
          <a href={`${base}/cancel`}>{m.cancelLink}</a>
        </p>
      ) : transfer ? (
        <p class="hint">{m.notCancellableTransfer}</p>
      ) : null}
      {transfer ? (
        <p>
          <a class="button" href={`${base}/transfer`}>
            {m.transferLink}
          </a>
        </p>
      ) : null}
    </div>
  );
}

/** What became of a ticket that no longer admits its holder: passed on, or cancelled (with the refund). */
export function EndedSeat(props: { lang: Lang; ticket: Ticket; event: Event; order: Order }) {
  const { lang, ticket, event, order } = props;
  const m = tFor(lang, event).seats;
  const when = formatDateTime(ticket.voidedAt ?? ticket.updatedAt, event.timezone, lang);
  if (ticket.status === 'transferred') return <p class="msg error">{m.transferred(when)}</p>;
  const refund = formatMoney(order.refundedCents ?? 0, order.currency, lang);
  const state = order.status === 'refunded' ? refund : `${refund} (${m.refundPending})`;
  return <p class="msg error">{m.cancelledTicket(when, state)}</p>;
}

/** The new guest's details, by the purchase form's fields and rules, for the guest's and the organizer's form. */
export function TransferFields(props: {
  lang: Lang;
  /** the guest's page speaks in the dinner's form of address; the organizer's page leaves it out */
  form?: AddressForm;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  submit: string;
}) {
  const { summary } = formKit(props.lang, props.values, props.errors, props.form);
  return (
    <>
      {summary}
      <PersonFields
        lang={props.lang}
        form={props.form}
        values={props.values}
        errors={props.errors}
        fields={['name', 'email', 'company', 'role', 'phone', 'linkedin', 'askMeAbout']}
      />
      <button class="wide" type="submit">
        {props.submit}
      </button>
    </>
  );
}

export function TransferPage(props: {
  lang: Lang;
  url: string;
  action: string;
  back: string;
  event: Event;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  notice?: string;
}) {
  const { lang } = props;
  const m = tFor(lang, props.event).seats;
  return (
    <Page
      lang={lang}
      title={`${m.transferTitle} · ${props.event.title}`}
      form={addressForm(props.event.addressForm)}
      switchHref={switchHref(props.url, lang)}
      switchLabel={t(lang).switchTo}
    >
      <h1>{m.transferTitle}</h1>
      {props.notice ? (
        <p class="msg error" role="alert">
          {props.notice}
        </p>
      ) : null}
      <form class="card" method="post" action={props.action} novalidate>
        <p class="hint">{m.transferIntro}</p>
        <TransferFields
          lang={lang}
          form={addressForm(props.event.addressForm)}
          values={props.values}
          errors={props.errors}
          submit={m.transferButton}
        />
      </form>
      <p>
        <a href={props.back}>{m.cancelBack}</a>
      </p>
    </Page>
  );
}

export function CancelPage(props: {
  lang: Lang;
  url: string;
  token: string;
  event: Event;
  quote: { refundCents: number; keptCents: number; currency: string };
}) {
  const { lang, quote } = props;
  const m = tFor(lang, props.event).seats;
  const money = (c: number) => formatMoney(c, quote.currency, lang);
  const base = `/t/${props.token}`;
  return (
    <Page
      lang={lang}
      title={`${m.cancelTitle} · ${props.event.title}`}
      form={addressForm(props.event.addressForm)}
      switchHref={switchHref(props.url, lang)}
      switchLabel={t(lang).switchTo}
    >
      <h1>{m.cancelTitle}</h1>
      <div class="card">
        <p>{m.cancelText(money(quote.refundCents), quote.keptCents ? money(quote.keptCents) : '')}</p>
        <form method="post" action={`${base}/cancel`}>
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="danger wide">
            {m.cancelConfirm}
          </button>
        </form>
        <p>
          <a href={base}>{m.cancelBack}</a>
        </p>
      </div>
    </Page>
  );
}
