import type { Lang } from '../lib/i18n';
import { tFor } from '../lib/messages';
import { formatDateTime } from '../lib/time';
import { cancelDeadline, cancellationOf } from './policy';
import type { Event } from './service';

/** The dinner's cancellation and transfer rules in words, the same on the event page, the form and the ticket. */
export function policyTexts(e: Event, lang: Lang): { cancel: string; transfer: string } {
  const m = tFor(lang, e).seats;
  const at = (ms: number) => formatDateTime(ms, e.timezone, lang);
  const c = cancellationOf(e);
  const deadline = cancelDeadline(e);
  return {
    cancel: c && deadline !== null ? m.cancellable(at(deadline), c.refundPercent) : m.notCancellable,
    transfer: e.transferUntil === null ? m.notTransferable : m.transferable(at(Math.min(e.transferUntil, e.endsAt))),
  };
}

export function PolicyCard(props: { event: Event; lang: Lang }) {
  const p = policyTexts(props.event, props.lang);
  return (
    <div class="card" id="policy">
      <h2 style="margin-top:0">{tFor(props.lang, props.event).seats.policyTitle}</h2>
      <p style="margin:0">{p.cancel}</p>
      <p style="margin:.5rem 0 0">{p.transfer}</p>
    </div>
  );
}
