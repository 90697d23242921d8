import { CsrfField } from '../admin/pages/layout';
import { EventSubPage } from '../admin/pages/sub-page';
import type { Lang } from '../lib/i18n';
import { PAD, QR_SIZE } from './fit';
import { cropMarks, LAYOUT_IDS, LAYOUTS, type Layout, PAGE, perSheet, place } from './layouts';
import { bm } from './messages';
import type { Badge, BadgeQuery } from './sheet';

export interface GuestRow {
  id: string;
  name: string;
  badge: string;
  printed: boolean;
}

/**
 * CSS paged media: each sheet is one A4 page with no printer margins, badges placed in mm. On screen the sheets
 * scroll sideways inside their box (an A4 sheet is wider than a phone); in print only the sheets remain.
 */
const css = (l: Layout) => `
@page{size:A4;margin:0}
.sheets{overflow-x:auto}.sheet{position:relative;width:${PAGE.width}mm;height:${PAGE.height}mm;background:#fff;margin:0 0 1rem;box-shadow:0 1px 3px #0003;overflow:hidden}
.badge{position:absolute;width:${l.width}mm;height:${l.height}mm;padding:${PAD}mm;color:#000;font-family:Helvetica,Arial,"Noto Sans","Noto Sans CJK JP",sans-serif;${l.cropMarks ? '' : 'outline:0.2mm dashed #bbb;'}}
.badge .text{width:${l.width - 2 * PAD - QR_SIZE - 3}mm;overflow:hidden}
.badge .first{font-size:24pt;font-weight:700;line-height:1.1;overflow-wrap:anywhere;max-height:2.3em;overflow:hidden}
.badge .full{font-size:10.5pt;margin-top:1mm}.badge .company{font-size:10pt}.badge .ask{font-size:8.5pt;margin-top:1.5mm;font-style:italic}
.badge .bqr{position:absolute;right:${PAD}mm;bottom:${PAD}mm;width:${QR_SIZE}mm;height:${QR_SIZE}mm}.badge .bqr svg{width:100%;height:100%;display:block}
.mark{position:absolute;background:#000}
@media print{body{background:#fff}body>:not(main){display:none!important}main{max-width:none;margin:0;padding:0}main>:not(.sheets){display:none!important}.sheets{overflow:visible}.sheet{margin:0;box-shadow:none;break-after:page}.sheet:last-child{break-after:auto}.badge{outline:0}}
`;

function Sheet(props: { layout: Layout; badges: Badge[]; first: number; lang: Lang; qr: Map<string, string> }) {
  const l = props.layout;
  const m = bm(props.lang);
  return (
    <section class="sheet">
      {cropMarks(l).map((k) => {
        const vertical = k.x1 === k.x2;
        const style = vertical
          ? `left:${k.x1 - 0.1}mm;top:${Math.min(k.y1, k.y2)}mm;width:0.2mm;height:${Math.abs(k.y2 - k.y1)}mm`
          : `left:${Math.min(k.x1, k.x2)}mm;top:${k.y1 - 0.1}mm;width:${Math.abs(k.x2 - k.x1)}mm;height:0.2mm`;
        return <span class="mark" style={style} aria-hidden="true" />;
      })}
      {props.badges.map((b, i) => {
        const at = place(l, props.first + i);
        return (
          <article class="badge" style={`left:${at.x}mm;top:${at.y}mm`} data-ticket={b.ticketId}>
            <div class="text">
              <div class="first">{b.firstName}</div>
              <div class="full">{b.fullName}</div>
              {b.company ? <div class="company">{b.company}</div> : null}
              {b.askMeAbout ? <div class="ask">{b.askMeAbout}</div> : null}
            </div>
            <div
              class="bqr"
              role="img"
              aria-label={m.badgeQr(b.fullName)}
              dangerouslySetInnerHTML={{ __html: props.qr.get(b.code) ?? '' }}
            />
          </article>
        );
      })}
    </section>
  );
}

