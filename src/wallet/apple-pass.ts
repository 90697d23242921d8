import type { WalletConfig } from '../config';
import { bitmapPng } from '../lib/png';
import { formatDateTime } from '../lib/time';
import { groupCode } from '../tickets/service';
import { holderName, iso, issuerName, type PassInput, venueLine } from './holder';
import { importRsaSigningKey, pemCertificate } from './keys';
import { signDetached } from './pkcs7';

type AppleConfig = NonNullable<WalletConfig['apple']>;

/** A pass counts as current from a few hours before the doors open until the dinner is over. */
const RELEVANT_BEFORE_MS = 3 * 3_600_000;

/** pass.json, in the keys of Apple's "Pass" reference (test/fixtures/wallet/pass-keys.ts lists them with the source). */
export function passJson(cfg: AppleConfig, p: PassInput) {
  const { event, ticket, lang } = p;
  const de = lang === 'de';
  const barcode = {
    format: 'PKBarcodeFormatQR',
    message: ticket.qrSecret,
    messageEncoding: 'iso-8859-1',
    altText: groupCode(ticket.qrSecret),
  };
  return {
    formatVersion: 1,
    passTypeIdentifier: cfg.passTypeId,
    teamIdentifier: cfg.teamId,
    serialNumber: ticket.id,
    organizationName: issuerName(event),
    description: de ? `Ticket: ${event.title}` : `Ticket: ${event.title}`,
    logoText: event.title,
    foregroundColor: 'rgb(255, 255, 255)',
    backgroundColor: 'rgb(11, 87, 208)',
    labelColor: 'rgb(214, 227, 255)',
    barcodes: [barcode],
    // iOS before 9 reads only the single `barcode`
    barcode,
    relevantDate: iso(event.startsAt),
    relevantDates: [{ startDate: iso(event.startsAt - RELEVANT_BEFORE_MS), endDate: iso(event.endsAt) }],
    expirationDate: iso(event.endsAt + 12 * 3_600_000),
    ...(p.location
      ? {
          locations: [
            {
              ...p.location,
              relevantText: de ? `${event.title}: Ticket bereithalten` : `${event.title}: have your ticket ready`,
            },
          ],
        }
      : {}),
    semantics: {
      eventName: event.title,
      eventType: 'PKEventTypeSocialGathering',
      eventStartDate: iso(event.startsAt),
      eventEndDate: iso(event.endsAt),
      venueName: event.venue,
      ...(p.location ? { venueLocation: p.location } : {}),
      attendeeName: holderName(ticket),
    },
    eventTicket: {
      primaryFields: [{ key: 'event', label: de ? 'Dinner' : 'Dinner', value: event.title }],
      secondaryFields: [
        { key: 'guest', label: de ? 'Gast' : 'Guest', value: holderName(ticket) },
        { key: 'when', label: de ? 'Wann' : 'When', value: formatDateTime(event.startsAt, event.timezone, lang) },
      ],
      auxiliaryFields: [{ key: 'venue', label: de ? 'Wo' : 'Where', value: event.venue }],
      backFields: [
        { key: 'address', label: de ? 'Adresse' : 'Address', value: venueLine(event) },
        { key: 'code', label: de ? 'Ticket-Code' : 'Ticket code', value: groupCode(ticket.qrSecret) },
        { key: 'page', label: de ? 'Ticketseite' : 'Ticket page', value: p.ticketUrl },
      ],
    },
  };
}

/** Wallet's icon (notifications, lock screen): a check mark, drawn at the three sizes Apple asks for. */
function icon(size: number) {
  const w = size * 0.09;
  const near = (x: number, y: number, [ax, ay, bx, by]: number[]) => {
    const t = Math.max(
      0,
      Math.min(1, ((x - ax!) * (bx! - ax!) + (y - ay!) * (by! - ay!)) / ((bx! - ax!) ** 2 + (by! - ay!) ** 2)),
    );
    return Math.hypot(x - (ax! + t * (bx! - ax!)), y - (ay! + t * (by! - ay!))) < w;
  };
  const s = size;
  return bitmapPng(
    size,
    (x, y) =>
      near(x, y, [0.22 * s, 0.52 * s, 0.42 * s, 0.72 * s]) || near(x, y, [0.42 * s, 0.72 * s, 0.8 * s, 0.3 * s]),
  );
}

async function sha1Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-1', new Uint8Array(bytes));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The signed `.pkpass`: a zip of pass.json, the icons, manifest.json (SHA-1 of every file, as Apple's format asks)
 * and `signature`, a detached PKCS #7 signature of manifest.json by the pass type certificate with Apple's WWDR
 * certificate included. fflate's sync zip: workerd has no Web Workers for its async API. Loaded on first use.
 */
export async function buildPkpass(cfg: AppleConfig, p: PassInput): Promise<Uint8Array> {
  const enc = new TextEncoder();
  const files: Record<string, Uint8Array> = {
    'pass.json': enc.encode(JSON.stringify(passJson(cfg, p))),
    'icon.png': await icon(29),
    'icon@2x.png': await icon(58),
    'icon@3x.png': await icon(87),
  };
  const manifest: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files)) manifest[name] = await sha1Hex(bytes);
  files['manifest.json'] = enc.encode(JSON.stringify(manifest));
  files.signature = await signDetached({
    content: files['manifest.json'],
    key: await importRsaSigningKey(cfg.keyPem, 'APPLE_PASS_KEY'),
    signerCert: pemCertificate(cfg.certPem, 'APPLE_PASS_CERT'),
    chain: [pemCertificate(cfg.wwdrPem, 'APPLE_WWDR_CERT')],
    now: p.now,
  });
  const { zipSync } = await import('../lib/deflate');
  return zipSync(files, { level: 6, mtime: p.now });
}
