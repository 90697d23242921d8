import { ADMIN_TOKEN, ORIGIN, type TestApp, withNameParts } from '../helpers';

/** The session cookie (name=value) from a login response, or null. */
export function sessionCookie(res: Response): string | null {
  const header = res.headers.get('set-cookie') ?? '';
  const m = /(?:^|,\s*)((?:__Host-)?klick_admin=[^;]+)/.exec(header);
  return m ? m[1]! : null;
}

export const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;

/** Logs in through the real form and returns what a browser would keep: cookie and CSRF token. */
export async function login(t: TestApp) {
  const res = await t.postForm('/admin/login', { token: ADMIN_TOKEN });
  const cookie = sessionCookie(res);
  if (res.status !== 303 || !cookie) throw new Error(`login failed: ${res.status}`);
  const page = await t.request('/admin', { headers: { cookie } });
  const csrf = csrfOf(await page.text());
  if (!csrf) throw new Error('no csrf token on /admin');
  return {
    cookie,
    csrf,
    get: (path: string) => t.request(path, { headers: { cookie } }),
    /** a same-origin form post from the organizer's browser; the csrf field is added unless given */
    post: (path: string, fields: Record<string, string> = {}, opts: { origin?: boolean; csrf?: boolean } = {}) =>
      t.request(path, {
        method: 'POST',
        headers: {
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
          ...(opts.origin === false ? {} : { origin: ORIGIN }),
        },
        body: new URLSearchParams(withNameParts(opts.csrf === false ? fields : { csrf, ...fields })).toString(),
      }),
  };
}

export type AdminSession = Awaited<ReturnType<typeof login>>;

/** A complete, valid new-event form as the organizer would fill it in. */
export function eventForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    slug: 'winter-dinner',
    title: 'Winter Dinner Frankfurt',
    description: 'Good food, good people.',
    venue: 'Hotel am Main',
    address: 'Mainkai 1, Frankfurt',
    hostName: 'Anna',
    startsAt: '2026-12-03T19:00',
    endsAt: '2026-12-03T23:00',
    timezone: 'Europe/Berlin',
    price: '49,90',
    currency: 'EUR',
    capacity: '92',
    salesCloseAt: '',
    status: 'on_sale',
    ...overrides,
  };
}
