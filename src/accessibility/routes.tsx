import { Hono } from 'hono/tiny';
import type { Deps } from '../deps';
import type { AppEnv } from '../lib/http';
import { Page, switchHref } from '../lib/layout';
import { t } from '../lib/messages';
import { contactHref, statement } from './statement';

/** GET /accessibility: the accessibility statement, in the page's language, with the organizer's contact. */
export function accessibilityRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.get('/', (c) => {
    const lang = c.get('lang');
    const s = statement(lang);
    const contact = deps.config.accessibilityContact;
    const href = contact ? contactHref(contact) : null;
    return c.html(
      <Page
        lang={lang}
        title={`${s.title} · klick`}
        switchHref={switchHref(c.req.url, lang)}
        switchLabel={t(lang).switchTo}
      >
        <h1>{s.title}</h1>
        <p>{s.intro}</p>
        <h2>{s.statusTitle}</h2>
        <p>{s.status}</p>
        <h2>{s.checkedTitle}</h2>
        <ul>
          {s.checked.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
        <h2>{s.limitsTitle}</h2>
        <ul>
          {s.limits.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
        <h2>{s.feedbackTitle}</h2>
        <p>{s.feedback}</p>
        <div class="card" id="a11y-contact">
          {contact ? (
            <dl>
              <dt>{s.contactLabel}</dt>
              <dd>{href ? <a href={href}>{contact}</a> : contact}</dd>
            </dl>
          ) : (
            <p>{s.noContact}</p>
          )}
        </div>
        <h2>{s.enforcementTitle}</h2>
        <p>{s.enforcement}</p>
        <address class="card" lang="de">
          {s.body.map((line) => (
            <>
              {line}
              <br />
            </>
          ))}
        </address>
        <p>{s.conciliation}</p>
        <p class="muted">{s.dated}</p>
      </Page>,
    );
  });
  return r;
}
