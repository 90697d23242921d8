import type { Child } from 'hono/jsx';
import type { Lang } from '../../lib/i18n';
import { Page, switchHref } from '../../lib/layout';
import { am } from '../messages';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

/**
 * Wide tables on a laptop; on a phone (the organizer is often the host, alone, with one phone) every table row
 * becomes a card whose cells carry their column's name (data-label), so no page scrolls sideways.
 */
const adminCss =
  'main{max-width:72rem}nav.row{margin-bottom:1rem}nav form{margin:0}td form{margin:0}.button.danger{background:#b3261e}pre{white-space:pre-wrap;overflow-wrap:anywhere}' +
  'td,dd{overflow-wrap:break-word}td form.row input{width:auto}' +
  '@media (max-width:44rem){' +
  'table,tbody,tr,td{display:block;width:100%}' +
  'thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}' +
  'tr{background:#fff;border-radius:12px;padding:.5rem .75rem;margin:0 0 .75rem;box-shadow:0 1px 2px #0002}' +
  '.card tr{box-shadow:none;border:1px solid #ddd}' +
  'td{border:0;padding:.2rem 0}td:empty{display:none}' +
  'td[data-label]{position:relative;padding-left:calc(36% + .75rem);min-height:1.9rem}' +
  'td[data-label]::before{content:attr(data-label);position:absolute;left:0;width:36%;font-weight:600;color:#555}' +
  'dl{grid-template-columns:minmax(0,40%) minmax(0,1fr)}}';

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="csrf" value={props.token} />;
}

export function AdminPage(props: {
  lang: Lang;
  title: string;
  /** the GET address of this page, for the language switch */
  url: string;
  /** present when logged in: shows the navigation and the logout form */
  csrf?: string;
  notice?: Notice;
  children: Child;
}) {
  const m = am(props.lang);
  return (
    <Page
      lang={props.lang}
      title={`${props.title} · ${m.appName}`}
      switchHref={switchHref(props.url, props.lang)}
      switchLabel={m.switchTo}
    >
      <style dangerouslySetInnerHTML={{ __html: adminCss }} />
      {props.csrf ? (
        <nav class="row" aria-label={m.appName}>
          <a href="/admin">{m.navEvents}</a>
          <a href="/admin/outbox">{m.navOutbox}</a>
          <form method="post" action="/admin/logout">
            <CsrfField token={props.csrf} />
            <button class="secondary" type="submit">
              {m.logout}
            </button>
          </form>
        </nav>
      ) : null}
      {props.notice ? (
        <p class={`msg ${props.notice.kind}`} role={props.notice.kind === 'error' ? 'alert' : 'status'}>
          {props.notice.text}
        </p>
      ) : null}
      {props.children}
    </Page>
  );
}
