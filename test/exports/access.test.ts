import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/tickets/service';
import { login } from '../admin/session';
import { ORIGIN } from '../helpers';
import { type Dinner, makeDinner } from '../privacy/setup';
import { GUESTS, type GuestKey, seatMatrix } from './guests';
import { bodyText, readCsv, readVcards, readXlsx } from './parse';

type LogBody = {
  exports: { actor: string; format: string; filter: string; rows: number; createdAt: number }[];
  deletions: unknown[];
};

let d: Dinner;
let t: Record<GuestKey, Ticket>;
beforeAll(async () => {
  d = await makeDinner();
  t = await seatMatrix(d);
});
afterAll(() => d.close());

const exportLog = async () => (await (await d.adminJson(`/events/${d.event.id}/export-log`)).json()) as LogBody;

describe('who may export', () => {
  it('the API needs the admin bearer token', async () => {
    for (const format of ['csv', 'xlsx', 'vcf', 'json']) {
      const res = await d.request(`/api/admin/events/${d.event.id}/export.${format}`);
      expect(res.status).toBe(401);
      const wrong = await d.request(`/api/admin/events/${d.event.id}/export.${format}`, {
        headers: { authorization: 'Bearer not-the-token-at-all' },
      });
      expect(wrong.status).toBe(401);
    }
    expect((await exportLog()).exports).toHaveLength(0);
  });

  it('the organizer page downloads need the session cookie', async () => {
    const res = await d.request(`/admin/events/${d.event.id}/export.csv?filter=paid`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    expect((await d.request(`/admin/events/${d.event.id}/contacts`)).status).toBe(303);
  });

  it('an unknown event is 404', async () => {
    expect((await d.adminJson('/events/nosuchevent0000/export.csv')).status).toBe(404);
  });
});

describe('every export is logged and shown to the organizer', () => {
  it('logs who, when, format, filter and rows, for the API and the organizer page', async () => {
    d.clock.set(Date.parse('2026-12-04T09:00:00Z'));
    expect((await d.adminJson(`/events/${d.event.id}/export.csv?filter=checked_in`)).status).toBe(200);
    expect((await d.adminJson(`/events/${d.event.id}/export.vcf?filter=greeted`)).status).toBe(200);

    const admin = await login(d);
    const event = await (await admin.get(`/admin/events/${d.event.id}`)).text();
    // The event page links every format and filter to the session-authorized route.
    for (const format of ['csv', 'xlsx', 'vcf', 'json'])
      for (const filter of ['paid', 'checked_in', 'greeted'])
        expect(event).toContain(`href="/admin/events/${d.event.id}/export.${format}?filter=${filter}"`);
    expect(event).toContain(`href="/admin/events/${d.event.id}/contacts"`);
    // the "Excel" button on the dinner's page, in both languages, a download
    for (const [lang, label] of [
      ['en', 'Excel · All paid'],
      ['de', 'Excel · Alle bezahlten'],
    ] as const) {
      const html = await (await admin.get(`/admin/events/${d.event.id}?lang=${lang}`)).text();
      expect(html).toMatch(
        new RegExp(`<a href="/admin/events/${d.event.id}/export\\.xlsx\\?filter=paid" download[^>]*>${label}</a>`),
      );
    }

    const csv = await admin.get(`/admin/events/${d.event.id}/export.csv?filter=paid`);
    expect(csv.status).toBe(200);
    expect(readCsv(await bodyText(csv)).rows).toHaveLength(Object.keys(GUESTS).length);
    const vcf = await admin.get(`/admin/events/${d.event.id}/export.vcf?filter=paid`);
    expect(readVcards(await vcf.text())).toHaveLength(3);
    const xlsx = await admin.get(`/admin/events/${d.event.id}/export.xlsx?filter=greeted`);
    expect(xlsx.headers.get('content-disposition')).toBe('attachment; filename="dinner-greeted.xlsx"');
    expect((await readXlsx(new Uint8Array(await xlsx.arrayBuffer()))).values).toHaveLength(3);

    const log = await exportLog();
    expect(log.exports.map(({ actor, format, filter, rows }) => ({ actor, format, filter, rows }))).toEqual([
      { actor: expect.stringMatching(/^session:[0-9a-f]{8}$/), format: 'xlsx', filter: 'greeted', rows: 2 },
      { actor: expect.stringMatching(/^session:[0-9a-f]{8}$/), format: 'vcf', filter: 'paid', rows: 3 },
      { actor: expect.stringMatching(/^session:[0-9a-f]{8}$/), format: 'csv', filter: 'paid', rows: 6 },
      { actor: 'api', format: 'vcf', filter: 'greeted', rows: 2 },
      { actor: 'api', format: 'csv', filter: 'checked_in', rows: 5 },
    ]);
    expect(log.exports.every((e) => e.createdAt === Date.parse('2026-12-04T09:00:00Z'))).toBe(true);

    const page = await (
      await d.request(`/admin/events/${d.event.id}/contacts?lang=en`, { headers: { cookie: admin.cookie } })
    ).text();
    expect(page).toContain('<title>Contacts and privacy · Network Dinner Frankfurt · klick organizer</title>');
    expect(page).toContain('Export log');
    // the organizer's "Excel" button, and the xlsx export in the log
    expect(page).toContain(`href="/admin/events/${d.event.id}/export.xlsx?filter=paid"`);
    expect(page).toMatch(/<td>Excel<\/td><td>Greeted<\/td>/);
    expect(page).toContain('API (admin token)');
    expect(page).toMatch(/Organizer page \(session [0-9a-f]{8}\)/);
    expect(page).toContain('Friday, 4 December 2026 at 10:00');
    // Personal data stays out of the log page.
    expect(page).not.toContain(t.both.email);
    const de = await (
      await d.request(`/admin/events/${d.event.id}/contacts?lang=de`, { headers: { cookie: admin.cookie } })
    ).text();
    expect(de).toContain('Export-Protokoll');
    expect(de).toContain('Veranstalterseite (Sitzung');
  });

  it('a page download is a plain same-site GET: no form, no CSRF token needed, but no cookie, no file', async () => {
    const res = await d.request(`/admin/events/${d.event.id}/export.json?filter=paid`, {
      headers: { cookie: 'klick_admin=forged', origin: ORIGIN },
    });
    expect(res.status).toBe(303);
  });
});
