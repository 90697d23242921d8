import { escapeText, foldLine } from '../lib/fold';

/**
 * vCard 4.0 (RFC 6350), written by hand with the folding and escaping the .ics writer already uses:
 * a vCard library costs 20+ KiB gzip in the Worker (ical.js 22.7, vcard4 21.2), this file under 1.
 * The tests parse every card back with ical.js.
 */
export interface Card {
  /** the ticket id: gives each card a stable UID, so a second import updates instead of duplicating */
  id: string;
  /** the name as shown (FN) and its parts as the guest gave them (N) */
  name: string;
  givenName: string;
  familyName: string;
  company?: string;
  role?: string;
  email?: string;
  phone?: string;
  linkedin?: string;
  note?: string;
  /** the dinner's title, so the contacts can be found together on the phone */
  category?: string;
}

/** Crockford base32 id (128 random bits) → the same bits as a version-8 UUID. */
export function uuidFromId(id: string): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  const bytes: number[] = [];
  let value = 0;
  let bits = 0;
  for (const ch of id.toLowerCase()) {
    value = ((value << 5) | Math.max(0, alphabet.indexOf(ch))) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  while (bytes.length < 16) bytes.push(0);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes
    .slice(0, 16)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Plain TEXT values (FN, TITLE, EMAIL, NOTE, CATEGORIES items): RFC 6350's grammar escapes backslash,
 * comma and newline but not semicolon there (ical.js would keep a "\\;" literally). Compound values
 * (N, ORG) use escapeText, which escapes the semicolon too.
 */
const text = (v: string) =>
  v
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');

/**
 * N is structured (family;given;additional;prefixes;suffixes), from the parts the guest gave (src/lib/names.ts):
 * no rule splits a shown name reliably (山田 太郎 is family name first; a trailing emoji is no family name).
 */
const structuredName = (card: Card) => `${escapeText(card.familyName.trim())};${escapeText(card.givenName.trim())};;;`;

/** An international number becomes a tel: URI (RFC 6350's recommended form), anything else stays text. */
function telLine(phone: string): string {
  const compact = phone.replace(/\(0\)/g, '').trim();
  if (/^\+[0-9 ()/-]+$/.test(compact)) {
    const uri = compact
      .replace(/[\s/]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/-$/, '');
    return `TEL;VALUE=uri:tel:${uri}`;
  }
  return `TEL;VALUE=text:${text(phone)}`;
}

/** URI values are not TEXT: no backslash escapes, but a line break must never get into a content line. */
const uriValue = (v: string) => [...v].filter((ch) => ch > '\u001f' && ch !== '\u007f').join('');

export function vcard(card: Card): string {
  const lines = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    'PRODID:-//klick//contacts//EN',
    `UID:urn:uuid:${uuidFromId(card.id)}`,
    `FN:${text(card.name)}`,
    `N:${structuredName(card)}`,
  ];
  if (card.company) lines.push(`ORG:${escapeText(card.company)}`);
  if (card.role) lines.push(`TITLE:${text(card.role)}`);
  if (card.email) lines.push(`EMAIL:${text(card.email)}`);
  if (card.phone) lines.push(telLine(card.phone));
  if (card.linkedin) lines.push(`URL:${uriValue(card.linkedin)}`);
  if (card.note) lines.push(`NOTE:${text(card.note)}`);
  if (card.category) lines.push(`CATEGORIES:${text(card.category)}`);
  lines.push('END:VCARD');
  return lines.map((l) => `${foldLine(l)}\r\n`).join('');
}

/** One file, all cards one after another (what phone contact apps import in one go). */
export const vcards = (cards: Card[]) => cards.map(vcard).join('');
