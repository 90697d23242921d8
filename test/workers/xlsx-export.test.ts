/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * The .xlsx export inside workerd, the production runtime: the route answers a real spreadsheet, and a sheet of
 * 3,000 guests (over 160 kB of XML, the size at which fflate's asynchronous API would want a Web Worker, which
 * workerd has not) is written all the same: klick zips with fflate's synchronous zipSync.
 */
import { env, SELF } from 'cloudflare:test';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toXlsx } from '../../src/exports/xlsx';

const ORIGIN = 'http://klick.test';
const testEnv = env as unknown as Record<string, string>;
const admin = { authorization: `Bearer ${testEnv.ADMIN_TOKEN}`, 'content-type': 'application/json' };
const latin1 = (bytes: ArrayBuffer) => new TextDecoder('latin1').decode(bytes);
const part = (bytes: Uint8Array, name: string) => strFromU8(unzipSync(bytes)[name]!);

describe('the Excel export in workerd', () => {
  it('answers a spreadsheet through the admin API', async () => {
    const created = await SELF.fetch(`${ORIGIN}/api/admin/events`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        slug: `xlsx-${crypto.randomUUID().slice(0, 8)}`,
        title: 'Workers Dinner',
        venue: 'Hotel',
        startsAt: '2027-01-14T19:00',
        endsAt: '2027-01-14T23:00',
        timezone: 'Europe/Berlin',
        priceCents: 5000,
        currency: 'EUR',
        capacity: 92,
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const res = await SELF.fetch(`${ORIGIN}/api/admin/events/${id}/export.xlsx`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(latin1(bytes.buffer).startsWith('PK\u0003\u0004')).toBe(true);
    expect(part(bytes, 'xl/worksheets/sheet1.xml')).toContain('<sheetData>');
    expect(part(bytes, 'xl/sharedStrings.xml')).toContain('>Shares contact details</t>');
    const log = (await (
      await SELF.fetch(`${ORIGIN}/api/admin/events/${id}/export-log`, { headers: admin })
    ).json()) as {
      exports: { format: string }[];
    };
    expect(log.exports.map((e) => e.format)).toEqual(['xlsx']);
  });

  it('writes a sheet of 3,000 guests (over 160 kB of XML) without a Web Worker', async () => {
    const header = ['Name', 'Company', 'Role', 'Email', 'Phone', 'LinkedIn', 'Ask me about'];
    const rows = Array.from({ length: 3000 }, (_, i) => header.map((h) => `${h} of guest ${i} — Jörg & Łukasz <"x">`));
    const bytes = await toXlsx(header, rows, 'Guests');
    const strings = part(bytes, 'xl/sharedStrings.xml');
    expect(strings.length).toBeGreaterThan(300_000);
    expect(strings).toContain('Ask me about of guest 2999 — Jörg &amp; Łukasz &lt;&quot;x&quot;&gt;');
    expect(part(bytes, 'xl/worksheets/sheet1.xml')).not.toContain('<f>');
  });
});
