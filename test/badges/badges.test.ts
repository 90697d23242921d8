import { resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { createCanvas } from '@napi-rs/canvas';
import { count, eq, sql } from 'drizzle-orm';
import { PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript
import { buildFonts } from '../../scripts/build-fonts.mjs';
import { ensureBadgeCodes, isBadgeCode, revokeBadgeCode } from '../../src/badges/codes';
import { needsShaping } from '../../src/badges/fonts';
import { badgeCodes, badgePrints, greetings, scans, tickets } from '../../src/db/schema';
import { fullName } from '../../src/lib/names';
import { login } from '../admin/session';
import { type CheckinApp, makeCheckinApp, nonce, pairPhone, sellTicket } from '../checkin/setup';
import { createDinner } from '../helpers';

let c: CheckinApp;
afterEach(() => c?.close());

async function dinner(n: number) {
  c = await makeCheckinApp();
  const event = await createDinner(c);
  const sold = [];
  for (let i = 0; i < n; i++) sold.push(await sellTicket(c, i));
  const phone = await pairPhone(c, event.id, 'Host');
  return { event, sold, phone };
}

const greetBy = (phone: Awaited<ReturnType<typeof pairPhone>>, item: Record<string, unknown>) =>
  phone.post('/greetings', { greetings: [{ nonce: nonce(), kind: 'greet', deviceTime: c.clock.now(), ...item }] });

const rows = async (table: typeof greetings | typeof scans | typeof badgePrints) =>
  (await c.deps.db.select({ n: count() }).from(table))[0]!.n;

/** The PDF's pages, and per page the badges (marked-content sections) and the hex strings drawn. */
async function readPdf(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const ref = page.node.get(PDFName.of('Contents'));
    const stream = doc.context.lookup(ref) as PDFRawStream;
    const text = inflateSync(Buffer.from(stream.getContents())).toString('latin1');
    const strings = [...text.matchAll(/<([0-9a-f]+)> Tj/g)].map((m) => Buffer.from(m[1]!, 'hex').toString('latin1'));
    return { badges: text.split('/Badge BMC').length - 1, strings };
  });
}

/** pdf.js's own copies of the standard fonts (Helvetica's metrics): no system fonts, no network. */
const fontData = () => `${resolve(import.meta.dirname, '../../node_modules/pdfjs-dist/standard_fonts')}/`;

/** The PDF's text as a reader extracts it (pdf.js: fonts, ToUnicode maps and all), one string per page. */
async function pdfText(bytes: Uint8Array) {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, standardFontDataUrl: fontData() })
    .promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  return pages;
}

/** Gives a sold ticket another name, as the purchase form would have stored it. */
async function rename(ticketId: string, givenName: string, familyName: string, name = `${givenName} ${familyName}`) {
  await c.deps.db.update(tickets).set({ givenName, familyName, name }).where(eq(tickets.id, ticketId));
}

// public/fonts as `npm start` and `npm test` build it (scripts/build-web.mjs), for a run of this file alone
beforeAll(() => buildFonts(), 60_000);

