import type { Child } from 'hono/jsx';
import type { Deps } from '../deps';
import type { Event } from '../events/service';
import type { Lang } from '../lib/i18n';
import { type AddressForm, addressForm, t } from '../lib/messages';
import { formatDateTime } from '../lib/time';
import type { Ticket } from '../tickets/service';
import { currentConsents, SCOPES } from './consent';
import { ConsentCard } from './consent-card';
import {
  type ExchangeClosed,
  type ExchangeGuest,
  type ExchangeView,
  exchangeClosedReason,
  loadExchange,
} from './exchange';

const list = 'list-style:none;padding:0;margin:0';
const row = 'padding:.6rem 0;border-bottom:1px solid #ddd';

function KlickButton(props: { lang: Lang; form: AddressForm; base: string; guest: ExchangeGuest }) {
  const m = t(props.lang, props.form).privacy;
  const { guest } = props;
  return (
    <form method="post" action={`${props.base}/klick`} style="margin:.4rem 0 0">
      <input type="hidden" name="to" value={guest.ticketId} />
      <input type="hidden" name="mark" value={guest.marked ? '0' : '1'} />
      <button
        type="submit"
        class={guest.marked ? 'secondary' : ''}
        aria-label={guest.marked ? m.unmarkLabel(guest.name) : m.markLabel(guest.name)}
      >
        {guest.marked ? m.unmark : m.mark}
      </button>
    </form>
  );
}

/** A guest in the exchange; the klick button only for a viewer who can be found too (a klick is mutual). */
function GuestCard(props: { lang: Lang; form: AddressForm; base: string; guest: ExchangeGuest; listed: boolean }) {
  const m = t(props.lang, props.form).privacy;
  const { guest } = props;
  const c = guest.card;
  return (
    <li style={row}>
      <strong>{guest.name}</strong>
      {guest.mutual ? (
        <span class="msg ok" style="margin:0 0 0 .5rem;padding:.1rem .5rem">
          {m.mutual}
        </span>
      ) : null}
      {c?.role || guest.company ? <div>{[c?.role, guest.company].filter(Boolean).join(' · ')}</div> : null}
      {c ? (
        <>
          {c.email ? <div>{<a href={`mailto:${c.email}`}>{c.email}</a>}</div> : null}
          {c.phone ? <div>{<a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`}>{c.phone}</a>}</div> : null}
          {/^https:\/\//i.test(c.linkedin) ? <div>{<a href={c.linkedin}>{m.field.linkedin}</a>}</div> : null}
          {c.askMeAbout ? <div class="hint">{`${m.field.askMeAbout}: ${c.askMeAbout}`}</div> : null}
        </>
      ) : guest.marked ? (
        <div class="hint">{m.marked}</div>
      ) : null}
      {props.listed ? <KlickButton lang={props.lang} form={props.form} base={props.base} guest={guest} /> : null}
    </li>
  );
}

function Exchange(props: {
  lang: Lang;
  form: AddressForm;
  base: string;
  closed: ExchangeClosed | null;
  exchange: ExchangeView;
  flash: Child;
}) {
  const m = t(props.lang, props.form).privacy;
  const { closed } = props;
  // Before the dinner there is nobody to show yet: the card would only push the privacy choices down.
  if (closed === 'not_checked_in')
    return (
      <div class="card" id="exchange">
        <h2 style="margin-top:0">{m.exchangeTitle}</h2>
        <p class="muted">{m.exchangeNotCheckedIn}</p>
      </div>
    );
  if (closed) return null;
  const { listed, guests } = props.exchange;
  const one = (g: ExchangeGuest) => (
    <GuestCard lang={props.lang} form={props.form} base={props.base} guest={g} listed={listed} />
  );
  const shown = guests.filter((g) => g.card);
  const others = guests.filter((g) => !g.card);
  return (
    <div class="card" id="exchange">
      <h2 style="margin-top:0">{m.exchangeTitle}</h2>
      {props.flash}
      <p class="hint">{m.exchangeIntro}</p>
      {shown.length ? (
        <p>
          <a class="button" href={`${props.base}/exchange.vcf`}>
            {m.exchangeDownload}
          </a>
        </p>
      ) : (
        <p class="muted">{m.exchangeEmpty}</p>
      )}
      <ul style={list}>{shown.map(one)}</ul>
      {others.length ? (
        <>
          <h3>{m.alsoThere}</h3>
          <p class="hint">{m.alsoThereIntro}</p>
          <ul style={list}>{others.map(one)}</ul>
        </>
      ) : null}
      {listed ? null : (
        <p class="hint">
          {m.exchangeJoin} <a href="#privacy">{m.title}</a>
        </p>
      )}
    </div>
  );
}

/** Flash codes set by our own redirects; unknown ones are ignored, so the query cannot inject text. */
const FLASH = { consent: 'saved', klick: 'klickSaved' } as const;

/** The ticket page's lower half: exchange, consent per scope, download and delete. */
export async function GuestSections(props: {
  deps: Deps;
  ticket: Ticket;
  event: Event;
  token: string;
  lang: Lang;
  msg?: string;
}) {
  const { deps, ticket, event, lang } = props;
  const form = addressForm(event.addressForm);
  const m = t(lang, form).privacy;
  const base = `/t/${props.token}`;
  if (ticket.anonymizedAt !== null)
    return <p class="msg ok">{m.erased(formatDateTime(ticket.anonymizedAt, event.timezone, lang))}</p>;
  const [consents, closed] = await Promise.all([
    currentConsents(deps, ticket.orderId),
    exchangeClosedReason(deps, ticket, event),
  ]);
  const findable = consents.guests.granted || consents.klick.granted;
  const exchange = closed ? { listed: false, guests: [] } : await loadExchange(deps, ticket, event, findable);
  // Shown next to what changed: the redirect's #anchor scrolls there.
  const flash = (code: keyof typeof FLASH) =>
    props.msg === code ? (
      <p class="msg ok" role="status">
        {m[FLASH[code]]}
      </p>
    ) : null;
  return (
    <>
      <Exchange lang={lang} form={form} base={base} closed={closed} exchange={exchange} flash={flash('klick')} />
      <h2 id="privacy">{m.title}</h2>
      {flash('consent')}
      <p class="hint">{m.intro}</p>
      {SCOPES.map((scope) => (
        <ConsentCard
          lang={lang}
          form={form}
          base={base}
          tz={event.timezone}
          scope={scope}
          state={consents[scope]}
          ticket={ticket}
        />
      ))}
      <DataCard lang={lang} form={form} base={base} />
    </>
  );
}

/** Download and delete what klick holds about the holder of this ticket. */
export function DataCard(props: { lang: Lang; form: AddressForm; base: string }) {
  const m = t(props.lang, props.form).privacy;
  return (
    <div class="card">
      <h3 style="margin-top:0">{m.dataTitle}</h3>
      <p>
        <a href={`${props.base}/data.json`}>{m.download}</a>
      </p>
      <p>
        <a href={`${props.base}/delete`}>{m.deleteLink}</a>
      </p>
    </div>
  );
}
