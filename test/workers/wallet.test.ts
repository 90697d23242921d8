/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * Wallet passes inside workerd (WebCrypto only, no nodejs_compat): a paid seat's `.pkpass` is zipped by fflate's
 * sync API and signed by klick's own CMS encoder; its signature is checked here with WebCrypto against the pass
 * certificate (openssl checks the same format in test/wallet/wallet.test.ts). The Google save link's JWT is
 * verified with jose. The credentials are made by openssl for each run (vitest.workers.config.ts).
 */
import { env, SELF } from 'cloudflare:test';
import { createClient } from '@libsql/client/http';
import { unzipSync } from 'fflate';
import { importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { Base64 } from '../../src/lib/base64';
import { children, read } from '../../src/wallet/der';
import { pemCertificate } from '../../src/wallet/keys';
import { payAtStripe } from './stripe';

const ORIGIN = 'http://klick.test';
const testEnv = env as unknown as Record<string, string>;
const admin = { authorization: `Bearer ${testEnv.ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function paidTicketToken(email: string) {
  const slug = `wallet-${crypto.randomUUID().slice(0, 8)}`;
  const created = await SELF.fetch(`${ORIGIN}/api/admin/events`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({
      slug,
      title: 'Wallet Dinner',
      venue: 'Hotel am Main',
      startsAt: '2027-01-14T18:00:00Z',
      endsAt: '2027-01-14T22:00:00Z',
      timezone: 'Europe/Berlin',
      priceCents: 5000,
      currency: 'EUR',
      capacity: 10,
    }),
  });
  expect(created.status).toBe(201);
  const hold = await SELF.fetch(`${ORIGIN}/e/${slug}/checkout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ name: 'Wanda Wallet', email, company: 'ACME', role: 'CTO', terms: 'on' }).toString(),
  });
  expect(hold.status).toBe(303);
  const { orderId } = await payAtStripe(hold.headers.get('location')!);
  const done = await (await SELF.fetch(`${ORIGIN}/orders/${orderId}/done`)).text();
  return /\/t\/([0-9a-z]{32})/.exec(done)![1]!;
}

const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');

/** The signer info's RSA signature over its signed attributes, checked with the certificate's public key. */
async function verifyCms(signature: Uint8Array, content: Uint8Array, certPem: string) {
  const signedData = children(children(read(signature))[1]!)[0]!;
  const [, , , certs, signerInfos] = children(signedData);
  expect(certs!.tag).toBe(0xa0);
  expect(children(certs!)).toHaveLength(2);
  const [, , , attrs, , sig] = children(children(signerInfos!)[0]!);
  // the message digest attribute is SHA-256 of manifest.json
  const digest = children(attrs!).find((a) => hex(children(a)[0]!.body.slice().buffer) === '2a864886f70d010904');
  expect(hex(children(children(digest!)[1]!)[0]!.body.slice().buffer)).toBe(
    hex(await crypto.subtle.digest('SHA-256', content.slice())),
  );
  const cert = pemCertificate(certPem, 'cert');
  const tbs = children(children(read(cert))[0]!);
  const spki = tbs[tbs[0]!.tag === 0xa0 ? 6 : 5]!;
  const key = await crypto.subtle.importKey(
    'spki',
    spki.raw.slice(),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const signed = attrs!.raw.slice();
  signed[0] = 0x31; // signed over as a SET, carried as [0]
  return crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, sig!.body.slice(), signed);
}

describe('wallet passes in workerd', () => {
  it('serves a signed .pkpass whose barcode is the ticket code, and mails the QR as an inline PNG', async () => {
    const token = await paidTicketToken('wanda@example.com');
    const page = await (await SELF.fetch(`${ORIGIN}/t/${token}`)).text();
    expect(page).toContain(`/t/${token}/pass.pkpass`);
    const secret = /<p class="code">([^<]+)<\/p>/.exec(page)![1]!.replace(/\s/g, '');

    const res = await SELF.fetch(`${ORIGIN}/t/${token}/pass.pkpass`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.pkpass');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const pass = JSON.parse(new TextDecoder().decode(files['pass.json']));
    expect(pass.barcodes[0]).toMatchObject({
      format: 'PKBarcodeFormatQR',
      message: secret,
      messageEncoding: 'iso-8859-1',
    });
    expect(pass.relevantDate).toBe('2027-01-14T18:00:00Z');
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Record<string, string>;
    for (const [name, sha1] of Object.entries(manifest))
      expect(sha1).toBe(hex(await crypto.subtle.digest('SHA-1', files[name]!.slice())));
    expect(await verifyCms(files.signature!, files['manifest.json']!, testEnv.APPLE_PASS_CERT!)).toBe(true);
    // a changed manifest does not verify
    const forged = files['manifest.json']!.slice();
    forged[forged.length - 3]! ^= 1;
    await expect(verifyCms(files.signature!, forged, testEnv.APPLE_PASS_CERT!)).rejects.toThrow();

    const db = createClient({ url: testEnv.DATABASE_URL! });
    const row = await db.execute({
      sql: 'SELECT html, attachments FROM outbox WHERE "to" = ?',
      args: ['wanda@example.com'],
    });
    db.close();
    const attachments = JSON.parse(String(row.rows[0]!.attachments)) as { contentId?: string; content: string }[];
    const qr = attachments.find((a) => a.contentId)!;
    expect(String(row.rows[0]!.html)).toContain(`cid:${qr.contentId}`);
    expect([...Base64.toUint8Array(qr.content).subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  });

  it('redirects to a Google Wallet save link with an RS256 JWT that jose verifies', async () => {
    const token = await paidTicketToken('gina@example.com');
    const res = await SELF.fetch(`${ORIGIN}/t/${token}/google-wallet`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith('https://pay.google.com/gp/v/save/')).toBe(true);
    const { payload } = await jwtVerify(
      location.split('/').pop()!,
      await importSPKI(testEnv.TEST_GOOGLE_PUBLIC_KEY!, 'RS256'),
      {
        audience: 'google',
        issuer: testEnv.TEST_GOOGLE_CLIENT_EMAIL!,
      },
    );
    const objects = (payload.payload as { eventTicketObjects: { barcode: { value: string } }[] }).eventTicketObjects;
    expect(objects[0]!.barcode.value).toMatch(/^[0-9A-Z]{24}$/);
  });
});