export function BadgesPage(props: {
  lang: Lang;
  url: string;
  csrf: string;
  event: { id: string; title: string };
  query: BadgeQuery;
  badges: Badge[];
  guests: GuestRow[];
  /** each badge code's QR as SVG (lib/qr.ts renders asynchronously) */
  qr: Map<string, string>;
  /** names the PDF's standard fonts cannot show */
  notInPdf: string[];
  msg?: string | undefined;
}) {
  const m = bm(props.lang);
  const q = props.query;
  const l = LAYOUTS[q.layout];
  const per = perSheet(l);
  const sheets = Math.ceil(props.badges.length / per);
  const base = `/admin/events/${props.event.id}/badges`;
  const params = new URLSearchParams({
    layout: q.layout,
    sort: q.sort,
    which: q.which,
    ...(q.ticket ? { ticket: q.ticket } : {}),
  });
  const select = (name: string, label: string, options: Record<string, string>, value: string) => (
    <>
      <label for={`b-${name}`}>{label}</label>
      <select id={`b-${name}`} name={name}>
        {Object.entries(options).map(([v, text]) => (
          <option value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
    </>
  );
  const notice =
    props.msg === 'revoked' || props.msg === 'reissued'
      ? { kind: 'ok' as const, text: m[props.msg] }
      : props.msg && /^marked-\d+$/.test(props.msg)
        ? { kind: 'ok' as const, text: m.marked(Number(props.msg.slice(7))) }
        : undefined;
  return (
    <EventSubPage
      lang={props.lang}
      heading={m.title}
      event={props.event}
      url={props.url}
      csrf={props.csrf}
      notice={notice}
    >
      <style dangerouslySetInnerHTML={{ __html: css(l) }} />
      <p class="hint">{m.intro}</p>
      <form method="get" action={base} class="card">
        {select('layout', m.layout, Object.fromEntries(LAYOUT_IDS.map((id) => [id, m.layouts[id]!])), q.layout)}
        {select('sort', m.sort, m.sorts, q.sort)}
        {select('which', m.which, m.whichOptions, q.which)}
        {select(
          'ticket',
          m.guest,
          Object.fromEntries([['', '—'], ...props.guests.map((g) => [g.id, g.name])]),
          q.ticket ?? '',
        )}
        <button class="wide" type="submit">
          {m.show}
        </button>
      </form>
      <div class="card">
        <p role="status">{props.badges.length ? m.count(props.badges.length, sheets) : m.none}</p>
        {props.notInPdf.length ? <p class="msg error">{m.pdfFonts(props.notInPdf.join(', '))}</p> : null}
        <p class="hint">{m.printHint}</p>
        <div class="row">
          <a class="button" href={`${base}.pdf?${params}`} download>
            {m.pdf}
          </a>
          {props.badges.length ? (
            <form method="post" action={`${base}/printed?${params}`}>
              <CsrfField token={props.csrf} />
              <button class="secondary" type="submit">
                {m.markPrinted(props.badges.length)}
              </button>
            </form>
          ) : null}
        </div>
      </div>
      {/* a box that scrolls sideways is reached by the keyboard too (it holds nothing focusable itself) */}
      <section class="sheets" aria-label={m.sheetsPreview} tabindex={0}>
        {Array.from({ length: sheets }, (_, s) => (
          <Sheet
            layout={l}
            badges={props.badges.slice(s * per, (s + 1) * per)}
            first={s * per}
            lang={props.lang}
            qr={props.qr}
          />
        ))}
      </section>
      <h2>{m.guests}</h2>
      <div style="overflow-x:auto">
        <table>
          <thead>
            <tr>
              <th scope="col">{m.name}</th>
              <th scope="col">{m.shows}</th>
              <th scope="col">{m.printed}</th>
              <th scope="col">
                <span class="muted">{m.revoke}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.guests.map((g) => (
              <tr>
                <td>{g.name}</td>
                <td>{m.showsOptions[g.badge] ?? m.showsOptions.name}</td>
                <td>{g.printed ? m.yes : m.no}</td>
                <td>
                  <div class="row">
                    <form method="post" action={`${base}/${g.id}/revoke`}>
                      <CsrfField token={props.csrf} />
                      <button class="danger" type="submit" aria-label={m.revokeLabel(g.name)}>
                        {m.revoke}
                      </button>
                    </form>
                    <form method="post" action={`${base}/${g.id}/revoke`}>
                      <CsrfField token={props.csrf} />
                      <input type="hidden" name="reissue" value="1" />
                      <button class="secondary" type="submit" aria-label={m.reissueLabel(g.name)}>
                        {m.reissue}
                      </button>
                    </form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </EventSubPage>
  );
}
