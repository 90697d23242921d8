export type Lang = 'de' | 'en';
export const langs: readonly Lang[] = ['de', 'en'];

/** A stored locale (an order's, a place in line's) as a page language: English or, by default, German. */
export const langOf = (locale: string): Lang => (locale === 'en' ? 'en' : 'de');

/** ?lang= wins (and is remembered in a cookie), then the cookie, then Accept-Language; German first. */
export function pickLang(
  query: string | undefined,
  cookie: string | undefined,
  acceptLanguage: string | undefined,
): Lang {
  for (const v of [query, cookie]) if (v === 'de' || v === 'en') return v;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.split('-')[0], q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => x.lang === 'de' || x.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Lang | undefined) ?? 'de';
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number, currency: string, lang: Lang): string {
  const key = `${lang}|${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency });
    moneyFormats.set(key, f);
  }
  // Integer cents: the division is exact for display, never used for arithmetic.
  return f.format(cents / 100);
}
