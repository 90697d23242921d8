/**
 * The encoding of the PDF's standard fonts (Helvetica, Helvetica-Bold): WinAnsi, that is Windows-1252, the Latin
 * scripts of Western Europe and a few more. Text beyond it is drawn with embedded fonts (fonts.ts).
 */
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

/** Whether Helvetica can show this text as it is. */
export const winAnsi = (text: string) => [...text].every((ch) => winAnsiByte(ch) !== null);

/** A PDF hex string in WinAnsi: no escaping rules to get wrong. */
export const hexString = (text: string) =>
  `<${[...text].map((ch) => (winAnsiByte(ch) ?? 0x3f).toString(16).padStart(2, '0')).join('')}>`;

/** A PDF text string in UTF-16BE with its byte order mark (the document's title), as hex: JS strings are UTF-16. */
export const utf16Hex = (text: string) =>
  `<FEFF${Array.from({ length: text.length }, (_, i) => text.charCodeAt(i).toString(16).padStart(4, '0')).join('')}>`;
