import type { Lang } from '../lib/i18n';
import { type AddressForm, t } from '../lib/messages';
import { formatDateTime } from '../lib/time';
import type { Ticket } from '../tickets/service';
import { type ConsentState, SCOPE_FIELDS, type Scope } from './consent';

/**
 * One scope on the ticket page: its current state, one button, and behind a one-line summary of the fields it
 * shares, exactly which of the guest's values go where (the same list the exports and the exchange read;
 * complete, but folded: the QR code comes first on a phone).
 */
export function ConsentCard(props: {
  lang: Lang;
  form: AddressForm;
  base: string;
  tz: string;
  scope: Scope;
  state: ConsentState;
  ticket: Ticket;
}) {
  const m = t(props.lang, props.form).privacy;
  const { scope, state, ticket } = props;
  const since = state.recordedAt === null ? null : formatDateTime(state.recordedAt, props.tz, props.lang);
  const status =
    since === null
      ? m.never
      : state.granted
        ? m.on(since, state.policyVersion ?? '')
        : m.off(since, state.policyVersion ?? '');
  return (
    <div class="card consent">
      <h3 style="margin-top:0">{m.scope[scope]}</h3>
      <p class={state.granted ? 'msg ok' : 'msg'}>{status}</p>
      <details>
        <summary>{m.sharedFields(SCOPE_FIELDS[scope].map((f) => m.field[f]).join(', '))}</summary>
        <p>{m.shares[scope]}</p>
        <dl>
          {SCOPE_FIELDS[scope].map((f) => (
            <>
              <dt>{m.field[f]}</dt>
              <dd>{ticket[f] || <span class="muted">{m.empty}</span>}</dd>
            </>
          ))}
        </dl>
        {scope === 'klick' ? <p>{m.klickMutual}</p> : null}
        <p class="hint">{m.without[scope]}</p>
      </details>
      <form method="post" action={`${props.base}/consent`}>
        <input type="hidden" name="scope" value={scope} />
        <input type="hidden" name="granted" value={state.granted ? '0' : '1'} />
        <button type="submit" class={state.granted ? 'secondary' : ''}>
          {state.granted ? m.withdraw : m.grant}
        </button>
      </form>
    </div>
  );
}
