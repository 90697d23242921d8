import type { WalletConfig } from '../config';
import { groupCode } from '../tickets/service';
import { holderName, iso, issuerName, type PassInput, venueLine } from './holder';
import { importRsaSigningKey } from './keys';

type GoogleConfig = NonNullable<WalletConfig['google']>;

const b64url = (bytes: Uint8Array) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const enc = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));

/** Google Wallet ids: `<issuer id>.<suffix>`, the suffix of letters, digits, `.`, `_` and `-`. */
const walletId = (cfg: GoogleConfig, kind: string, id: string) => `${cfg.issuerId}.klick-${kind}-${id}`;

/**
 * The "Save to Google Wallet" JWT (Google Wallet API, "JWT" reference: typ savetowallet, aud google), carrying
 * the dinner as an eventTicketClass and the seat as an eventTicketObject with the ticket's QR, signed RS256 with
 * the service account's key. Class and object are created by Google when the guest saves the pass.
 */
export function googlePassClaims(cfg: GoogleConfig, p: PassInput, origin: string) {
  const { event, ticket, lang } = p;
  const text = (value: string) => ({ defaultValue: { language: lang, value } });
  const classId = walletId(cfg, 'event', event.id);
  return {
    iss: cfg.clientEmail,
    aud: 'google',
    typ: 'savetowallet',
    iat: Math.floor(p.now / 1000),
    origins: [origin],
    payload: {
      eventTicketClasses: [
        {
          id: classId,
          issuerName: issuerName(event),
          reviewStatus: 'UNDER_REVIEW',
          eventName: text(event.title),
          eventId: event.id,
          venue: { name: text(event.venue), address: text(venueLine(event)) },
          dateTime: { start: iso(event.startsAt), end: iso(event.endsAt) },
          hexBackgroundColor: '#0b57d0',
        },
      ],
      eventTicketObjects: [
        {
          id: walletId(cfg, 'ticket', ticket.id),
          classId,
          state: 'ACTIVE',
          ticketHolderName: holderName(ticket),
          barcode: { type: 'QR_CODE', value: ticket.qrSecret, alternateText: groupCode(ticket.qrSecret) },
          validTimeInterval: { end: { date: iso(event.endsAt + 12 * 3_600_000) } },
          linksModuleData: { uris: [{ uri: p.ticketUrl, description: lang === 'de' ? 'Ticketseite' : 'Ticket page' }] },
        },
      ],
    },
  };
}

/** https://pay.google.com/gp/v/save/<JWT> */
export async function googleSaveUrl(cfg: GoogleConfig, p: PassInput, origin: string): Promise<string> {
  const signingInput = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(googlePassClaims(cfg, p, origin))}`;
  const key = await importRsaSigningKey(cfg.privateKeyPem, 'GOOGLE_WALLET_SERVICE_ACCOUNT');
  const sig = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, new TextEncoder().encode(signingInput));
  return `https://pay.google.com/gp/v/save/${signingInput}.${b64url(new Uint8Array(sig))}`;
}
