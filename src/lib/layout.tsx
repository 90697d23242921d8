import type { Child } from 'hono/jsx';
import type { Lang } from './i18n';
import { type AddressForm, t } from './messages';

/** Phone-first, no web fonts, no JavaScript: the event page must stay under 20 KB gzip. */
export const css = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1f;background:#f6f5f2}
main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.6rem;line-height:1.2;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
a{color:#0b57d0}.card{background:#fff;border-radius:12px;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px #0002}
dl{display:grid;grid-template-columns:fit-content(45%) minmax(0,1fr);gap:.25rem 1rem;margin:0}dt,dd{overflow-wrap:anywhere}dt{font-weight:600}dd{margin:0}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}input:not([type=checkbox]):not([type=radio]),select,textarea{width:100%;font:inherit;padding:.65rem;border:1px solid #888;border-radius:8px;background:#fff}
.check{display:flex;gap:.6rem;align-items:flex-start;font-weight:400}.check input{width:1.3rem;height:1.3rem;margin-top:.15rem;flex:none}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.8rem 1.2rem;border:0;border-radius:10px;background:#0b57d0;color:#fff;text-decoration:none;cursor:pointer;text-align:center}
button.wide,.button.wide{width:100%;margin-top:1rem}button.secondary{background:#e3e3e8;color:#1b1b1f}button.danger{background:#b3261e}
.msg{padding:.75rem 1rem;border-radius:10px;margin:0 0 1rem;background:#e8f0fe}.msg.error{background:#fde7e7;color:#8c1d18}.msg.ok{background:#e6f4ea;color:#0d652d}.msg.demo{background:#fff4ce;color:#5c4400;font-weight:600}
.field-error{color:#b3261e;font-size:.9rem}.hint{color:#555;font-size:.9rem}.lang{float:right;font-size:.9rem}
table{width:100%;border-collapse:collapse;font-size:.95rem}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}
.qr svg{width:100%;max-width:20rem;height:auto;display:block;margin:0 auto}.code{font:600 1.4rem/1.4 ui-monospace,monospace;letter-spacing:.1em;text-align:center}
.choice{border:1px solid #bbb;border-radius:8px;margin:1rem 0;padding:.25rem .75rem .5rem}.choice legend{font-weight:600;padding:0 .25rem}
.row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}.muted{color:#666}
summary{cursor:pointer;padding:.5rem 0;font-weight:600}details[open] summary{margin-bottom:.5rem}.consent h3{margin:0 0 .4rem}.consent .msg{padding:.3rem .6rem;margin:0;font-size:.9rem}.consent summary{font-weight:400;font-size:.9rem;color:#444;padding:.75rem 0}dd{overflow-wrap:break-word;min-width:0}
:focus-visible{outline:3px solid #1b1b1f;outline-offset:2px}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
body{overflow-wrap:break-word}.check{min-height:2.75rem}:is(p,dd,li,div,td)>a:only-child:not(.button){display:inline-block;max-width:100%;overflow-wrap:anywhere;min-height:2.75rem;min-width:2.75rem;padding-block:.625rem}.lang{padding:.75rem 0 .75rem .75rem}footer{max-width:40rem;margin:0 auto;padding:0 1rem 1rem;font-size:.9rem}footer a{display:inline-block;padding:.7rem 0;margin-right:1.25rem}
@media (prefers-reduced-motion:reduce){*,::before,::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
`;

/** The terms in the page's language; in German in the dinner's form of address (public/terms.de-du.html for "du"). */
export const termsHref = (lang: Lang, form: AddressForm = 'sie') =>
  lang === 'de' && form === 'du' ? '/terms.de-du.html' : `/terms.${lang}.html`;

export function Page(props: {
  lang: Lang;
  title: string;
  switchHref?: string;
  switchLabel?: string;
  /** the dinner's form of address, for the terms the footer links; Sie where no dinner is in view */
  form?: AddressForm;
  children: Child;
}) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <main>
          {props.switchHref ? (
            <a class="lang" href={props.switchHref} hreflang={props.lang === 'de' ? 'en' : 'de'}>
              {props.switchLabel}
            </a>
          ) : null}
          {props.children}
        </main>
        <footer>
          <a href="/accessibility">{t(props.lang).accessibilityLink}</a>
          <a href={termsHref(props.lang, props.form)}>{t(props.lang).footerTerms}</a>
        </footer>
      </body>
    </html>
  );
}

/** The same page in the other language: keeps the path, replaces lang. */
export function switchHref(url: string, lang: Lang): string {
  const u = new URL(url);
  u.searchParams.set('lang', lang === 'de' ? 'en' : 'de');
  return `${u.pathname}?${u.searchParams.toString()}`;
}