describe('names', () => {
  it('shows given and family name in the order of their script', () => {
    expect(fullName({ givenName: 'Anna', familyName: 'Schmidt' })).toBe('Anna Schmidt');
    expect(fullName({ givenName: '太郎', familyName: '山田' })).toBe('山田太郎');
    expect(fullName({ givenName: 'Anna', familyName: 'Schmidt 🚀' })).toBe('Anna Schmidt 🚀');
    expect(fullName({ givenName: 'Taro', familyName: '山田' })).toBe('Taro 山田');
  });

  it('the purchase form takes given and family name, both required, and stores both', async () => {
    const { event } = await dinner(0);
    const res = await c.postForm('/e/dinner/checkout', {
      givenName: '太郎',
      familyName: '山田',
      email: 'taro@example.com',
      company: 'Yamada KK',
      role: 'CEO',
      badge: 'company',
      terms: 'on',
    });
    expect(res.status).toBe(303);
    const order = await c.deps.db.query.orders.findFirst({ where: sql`email = 'taro@example.com'` });
    expect(order).toMatchObject({ name: '山田太郎', givenName: '太郎', familyName: '山田', badge: 'company' });
    const missing = await c.postForm('/e/dinner/checkout', {
      givenName: 'Anna',
      familyName: ' ',
      email: 'anna@example.com',
      company: 'X',
      role: 'Y',
      terms: 'on',
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('id="familyName-error"');
    expect(event.id).toBeTruthy();
  });
});

describe('badge codes and the greeting by badge', () => {
  it('a badge code greets its guest; a revoked one is refused and writes nothing; a reissued one greets', async () => {
    const { event, sold, phone } = await dinner(2);
    const codes = await ensureBadgeCodes(c.deps, event.id, [sold[0]!.id, sold[1]!.id]);
    const code = codes.get(sold[0]!.id)!;
    expect(isBadgeCode(code)).toBe(true);
    expect(code).toMatch(/^GRUSS\d{31}$/);
    // stored with its hash; the roster carries only the hash
    const roster = await phone.roster();
    const rosterText = JSON.stringify(roster);
    expect(rosterText).not.toContain(code);
    expect((roster.tickets as { badgeHash?: string }[]).every((t) => /^[0-9a-f]{64}$/.test(t.badgeHash ?? ''))).toBe(
      true,
    );

    const ok = await (await greetBy(phone, { badge: code, ticketId: sold[0]!.id })).json();
    expect(ok.results[0]).toMatchObject({ result: 'not_checked_in', ticketId: sold[0]!.id });
    expect(await rows(greetings)).toBe(1);

    await revokeBadgeCode(c.deps, { eventId: event.id, ticketId: sold[0]!.id, reissue: false });
    const refused = await (await greetBy(phone, { badge: code, ticketId: sold[0]!.id })).json();
    expect(refused.results[0]).toEqual({ nonce: expect.any(String), result: 'badge_revoked' });
    expect(await rows(greetings)).toBe(1);

    await revokeBadgeCode(c.deps, { eventId: event.id, ticketId: sold[0]!.id, reissue: true });
    const live = await c.deps.db.select().from(badgeCodes).where(eq(badgeCodes.ticketId, sold[0]!.id));
    expect(live.filter((r) => r.revokedAt === null)).toHaveLength(1);
    const fresh = live.find((r) => r.revokedAt === null)!.code;
    expect(fresh).not.toBe(code);
    const again = await (await greetBy(phone, { badge: fresh, ticketId: sold[0]!.id })).json();
    expect(again.results[0]).toMatchObject({ result: 'already_greeted', ticketId: sold[0]!.id });
    // a live badge of one guest cannot greet another
    const other = codes.get(sold[1]!.id)!;
    const mixed = await (await greetBy(phone, { badge: other, ticketId: sold[0]!.id })).json();
    expect(mixed.results[0].result).toBe('unknown');
    expect(await rows(greetings)).toBe(2);
    // revoking an unknown guest is a 404, not a 500
    await expect(revokeBadgeCode(c.deps, { eventId: event.id, ticketId: 'nope', reissue: true })).rejects.toThrow();
  });

  it('a ticket code is no badge, a badge code is no ticket: the door API refuses it and records nothing', async () => {
    const { event, sold, phone } = await dinner(1);
    const code = (await ensureBadgeCodes(c.deps, event.id, [sold[0]!.id])).get(sold[0]!.id)!;
    const asBadge = await greetBy(phone, { badge: sold[0]!.qrSecret, ticketId: sold[0]!.id });
    expect(asBadge.status).toBe(400);
    const asScan = await phone.post('/scans', {
      scans: [{ nonce: nonce(), kind: 'entry', qr: code, deviceTime: c.clock.now() }],
    });
    expect(asScan.status).toBe(400);
    expect(await asScan.text()).toContain('name badge, not a ticket');
    expect(await rows(scans)).toBe(0);
    expect(await rows(greetings)).toBe(0);
    // the ticket still checks in with its own code
    expect((await phone.scan([{ qr: sold[0]!.qrSecret }])).results[0]!.result).toBe('ok');
  });

  it('a badge of another dinner greets nobody here', async () => {
    const { sold } = await dinner(1);
    const other = await createDinner(c, { slug: 'other' });
    const phone = await pairPhone(c, other.id, 'Other host');
    const code = (await ensureBadgeCodes(c.deps, sold[0]!.eventId, [sold[0]!.id])).get(sold[0]!.id)!;
    expect((await (await greetBy(phone, { badge: code, ticketId: sold[0]!.id })).json()).results[0].result).toBe(
      'wrong_event',
    );
    expect(await rows(greetings)).toBe(0);
  });
});

describe('badge sheets', () => {
  it('10 guests: the PDF has 2 pages, 8 + 2 badges; the download counts as printed; "not yet printed" is then empty', async () => {
    const { event, sold } = await dinner(10);
    const admin = await login(c);
    const res = await admin.get(`/admin/events/${event.id}/badges.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pages = await readPdf(new Uint8Array(await res.arrayBuffer()));
    expect(pages.map((p) => p.badges)).toEqual([8, 2]);
    expect(pages[0]!.strings).toContain('Guest');
    expect(await rows(badgePrints)).toBe(10);
    const unprinted = await admin.get(`/admin/events/${event.id}/badges.pdf?which=unprinted`);
    expect((await readPdf(new Uint8Array(await unprinted.arrayBuffer()))).map((p) => p.badges)).toEqual([0]);
    // one guest's badge
    const one = await admin.get(`/admin/events/${event.id}/badges?which=one&ticket=${sold[3]!.id}`);
    const html = await one.text();
    expect(html.match(/<article class="badge"/g)).toHaveLength(1);
    expect(html).toContain(`data-ticket="${sold[3]!.id}"`);
    // the 2 × 5 card sheet puts 10 on one page
    const cards = await admin.get(`/admin/events/${event.id}/badges.pdf?layout=cards-2x5`);
    expect((await readPdf(new Uint8Array(await cards.arrayBuffer()))).map((p) => p.badges)).toEqual([10]);
  });

  it('shows only what each guest chose: "name only" has no company, "plus ask me about" has both', async () => {
    const { event, sold } = await dinner(2);
    await c.deps.db.update(tickets).set({ badge: 'name' }).where(eq(tickets.id, sold[0]!.id));
    await c.deps.db.update(tickets).set({ badge: 'ask' }).where(eq(tickets.id, sold[1]!.id));
    const admin = await login(c);
    const html = await (await admin.get(`/admin/events/${event.id}/badges`)).text();
    const article = (id: string) =>
      new RegExp(`<article[^>]*data-ticket="${id}"[^>]*>([\\s\\S]*?)</article>`).exec(html)![1]!;
    expect(article(sold[0]!.id)).toContain('Guest 0');
    expect(article(sold[0]!.id)).not.toContain('Company 0');
    expect(article(sold[0]!.id)).not.toContain('sailing');
    expect(article(sold[1]!.id)).toContain('Company 1');
    expect(article(sold[1]!.id)).toContain('sailing');
    const pdf = await readPdf(
      new Uint8Array(await (await admin.get(`/admin/events/${event.id}/badges.pdf`)).arrayBuffer()),
    );
    expect(pdf[0]!.strings).not.toContain('Company 0');
    expect(pdf[0]!.strings).toContain('Company 1');
  });

  it('sorts by family name, or by table (numbers in order, guests without a table last), in the page and the PDF', async () => {
    const { event, sold } = await dinner(5);
    const guests: [string, string, string | null][] = [
      ['Zoe', 'Adler', 'Tisch 2'],
      ['Anna', 'Zimmer', 'Tisch 1'],
      ['Ben', 'Müller', null],
      ['Carla', 'Becker', 'Tisch 10'],
      ['Dora', 'Becker', 'Tisch 2'],
    ];
    for (const [i, [given, family, table]] of guests.entries()) {
      await rename(sold[i]!.id, given, family);
      await c.deps.db.update(tickets).set({ tableLabel: table }).where(eq(tickets.id, sold[i]!.id));
    }
    const admin = await login(c);
    const order = async (sort: string) => {
      const html = await (await admin.get(`/admin/events/${event.id}/badges?sort=${sort}`)).text();
      return [...html.matchAll(/<article class="badge"[^>]*data-ticket="([^"]+)"/g)].map((m) =>
        sold.findIndex((t) => t.id === m[1]),
      );
    };
    expect(await order('name')).toEqual([0, 3, 4, 2, 1]);
    expect(await order('table')).toEqual([1, 0, 4, 3, 2]);
    const pdf = await admin.get(`/admin/events/${event.id}/badges.pdf?sort=table`);
    const [text] = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    const at = (name: string) => text!.indexOf(name);
    expect(at('Anna Zimmer')).toBeLessThan(at('Zoe Adler'));
    expect(at('Zoe Adler')).toBeLessThan(at('Dora Becker'));
    expect(at('Dora Becker')).toBeLessThan(at('Carla Becker'));
    expect(at('Carla Becker')).toBeLessThan(at('Ben Müller'));
  });

  it('the guest changes the badge choice on the ticket page; an invalid choice changes nothing', async () => {
    const { sold } = await dinner(1);
    const page = await (await c.request(`/t/${sold[0]!.token}`)).text();
    expect(page).toMatch(/id="badge-name"[^>]*checked/);
    const res = await c.postForm(`/t/${sold[0]!.token}/badge`, { badge: 'ask' });
    expect(res.status).toBe(303);
    expect((await c.deps.db.query.tickets.findFirst({ where: eq(tickets.id, sold[0]!.id) }))!.badge).toBe('ask');
    expect((await c.postForm(`/t/${sold[0]!.token}/badge`, { badge: 'everything' })).status).toBe(400);
    expect((await c.deps.db.query.tickets.findFirst({ where: eq(tickets.id, sold[0]!.id) }))!.badge).toBe('ask');
  });
});

describe('the badge PDF in any script', () => {
  it('draws Japanese, Chinese, Korean, Greek, Cyrillic, Polish and emoji names with embedded fonts; text extracts as written', async () => {
    const { event, sold } = await dinner(8);
    await rename(sold[0]!.id, '太郎', '山田', '山田 太郎');
    await rename(sold[1]!.id, 'Ελένη', 'Παπαδοπούλου');
    await rename(sold[2]!.id, 'Дмитрий', 'Иванов');
    await rename(sold[3]!.id, 'Anna', 'Schmidt 🚀');
    await rename(sold[4]!.id, '지민', '박', '박지민');
    await rename(sold[5]!.id, '伟', '张', '张伟');
    await rename(sold[6]!.id, 'Łukasz', 'Wąsik');
    await rename(sold[7]!.id, 'Jürgen', 'Groß');
    const admin = await login(c);
    const res = await admin.get(`/admin/events/${event.id}/badges.pdf`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const [text] = await pdfText(bytes);
    for (const name of ['山田', '太郎', 'Ελένη', 'Παπαδοπούλου', 'Дмитрий', 'Иванов', 'Schmidt 🚀', '박지민', '张伟']) {
      expect(text).toContain(name);
    }
    expect(text).toContain('Łukasz Wąsik');
    expect(text).toContain('Jürgen Groß');
    expect(text).not.toContain('?');
    // the fonts are in the file (subsets: a few glyphs each), not the reader's
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toMatch(/\/Subtype \/CIDFontType2/);
    expect(raw).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(bytes.length).toBeLessThan(200_000);
    expect((await readPdf(bytes)).map((p) => p.badges)).toEqual([8]);
    expect(await rows(badgePrints)).toBe(8);
  });

  it('tells the names a glyph-by-glyph PDF would draw wrong: shaping and right-to-left scripts, emoji sequences', () => {
    for (const name of ['محمد', 'שלום', 'हिन्दी', 'தமிழ்', 'สมชาย', '👍🏽', '👨‍👩‍👧', '🇩🇪', 'e\u0308\u0301'])
      expect(needsShaping(name), name).toBe(true);
    // composed by NFC, or dropped (emoji presentation selectors): drawn as one glyph each
    for (const name of ['Jose\u0301', 'Anna ☕\ufe0f', 'Łukasz', 'Ελένη', 'Дмитрий', '山田 太郎', '박지민', 'Nguyễn'])
      expect(needsShaping(name), name).toBe(false);
  });

  it('the glyphs are drawn, not only named: a rendering of the PDF has ink where the Japanese name stands', async () => {
    const { event, sold } = await dinner(2);
    await rename(sold[0]!.id, '太郎', '山田', '山田 太郎');
    await rename(sold[1]!.id, 'Ελένη', 'Παπαδοπούλου');
    const admin = await login(c);
    const bytes = new Uint8Array(
      await (await admin.get(`/admin/events/${event.id}/badges.pdf?sort=name`)).arrayBuffer(),
    );
    const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, standardFontDataUrl: fontData() })
      .promise;
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: 2 });
    const canvas = createCanvas(viewport.width, viewport.height);
    const ctx = canvas.getContext('2d');
    await page.render({ canvas: canvas as never, canvasContext: ctx as never, viewport }).promise;
    // each badge's text column (layouts.ts, fit.ts: left edge + 5 mm padding, 53 mm wide, the top 20 mm)
    const ink = (leftMm: number, topMm: number) => {
      const px = (mm: number) => Math.round((mm * 72 * 2) / 25.4);
      const { data } = ctx.getImageData(px(leftMm + 5), px(topMm + 5), px(53), px(20));
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark++;
      return dark;
    };
    expect(ink(15, 40.5)).toBeGreaterThan(500);
    expect(ink(105, 40.5)).toBeGreaterThan(500);
    // an empty place on the sheet has none
    expect(ink(15, 40.5 + 3 * 54)).toBe(0);
  });

  it('a name that needs shaping (Arabic, Hebrew) is not drawn wrong: the PDF says to print it from the browser', async () => {
    const { event, sold } = await dinner(3);
    await rename(sold[0]!.id, 'محمد', 'علي');
    await rename(sold[1]!.id, 'Avi', 'כהן');
    const admin = await login(c);
    const refused = await admin.get(`/admin/events/${event.id}/badges.pdf?lang=en`);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('2 badges cannot go into the PDF');
    expect(html).toContain('Print these badges from the browser');
    expect(html).toContain('محمد علي (needs text shaping)');
    expect(html).toContain('omit=browser');
    expect(await rows(badgePrints)).toBe(0);
    const de = await (await admin.get(`/admin/events/${event.id}/badges.pdf?lang=de`)).text();
    expect(de).toContain('2 Schilder können nicht ins PDF');
    // the badge page says it before, and its download leaves them out
    const page = await (await admin.get(`/admin/events/${event.id}/badges`)).text();
    expect(page).toContain('Drucke diese Schilder aus dem Browser');
    expect(page).toContain('PDF der übrigen 1 herunterladen');
    const others = await admin.get(`/admin/events/${event.id}/badges.pdf?omit=browser`);
    expect(others.status).toBe(200);
    const bytes = new Uint8Array(await others.arrayBuffer());
    expect((await readPdf(bytes)).map((p) => p.badges)).toEqual([1]);
    expect((await pdfText(bytes))[0]).toContain('Guest 2');
    // only the badge in the PDF counts as printed: "not yet printed" leaves the two for the browser
    expect(await rows(badgePrints)).toBe(1);
    const rest = await (await admin.get(`/admin/events/${event.id}/badges?which=unprinted`)).text();
    expect(rest.match(/<article class="badge"/g)).toHaveLength(2);
  });
});
