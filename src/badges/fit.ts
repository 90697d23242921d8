/** Badge geometry shared by the print page and the PDF, in mm. */
export const PAD = 5;
export const QR_SIZE = 24;

const NARROW = new Set([..."iljtfrI.,;:!|' ()[]-"]);
const WIDE = new Set([...'mwMWÆŒæœ@%']);

/**
 * Helvetica's advance widths, roughly (em fractions): narrow, wide, upper case and the rest. Good enough to
 * choose a font size that fits; the last step truncates with an ellipsis, so nothing runs into the QR code.
 */
export function textWidth(text: string, sizePt: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) em += 0.28;
    else if (WIDE.has(ch)) em += 0.86;
    else if (ch !== ch.toLowerCase()) em += 0.68;
    else em += 0.56;
  }
  return em * (bold ? 1.07 : 1) * sizePt * 0.3528;
}

/**
 * The largest size from max down to min at which text fits the width; below that, text shortened with "…".
 * `measure` gives a text's width in mm at a size: Helvetica's, roughly, unless a font's own widths are known.
 */
export function fitText(
  text: string,
  widthMm: number,
  max: number,
  min: number,
  bold = false,
  measure = (t: string, size: number) => textWidth(t, size, bold),
) {
  for (let size = max; size >= min; size -= 1) if (measure(text, size) <= widthMm) return { size, text };
  const chars = [...text];
  while (chars.length > 1 && measure(`${chars.join('')}…`, min) > widthMm) chars.pop();
  return { size: min, text: `${chars.join('').trimEnd()}…` };
}
