import { expect, type Page } from '@playwright/test';
import {
  adminLogin,
  buy,
  joinLine,
  type Lang,
  leaveLine,
  newestMailId,
  type World,
  walletServer,
} from './a11y-support';
import { e2eServer } from './host-support';

/**
 * Every page a guest or organizer sees, in the states that matter, as a table: a name and how to get
 * there (the world holds the dinners, tickets and lines). A new page is one line here; the axe spec
 * (a11y.spec.ts) and the reflow, focus and target checks (a11y-beyond.spec.ts) read these tables.
 */
export type Open = (page: Page, w: World, lang: Lang) => Promise<unknown>;

const go = (path: string | ((w: World, lang: Lang) => string)): Open => {
  return (page, w, lang) => page.goto(`${e2eServer().url}${typeof path === 'string' ? path : path(w, lang)}`);
};
const submit = (page: Page, form: string) => page.locator(`${form} button[type=submit]`).first().click();
const asAdmin =
  (then: Open): Open =>
  async (page, w, lang) => {
    await adminLogin(page);
    return then(page, w, lang);
  };

export const GUEST_PAGES: [string, Open][] = [
  ['event page, on sale', go((w) => `/e/${w.onSale.slug}`)],
  ['event page, code prefilled', go((w) => `/e/${w.onSale.slug}?code=FREUNDE`)],
  [
    'event page, form with errors',
    async (page, w) => {
      await page.goto(`${e2eServer().url}/e/${w.onSale.slug}`);
      await submit(page, 'form[action$="/checkout"]');
      await expect(page.locator('[role=alert]').first()).toBeVisible();
    },
  ],
  ['event page, sold out (waitlist form)', go((w) => `/e/${w.soldOut.slug}`)],
  [
    'waitlist form with errors',
    async (page, w) => {
      await page.goto(`${e2eServer().url}/e/${w.soldOut.slug}`);
      await submit(page, 'form[action$="/waitlist"]');
      await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
    },
  ],
  ['waitlist joined (the answer on the dinner’s page)', go((w) => `/e/${w.soldOut.slug}?waitlist=mailed`)],
  ['waitlist confirmation (place in line)', go((w) => w.inLine)],
  [
    'waitlist, left the line',
    async (page, w) => {
      const path = await joinLine(w.soldOut.slug, 'Lea Geht');
      await leaveLine(path);
      await page.goto(`${e2eServer().url}${path}`);
    },
  ],
  ['demo checkout', go((w) => w.held.checkout)],
  ['done page, paid', go((w) => `/orders/${w.guest.orderId}/done`)],
  ['done page, waiting for the payment', go((w) => `/orders/${w.held.orderId}/done`)],
  ['ticket page, before the dinner', go((w) => w.guest.ticketPath)],
  ['ticket page, after the dinner (exchange open)', go((w) => w.anna.ticketPath)],
  [
    'ticket page with the Apple and Google Wallet buttons',
    async (page, w) => {
      await page.goto(`${walletServer()}${w.walletTicket}`);
      await expect(page.locator('a.wallet')).toHaveCount(2);
    },
  ],
  [
    'ticket page, consent saved',
    async (page, w) => {
      await page.goto(`${e2eServer().url}${w.guest.ticketPath}`);
      await submit(page, 'form[action$="/consent"]');
      await expect(page.locator('[role=status]').first()).toBeVisible();
    },
  ],
  ['delete step (confirm)', go((w) => `${w.guest.ticketPath}/delete`)],
  [
    'delete step (done)',
    async (page, w) => {
      const gone = await buy(w.onSale.slug, 'Paul Weg');
      await page.goto(`${e2eServer().url}${gone.ticketPath}/delete`);
      await submit(page, 'form[action$="/delete"]');
      await page.waitForURL(new RegExp(`${gone.ticketPath}$`));
    },
  ],
  ['transfer form', go((w) => `${w.guest.ticketPath}/transfer`)],
  [
    'transfer form with errors',
    async (page, w) => {
      await page.goto(`${e2eServer().url}${w.guest.ticketPath}/transfer`);
      await submit(page, 'form[action$="/transfer"]');
      await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
    },
  ],
  ['cancel confirmation', go((w) => `${w.guest.ticketPath}/cancel`)],
  ['terms', go((_, lang) => `/terms.${lang}.html`)],
  // a "du" dinner's German terms (English has one form)
  ['terms, du form', go((_, lang) => (lang === 'de' ? '/terms.de-du.html' : '/terms.en.html'))],
  ['accessibility statement', go('/accessibility')],
  ['page not found', go('/e/no-such-dinner')],
];

