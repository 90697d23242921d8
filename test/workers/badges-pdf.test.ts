/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * The badge PDF inside workerd: names beyond Helvetica are set in Noto subsets the Worker reads through its ASSETS
 * binding (public/fonts, built by scripts/build-web.mjs before the tests), never from its own code. The text itself
 * is read back with pdf.js in test/badges/badges.test.ts (Node); here the ToUnicode maps prove which characters
 * the embedded fonts draw.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { buyTicket, createDinner, db, ORIGIN, testEnv } from './guests';

async function login() {
  const res = await SELF.fetch(`${ORIGIN}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ token: testEnv.ADMIN_TOKEN! }).toString(),
  });
  expect(res.status).toBe(303);
  return /((?:__Host-)?klick_admin=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
}

/** Every deflated stream of the PDF, inflated as text. */
async function streams(bytes: Uint8Array) {
  const text = new TextDecoder('latin1').decode(bytes);
  const out: string[] = [];
  for (const m of text.matchAll(/\/Length (\d+) \/Filter \/FlateDecode [^>]*>>\nstream\n/g)) {
    const start = m.index! + m[0].length;
    const data = bytes.slice(start, start + Number(m[1]));
    const inflated = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate'));
    out.push(new TextDecoder('latin1').decode(await new Response(inflated).arrayBuffer()));
  }
  return out;
}

describe('the badge PDF on Workers', () => {
  it('embeds font subsets from the static assets for Japanese and Greek names', async () => {
    const dinner = await createDinner('Badge Dinner');
    const a = await buyTicket(dinner.slug, { name: 'Taro Yamada', email: 'taro@example.com' });
    const b = await buyTicket(dinner.slug, { name: 'Eleni Papadopoulou', email: 'eleni@example.com' });
    const client = db();
    const rename = (id: string, given: string, family: string, name: string) =>
      client.execute({
        sql: 'UPDATE tickets SET given_name = ?, family_name = ?, name = ? WHERE id = ?',
        args: [given, family, name, id],
      });
    await rename(a.ticketId, '太郎', '山田', '山田 太郎');
    await rename(b.ticketId, 'Ελένη', 'Παπαδοπούλου', 'Ελένη Παπαδοπούλου');
    client.close();
    const cookie = await login();
    const res = await SELF.fetch(`${ORIGIN}/admin/events/${dinner.id}/badges.pdf`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const raw = new TextDecoder('latin1').decode(bytes);
    expect(raw).toContain('/Subtype /CIDFontType2');
    expect(raw).toMatch(/\/FontFile2 \d+ 0 R/);
    const maps = (await streams(bytes)).filter((s) => s.includes('beginbfchar')).join('\n');
    // 山 田 太 郎, Ε λ έ η (UTF-16 in the ToUnicode maps)
    for (const ch of ['5c71', '7530', '592a', '90ce', '0395', '03bb', '03ad', '03b7'])
      expect(maps).toContain(`<${ch}>`);
  });
});
