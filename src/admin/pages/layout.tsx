import type { Child } from 'hono/jsx';
import type { Lang } from '../../lib/i18n';
import { Page, switchHref } from '../../lib/layout';
import { am } from '../messages';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

/** The organizer works on a laptop: wider tables than the phone-first public pages. */
const adminCss =
  'main{max-width:72rem}nav.row{margin-bottom:1rem}nav form{margin:0}td form{margin:0}.button.danger{background:#b3261e}pre{white-space:pre-wrap;overflow-wrap:anywhere}';

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
