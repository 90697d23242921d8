import { Base64 } from './base64';

/**
 * Content-line folding shared by iCalendar (RFC 5545 §3.1) and vCard (RFC 6350 §3.2):
 * at most 75 octets a line, continued with CRLF + space, never splitting a UTF-8 character.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0) ?? 0;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** TEXT value escaping common to both formats: backslash, comma, semicolon, newline. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Base64 of the text's UTF-8 bytes (mail attachments such as the .ics). */
export const toBase64 = (text: string): string => Base64.fromUint8Array(new TextEncoder().encode(text));
