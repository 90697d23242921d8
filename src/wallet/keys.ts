import { Base64 } from '../lib/base64';
import { children, nul, octets, oid, read, seq, smallInt } from './der';

export const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

/** The DER blocks of PEM text with the given label ("CERTIFICATE", "PRIVATE KEY", …), in order. */
export function pemBlocks(text: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => Base64.toUint8Array(m[1]!.replace(/\s+/g, '')));
}

export function pemCertificate(text: string, name: string): Uint8Array {
  const [der] = pemBlocks(text, 'CERTIFICATE');
  if (!der) throw new Error(`${name}: no certificate in the PEM text`);
  return der;
}

/**
 * An RSA private key for RS256 / PKCS #1 v1.5 signatures. Takes PKCS #8 ("PRIVATE KEY", as Google's service
 * accounts and `openssl pkcs12 -nodes` write it) and PKCS #1 ("RSA PRIVATE KEY", wrapped into PKCS #8 here,
 * since WebCrypto imports only that). An encrypted key must be decrypted first (README).
 */
export async function importRsaSigningKey(text: string, name: string): Promise<CryptoKey> {
  if (text.includes('ENCRYPTED PRIVATE KEY'))
    throw new Error(`${name}: the key is encrypted; export it without a password (see README)`);
  const pkcs8 = pemBlocks(text, 'PRIVATE KEY')[0];
  const pkcs1 = pemBlocks(text, 'RSA PRIVATE KEY')[0];
  const der = pkcs8 ?? (pkcs1 && seq(smallInt(0), seq(oid(RSA_ENCRYPTION), nul()), octets(pkcs1)));
  if (!der) throw new Error(`${name}: no private key in the PEM text`);
  return crypto.subtle.importKey('pkcs8', new Uint8Array(der), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
    'sign',
  ]);
}

/** A certificate's issuer (Name) and serial number (INTEGER), as encoded: what a CMS signer info names. */
export function issuerAndSerial(cert: Uint8Array): { issuer: Uint8Array; serial: Uint8Array } {
  const tbs = children(read(cert))[0];
  if (!tbs) throw new Error('certificate: no TBSCertificate');
  const fields = children(tbs);
  // version is the optional [0] in front
  const at = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = fields[at];
  const issuer = fields[at + 2];
  if (serial?.tag !== 0x02 || issuer?.tag !== 0x30) throw new Error('certificate: unexpected structure');
  return { issuer: issuer.raw, serial: serial.raw };
}
