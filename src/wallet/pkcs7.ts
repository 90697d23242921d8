import { concat } from '../lib/png';
import { explicit, nul, octets, oid, seq, setOf, smallInt, tlv, utcTime } from './der';
import { issuerAndSerial, RSA_ENCRYPTION } from './keys';

const SIGNED_DATA = '1.2.840.113549.1.7.2';
const DATA = '1.2.840.113549.1.7.1';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const CONTENT_TYPE = '1.2.840.113549.1.9.3';
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const SIGNING_TIME = '1.2.840.113549.1.9.5';

const attribute = (type: string, value: Uint8Array) => seq(oid(type), setOf(value));

/**
 * A detached CMS SignedData (RFC 5652; PKCS #7 v1.5) over `content`: SHA-256, RSA PKCS #1 v1.5, signed attributes
 * (content type, signing time, message digest), the signer's certificate and the chain after it (for a pass:
 * Apple's WWDR intermediate). DER, as `openssl cms -verify -inform DER` and Wallet read it.
 */
export async function signDetached(input: {
  content: Uint8Array;
  key: CryptoKey;
  signerCert: Uint8Array;
  chain: Uint8Array[];
  now: number;
}): Promise<Uint8Array> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(input.content)));
  const attrs = [
    attribute(CONTENT_TYPE, oid(DATA)),
    attribute(SIGNING_TIME, utcTime(input.now)),
    attribute(MESSAGE_DIGEST, octets(digest)),
  ];
  // the signature covers the attributes as a DER SET; in the signer info the same bytes carry the [0] tag
  const signedAttrs = setOf(...attrs);
  const signature = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', input.key, signedAttrs));
  const { issuer, serial } = issuerAndSerial(input.signerCert);
  const sha256 = seq(oid(SHA256), nul());
  const signerInfo = seq(
    smallInt(1),
    seq(issuer, serial),
    sha256,
    concat([new Uint8Array([0xa0]), signedAttrs.subarray(1)]),
    seq(oid(RSA_ENCRYPTION), nul()),
    octets(signature),
  );
  const signedData = seq(
    smallInt(1),
    setOf(sha256),
    seq(oid(DATA)),
    tlv(0xa0, concat([input.signerCert, ...input.chain])),
    setOf(signerInfo),
  );
  return seq(oid(SIGNED_DATA), explicit(0, signedData));
}
