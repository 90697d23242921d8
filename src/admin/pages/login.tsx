import type { Lang } from '../../lib/i18n';
import { am } from '../messages';
import { AdminPage, type Notice } from './layout';

export function LoginPage(props: { lang: Lang; url: string; failed?: boolean; notice?: Notice }) {
  const m = am(props.lang);
  return (
    <AdminPage lang={props.lang} title={m.loginTitle} url={props.url} notice={props.notice}>
      <h1>{m.loginTitle}</h1>
      {props.failed ? (
        <p class="msg error" role="alert" id="token-error">
          {m.loginFailed}
        </p>
      ) : null}
      <form class="card" method="post" action="/admin/login">
        <label for="token">{m.tokenLabel}</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          required
          maxlength={500}
          aria-invalid={props.failed ? 'true' : undefined}
          aria-describedby={props.failed ? 'token-error token-hint' : 'token-hint'}
        />
        <p class="hint" id="token-hint">
          {m.tokenHint}
        </p>
        <button class="wide" type="submit">
          {m.login}
        </button>
      </form>
    </AdminPage>
  );
}
