import type { AssetReader } from '../lib/assets';
import { fitText, PAD, QR_SIZE } from './fit';
import { type Fonts, loadFonts, needsShaping, runsWidth } from './fonts';
import { cropMarks, type Layout, PAGE, perSheet, place } from './layouts';
import { PdfFile } from './pdf-file';
import { glyphHex, writeFace } from './pdf-fonts';
import type { Badge } from './sheet';
import { hexString, utf16Hex, winAnsi } from './winansi';

/**
 * The badge sheets as a PDF, written here rather than with a PDF library: pdf-lib, the usual choice, costs
 * ≈177 KiB gzip in the Worker by itself (measured with esbuild --minify), more than the whole 160 KiB budget.
 * A badge whose text Helvetica can show (WinAnsi) uses the standard fonts every PDF reader has; any other badge
 * is set in embedded Noto subsets (fonts.ts, pdf-fonts.ts). Rectangles draw the QR modules, lines the crop marks.
 */
const MM = 72 / 25.4;

const n = (v: number) => (Math.round(v * 100) / 100).toString();

/** A badge's lines: text, whether bold, largest and smallest size in points. */
const lines = (b: Badge) =>
  [
    { text: b.firstName, bold: true, max: 26, min: 12 },
    { text: b.fullName, bold: false, max: 11, min: 7 },
    { text: b.company, bold: false, max: 10, min: 7 },
    { text: b.askMeAbout, bold: false, max: 9, min: 6, gap: 1.5 },
  ].filter((l) => l.text);

/** One look per badge: all Helvetica, or (when any line needs more) all Noto. */
const needsFonts = (b: Badge) => lines(b).some((t) => !winAnsi(t.text));

/** Why a badge cannot go into the PDF: its script needs shaping, or no font has one of its characters. */
export type NotInPdf = { badge: Badge; reason: 'shaping' | 'font' };

/** The fonts the badges need, loaded; and the badges the PDF cannot draw, which the browser must print. */
export async function prepareBadgeFonts(read: AssetReader | null, badges: Badge[]) {
  const embedded = badges.filter(needsFonts);
  const fonts = await loadFonts(read, embedded.flatMap(lines));
  const notInPdf: NotInPdf[] = [];
  for (const badge of embedded) {
    const texts = lines(badge);
    if (texts.some((l) => needsShaping(l.text))) notInPdf.push({ badge, reason: 'shaping' });
    else if (texts.some((l) => !fonts.runs(l.text, l.bold))) notInPdf.push({ badge, reason: 'font' });
  }
  return { fonts, notInPdf };
}

/** One badge's drawing operators, in PDF points from the page's bottom left. */
function drawBadge(b: Badge, l: Layout, x: number, y: number, code: QrModules, fonts: Fonts): string {
  const ops: string[] = [];
  const px = (mm: number) => mm * MM;
  const top = PAGE.height - y;
  const textWidthMm = l.width - 2 * PAD - QR_SIZE - 3;
  const embedded = needsFonts(b);
  // a marked-content section per badge: the tests (and accessibility tools) can find each one
  ops.push('/Badge BMC');
  let baseline = top - PAD;
  for (const t of lines(b)) {
    baseline -= t.gap ?? 0;
    const measure = embedded
      ? (text: string, size: number) => {
          const runs = fonts.runs(text, t.bold);
          return runs ? runsWidth(runs, size) : Number.POSITIVE_INFINITY;
        }
      : undefined;
    const { size, text } = fitText(t.text, textWidthMm, t.max, t.min, t.bold, measure);
    baseline -= size * 0.3528 * 1.05; // pt → mm, with a little leading
    const at = `${n(px(x + PAD))} ${n(px(baseline))} Td`;
    if (embedded) {
      const runs = fonts.runs(text, t.bold)!;
      fonts.use(runs, text);
      ops.push(`BT ${at} ${runs.map((r) => `/${r.face.name} ${n(size)} Tf ${glyphHex(r.gids)} Tj`).join(' ')} ET`);
    } else ops.push(`BT /${t.bold ? 'F2' : 'F1'} ${n(size)} Tf ${at} ${hexString(text)} Tj ET`);
    baseline -= size * 0.3528 * 0.35;
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

type QrModules = { size: number; get(row: number, col: number): number };

/**
 * Sheets of badges in layout order; an empty list is one empty sheet, still a valid PDF. `fonts` must come from
 * prepareBadgeFonts for these badges, and none of its notInPdf may be among them.
 */
export async function badgesPdf(
  badges: Badge[],
  l: Layout,
  title: string,
  fonts: Fonts,
): Promise<Uint8Array<ArrayBuffer>> {
  // the QR's modules from qrcode (correction level M, as on every code of klick), loaded only when a PDF is made
  const { default: QRCode } = await import('qrcode');
  const modules = (text: string): QrModules => QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const pages: string[] = [];
  const count = Math.max(1, Math.ceil(badges.length / perSheet(l)));
  for (let p = 0; p < count; p++) {
    const ops = [drawMarks(l)];
    badges.slice(p * perSheet(l), (p + 1) * perSheet(l)).forEach((b, k) => {
      const at = place(l, p * perSheet(l) + k);
      ops.push(drawBadge(b, l, at.x, at.y, modules(b.code), fonts));
    });
    pages.push(ops.filter(Boolean).join('\n'));
  }
  const pdf = new PdfFile();
  const catalog = pdf.reserve();
  const tree = pdf.reserve();
  const fontRefs = [
    `/F1 ${pdf.add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')} 0 R`,
    `/F2 ${pdf.add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>')} 0 R`,
  ];
  for (const face of fonts.faces) fontRefs.push(`/${face.name} ${await writeFace(pdf, face)} 0 R`);
  const info = pdf.add(`<< /Title ${utf16Hex(title)} /Producer (klick) >>`);
  const size = `[0 0 ${n(PAGE.width * MM)} ${n(PAGE.height * MM)}]`;
  const kids: number[] = [];
  for (const content of pages) {
    const contents = await pdf.stream(content);
    kids.push(
      pdf.add(
        `<< /Type /Page /Parent ${tree} 0 R /MediaBox ${size} /Resources << /Font << ${fontRefs.join(' ')} >> >> /Contents ${contents} 0 R >>`,
      ),
    );
  }
  pdf.set(catalog, `<< /Type /Catalog /Pages ${tree} 0 R >>`);
  pdf.set(tree, `<< /Type /Pages /Kids [${kids.map((id) => `${id} 0 R`).join(' ')}] /Count ${kids.length} >>`);
  return pdf.bytes(catalog, info);
}
