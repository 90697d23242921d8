import { fitText, PAD, QR_SIZE } from './fit';
import { cropMarks, type Layout, PAGE, perSheet, place } from './layouts';
import type { Badge } from './sheet';

/**
 * The badge sheets as a PDF, written here rather than with a PDF library: pdf-lib, the usual choice, costs
 * ≈177 KiB gzip in the Worker by itself (measured with esbuild --minify), more than the whole 160 KiB budget.
 * This writer needs the two standard fonts every PDF reader has (Helvetica and Helvetica-Bold, WinAnsi
 * encoding: Latin scripts of Western and Central Europe), rectangles for the QR modules and lines for crop marks;
 * content streams are deflated with CompressionStream, on Workers and Node alike. A character outside WinAnsi
 * prints as "?": the badge page names such guests and prints them from the browser, which has the fonts.
 */
const MM = 72 / 25.4;

/** Windows-1252 beyond Latin-1: the characters between 0x80 and 0x9F. */
const CP1252: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

const winAnsiByte = (ch: string): number | null => {
  const c = ch.codePointAt(0)!;
  if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff)) return c;
  return CP1252[ch] ?? null;
};

/** Whether the PDF's fonts can show this text as it is. */
export const pdfCanShow = (text: string) => [...text].every((ch) => winAnsiByte(ch) !== null);

/** A PDF hex string: no escaping rules to get wrong. */
const hexString = (text: string) =>
  `<${[...text].map((ch) => (winAnsiByte(ch) ?? 0x3f).toString(16).padStart(2, '0')).join('')}>`;

const n = (v: number) => (Math.round(v * 100) / 100).toString();

/** One badge's drawing operators, in PDF points from the page's bottom left. */
function drawBadge(b: Badge, l: Layout, x: number, y: number, code: QrModules): string {
  const ops: string[] = [];
  const px = (mm: number) => mm * MM;
  const top = PAGE.height - y;
  const textWidthMm = l.width - 2 * PAD - QR_SIZE - 3;
  // a marked-content section per badge: the tests (and accessibility tools) can find each one
  ops.push('/Badge BMC');
  let baseline = top - PAD;
  const line = (text: string, font: 'F1' | 'F2', max: number, min: number) => {
    if (!text) return;
    const { size, text: shown } = fitText(text, textWidthMm, max, min, font === 'F2');
    baseline -= size * 0.3528 * 1.05; // pt → mm, with a little leading
    ops.push(`BT /${font} ${n(size)} Tf ${n(px(x + PAD))} ${n(px(baseline))} Td ${hexString(shown)} Tj ET`);
    baseline -= size * 0.3528 * 0.35;
  };
  line(b.firstName, 'F2', 26, 12);
  line(b.fullName, 'F1', 11, 7);
  line(b.company, 'F1', 10, 7);
  if (b.askMeAbout) {
    baseline -= 1.5;
    line(b.askMeAbout, 'F1', 9, 6);
  }
  // the QR, bottom right, from its modules; runs of dark modules in a row are one rectangle
  const module = QR_SIZE / code.size;
  const qx = x + l.width - PAD - QR_SIZE;
  const qy = y + l.height - PAD - QR_SIZE;
  const rects: string[] = [];
  for (let row = 0; row < code.size; row++) {
    let start = -1;
    for (let col = 0; col <= code.size; col++) {
      const dark = col < code.size && code.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        const ry = PAGE.height - (qy + (row + 1) * module);
        rects.push(`${n(px(qx + start * module))} ${n(px(ry))} ${n(px((col - start) * module))} ${n(px(module))} re`);
        start = -1;
      }
    }
  }
  ops.push('0 g', ...rects, 'f', 'EMC');
  return ops.join('\n');
}

function drawMarks(l: Layout): string {
  const marks = cropMarks(l);
  if (marks.length === 0) return '';
  const lines = marks.map(
    (m) => `${n(m.x1 * MM)} ${n((PAGE.height - m.y1) * MM)} m ${n(m.x2 * MM)} ${n((PAGE.height - m.y2) * MM)} l`,
  );
  return ['0.25 w 0 G', ...lines, 'S'].join('\n');
}

async function deflate(text: string): Promise<Uint8Array> {
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

type QrModules = { size: number; get(row: number, col: number): number };

/** Sheets of badges in layout order; an empty list is one empty sheet, still a valid PDF. */
export async function badgesPdf(badges: Badge[], l: Layout, title: string): Promise<Uint8Array<ArrayBuffer>> {
  // the QR's modules from qrcode (correction level M, as on every code of klick), loaded only when a PDF is made
  const { default: QRCode } = await import('qrcode');
  const modules = (text: string): QrModules => QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const pages: string[] = [];
  const count = Math.max(1, Math.ceil(badges.length / perSheet(l)));
  for (let p = 0; p < count; p++) {
    const ops = [drawMarks(l)];
    badges.slice(p * perSheet(l), (p + 1) * perSheet(l)).forEach((b, k) => {
      const at = place(l, p * perSheet(l) + k);
      ops.push(drawBadge(b, l, at.x, at.y, modules(b.code)));
    });
    pages.push(ops.filter(Boolean).join('\n'));
  }
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const offsets: number[] = [];
  const push = (part: string | Uint8Array) => {
    const bytes = typeof part === 'string' ? enc.encode(part) : part;
    chunks.push(bytes);
    offset += bytes.length;
  };
  const object = (id: number, body: string | Uint8Array[], dict?: string) => {
    offsets[id] = offset;
    if (typeof body === 'string') return push(`${id} 0 obj\n${body}\nendobj\n`);
    push(`${id} 0 obj\n${dict}\nstream\n`);
    for (const b of body) push(b);
    push('\nendstream\nendobj\n');
  };
  // 1 catalog, 2 pages, 3–4 fonts, 5 info; then per page: its page object and its content stream
  const pageIds = pages.map((_, i) => 6 + 2 * i);
  push('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  object(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  object(4, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  object(5, `<< /Title ${hexString(title)} /Producer (klick) >>`);
  const size = `[0 0 ${n(PAGE.width * MM)} ${n(PAGE.height * MM)}]`;
  for (const [i, content] of pages.entries()) {
    const id = pageIds[i]!;
    object(
      id,
      `<< /Type /Page /Parent 2 0 R /MediaBox ${size} /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${id + 1} 0 R >>`,
    );
    const data = await deflate(content);
    object(id + 1, [data], `<< /Length ${data.length} /Filter /FlateDecode >>`);
  }
  const xref = offset;
  const total = 6 + 2 * pages.length;
  const rows = ['0000000000 65535 f '];
  for (let id = 1; id < total; id++) rows.push(`${String(offsets[id]).padStart(10, '0')} 00000 n `);
  push(
    `xref\n0 ${total}\n${rows.join('\n')}\ntrailer\n<< /Size ${total} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
  );
  const out = new Uint8Array(new ArrayBuffer(offset));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
