import { EventSubPage } from '../admin/pages/sub-page';
import type { Lang } from '../lib/i18n';
import { bm } from './messages';
import type { NotInPdf } from './pdf';

/** Why these badges are not in the PDF, and what to do: print them from the browser, which shapes text. */
export function NotInPdfNote(props: { lang: Lang; notInPdf: NotInPdf[] }) {
  const m = bm(props.lang);
  const names = props.notInPdf.map((x) => `${x.badge.fullName} (${m.notInPdfReason[x.reason]})`).join(', ');
  return (
    <div class="msg error">
      <p>{m.notInPdf(props.notInPdf.length, names)}</p>
      <p>{m.notInPdfSteps}</p>
    </div>
  );
}

/** The PDF route's answer when some chosen badges can only be printed from the browser (and omit=browser is not set). */
export function NotInPdfPage(props: {
  lang: Lang;
  url: string;
  csrf: string;
  event: { id: string; title: string };
  notInPdf: NotInPdf[];
  /** how many of the chosen badges the PDF can draw */
  others: number;
  /** the page's query, to go back to the same choice and to download the others */
  params: URLSearchParams;
}) {
  const m = bm(props.lang);
  const base = `/admin/events/${props.event.id}/badges`;
  const without = new URLSearchParams(props.params);
  without.set('omit', 'browser');
  const back = new URLSearchParams(props.params);
  back.delete('omit');
  return (
    <EventSubPage lang={props.lang} heading={m.notInPdfTitle} event={props.event} url={props.url} csrf={props.csrf}>
      <NotInPdfNote lang={props.lang} notInPdf={props.notInPdf} />
      <div class="row">
        {props.others > 0 ? (
          <a class="button" href={`${base}.pdf?${without}`} download>
            {m.pdfWithout(props.others)}
          </a>
        ) : null}
        <a href={`${base}?${back}`}>{m.backToBadges}</a>
      </div>
    </EventSubPage>
  );
}