export const ORGANIZER_PAGES: [string, Open][] = [
  ['organizer login', go('/admin')],
  [
    'organizer login, wrong token',
    async (page) => {
      await page.goto(`${e2eServer().url}/admin`);
      await page.locator('#token').fill('not-the-token-at-all');
      await page.locator('#token').press('Enter');
      await expect(page.locator('#token-error')).toBeVisible();
    },
  ],
  ['events list', asAdmin(go('/admin'))],
  ['new dinner form', asAdmin(go('/admin/events/new'))],
  [
    'new dinner form with errors',
    asAdmin(async (page) => {
      await page.goto(`${e2eServer().url}/admin/events/new`);
      await submit(page, 'form[action="/admin/events"]');
      await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
    }),
  ],
  ['a dinner’s page', asAdmin(go((w) => `/admin/events/${w.onSale.id}`))],
  ['a dinner’s page, sold out', asAdmin(go((w) => `/admin/events/${w.soldOut.id}`))],
  ['cancel a dinner (confirm)', asAdmin(go((w) => `/admin/events/${w.onSale.id}/cancel`))],
  ['pair a phone (form)', asAdmin(go((w) => `/admin/events/${w.onSale.id}/pair`))],
  [
    'pairing link',
    asAdmin(async (page, w) => {
      await page.goto(`${e2eServer().url}/admin/events/${w.onSale.id}/pair`);
      await page.locator('#deviceName').fill('Tür 2');
      await submit(page, 'form[action$="/pairings"]');
      await expect(page.locator('#pair-link')).toBeVisible();
    }),
  ],
  ['check-in live', asAdmin(go((w) => `/admin/events/${w.onSale.id}/checkin`))],
  ['badge print page', asAdmin(go((w) => `/admin/events/${w.onSale.id}/badges`))],
  [
    'badge print page, one guest, labels layout',
    asAdmin(async (page, w) => {
      await page.goto(`${e2eServer().url}/admin/events/${w.onSale.id}/badges`);
      await page.locator('#b-which').selectOption('one');
      await page.locator('#b-ticket').selectOption({ label: 'Erika Muster' });
      await page.locator('#b-layout').selectOption({ index: 1 });
      await submit(page, 'form[action$="/badges"]');
      await expect(page.locator('article.badge')).toHaveCount(1);
    }),
  ],
  [
    'badge PDF: names left to the browser print (422)',
    asAdmin(async (page, w) => {
      const res = await page.goto(`${e2eServer().url}/admin/events/${w.shaped.id}/badges.pdf`);
      expect(res?.status()).toBe(422);
    }),
  ],
  ['handshake log', asAdmin(go((w) => `/admin/events/${w.onSale.id}/greetings`))],
  ['handshake log, after the dinner', asAdmin(go((w) => `/admin/events/${w.over.id}/greetings`))],
  ['contacts', asAdmin(go((w) => `/admin/events/${w.over.id}/contacts`))],
  ['waitlist', asAdmin(go((w) => `/admin/events/${w.soldOut.id}/waitlist`))],
  ['codes', asAdmin(go((w) => `/admin/events/${w.onSale.id}/codes`))],
  ['seat history', asAdmin(go((w) => `/admin/orders/${w.guest.orderId}`))],
  ['outbox', asAdmin(go('/admin/outbox'))],
  [
    'a mail in the outbox',
    asAdmin(async (page) => page.goto(`${e2eServer().url}/admin/outbox/${await newestMailId()}`)),
  ],
];
