import type { Lang } from '../lib/i18n';
import { t } from '../lib/messages';
import { formatDateTime } from '../lib/time';
import type { Ticket } from '../tickets/service';
import { type ConsentState, SCOPE_FIELDS, type Scope } from './consent';

/**
 * One scope on the ticket page: its current state, exactly which of the guest's values it shares (the same list
 * the exports and the exchange read), one button.
 */
export function ConsentCard(props: {
  lang: Lang;
  base: string;
  tz: string;
  scope: Scope;
  state: ConsentState;
  ticket: Ticket;
}) {
  const m = t(props.lang).privacy;
  const { scope, state, ticket } = props;
  const since = state.recordedAt === null ? null : formatDateTime(state.recordedAt, props.tz, props.lang);
  const status =
    since === null
      ? m.never
      : state.granted
        ? m.on(since, state.policyVersion ?? '')
        : m.off(since, state.policyVersion ?? '');
  return (
    <div class="card">
      <h3 style="margin-top:0">{m.scope[scope]}</h3>
      <p class={state.granted ? 'msg ok' : 'msg'}>{status}</p>
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
