import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outbox, tickets } from '../../src/db/schema';
import type { googlePassClaims } from '../../src/wallet/google-pass';
import { makeCheckinApp, pairPhone } from '../checkin/setup';
import { makeWalletCredentials, PASS_TYPE_ID, TEAM_ID, type WalletCredentials } from '../fixtures/wallet/credentials';
import {
  BARCODE_FORMATS,
  BARCODE_KEYS,
  BARCODE_REQUIRED_KEYS,
  FIELD_REQUIRED_KEYS,
  PASS_FIELD_GROUPS,
  PASS_REQUIRED_KEYS,
  PASS_TOP_LEVEL_KEYS,
} from '../fixtures/wallet/pass-keys';
import { holdSeatVia, payVia } from '../flow';
import { createDinner, makeTestApp, type TestApp } from '../helpers';

let creds: WalletCredentials;
let t: TestApp;
beforeAll(() => {
  creds = makeWalletCredentials();
});
afterAll(() => creds.close());
afterEach(() => t?.close());

async function paidTicket() {
  const { order, sessionId } = await holdSeatVia(t, 0, 'dinner');
  await payVia(t, sessionId);
  return (await t.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id) }))!;
}

async function pkpass(token: string) {
  const res = await t.request(`/t/${token}/pass.pkpass`);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.apple.pkpass');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="dinner.pkpass"');
  return unzipSync(new Uint8Array(await res.arrayBuffer()));
}

/** `openssl cms -verify` of the detached signature over manifest.json, the chain up to the test root. */
function opensslVerify(files: Record<string, Uint8Array>, manifest = files['manifest.json']!) {
  writeFileSync(join(creds.dir, 'signature'), files.signature!);
  writeFileSync(join(creds.dir, 'manifest.json'), manifest);
  writeFileSync(join(creds.dir, 'root.pem'), creds.caPem);
  return execFileSync(
    'openssl',
    [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      'signature',
      '-content',
      'manifest.json',
      '-CAfile',
      'root.pem',
      '-out',
      '/dev/null',
    ],
    { cwd: creds.dir, stdio: 'pipe' },
  ).toString();
}

describe('wallets not configured', () => {
  it('shows neither button, in the page nor the mail, and both addresses answer 404', async () => {
    t = await makeTestApp();
    await createDinner(t);
    const ticket = await paidTicket();
    const html = await (await t.request(`/t/${ticket.token}`)).text();
    expect(html).not.toContain('pass.pkpass');
    expect(html).not.toContain('google-wallet');
    const mail = await t.deps.db.query.outbox.findFirst({ where: eq(outbox.to, ticket.email) });
    expect(mail!.html).not.toContain('Wallet');
    expect(mail!.text).not.toContain('Wallet');
    expect((await t.request(`/t/${ticket.token}/pass.pkpass`)).status).toBe(404);
    expect((await t.request(`/t/${ticket.token}/google-wallet`)).status).toBe(404);
  });
});

describe('Apple Wallet', () => {
  it('offers the pass on the ticket page and in the mail, in German and English', async () => {
    t = await makeTestApp(creds.env);
    await createDinner(t);
    const ticket = await paidTicket();
    const de = await (await t.request(`/t/${ticket.token}?lang=de`)).text();
    expect(de).toContain(`href="/t/${ticket.token}/pass.pkpass"`);
    expect(de).toContain('Zu Apple Wallet hinzufügen');
    expect(de).toContain('In Google Wallet speichern');
    const en = await (await t.request(`/t/${ticket.token}?lang=en`)).text();
    expect(en).toContain('Add to Apple Wallet');
    expect(en).toContain(`href="/t/${ticket.token}/google-wallet"`);
    const mail = await t.deps.db.query.outbox.findFirst({ where: eq(outbox.to, ticket.email) });
    expect(mail!.html).toContain(`http://klick.test/t/${ticket.token}/pass.pkpass`);
    expect(mail!.text).toContain(`http://klick.test/t/${ticket.token}/google-wallet`);
  });

  it('signs the pass: openssl verifies the PKCS #7 signature of manifest.json up to the root, with the WWDR inside', async () => {
    t = await makeTestApp(creds.env);
    await createDinner(t);
    const ticket = await paidTicket();
    const files = await pkpass(ticket.token);
    expect(Object.keys(files).sort()).toEqual(
      ['icon.png', 'icon@2x.png', 'icon@3x.png', 'manifest.json', 'pass.json', 'signature'].sort(),
    );
    expect(() => opensslVerify(files)).not.toThrow();
    // a manifest changed after signing fails, so the check above is a real one
    const forged = new TextEncoder().encode(
      new TextDecoder()
        .decode(files['manifest.json'])
        .replace(/":"([0-9a-f])/, (_, c) => `":"${c === '0' ? '1' : '0'}`),
    );
    expect(forged).not.toEqual(files['manifest.json']);
    expect(() => opensslVerify(files, forged)).toThrow();
    // the signer and Apple's intermediate travel in the signature
    writeFileSync(join(creds.dir, 'signature'), files.signature!);
    const certs = execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-in', 'signature', '-print_certs', '-noout'], {
      cwd: creds.dir,
    }).toString();
    expect(certs).toContain(`Pass Type ID: ${PASS_TYPE_ID}`);
    expect(certs).toContain('Test Worldwide Developer Relations CA');
    // the manifest names every other file with its SHA-1
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Record<string, string>;
    const signed = Object.keys(files).filter((f) => f !== 'manifest.json' && f !== 'signature');
    expect(Object.keys(manifest).sort()).toEqual(signed.sort());
    for (const f of signed) expect(manifest[f]).toBe(createHash('sha1').update(files[f]!).digest('hex'));
    // icons are real PNGs of the sizes Apple asks for
    for (const [f, size] of [
      ['icon.png', 29],
      ['icon@2x.png', 58],
      ['icon@3x.png', 87],
    ] as const) {
      const png = Buffer.from(files[f]!);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it("pass.json keeps to Apple's published keys and carries the ticket's QR, the dinner and its time", async () => {
    t = await makeTestApp(creds.env);
    const event = await createDinner(t);
    const ticket = await paidTicket();
    const pass = JSON.parse(new TextDecoder().decode((await pkpass(ticket.token))['pass.json']));
    for (const key of PASS_REQUIRED_KEYS) expect(pass, key).toHaveProperty(key);
    for (const key of Object.keys(pass)) expect(PASS_TOP_LEVEL_KEYS as readonly string[], key).toContain(key);
    expect(pass).toMatchObject({
      formatVersion: 1,
      passTypeIdentifier: PASS_TYPE_ID,
      teamIdentifier: TEAM_ID,
      serialNumber: ticket.id,
      relevantDate: new Date(event.startsAt).toISOString().replace('.000', ''),
    });
    for (const barcode of [...pass.barcodes, pass.barcode]) {
      for (const key of BARCODE_REQUIRED_KEYS) expect(barcode).toHaveProperty(key);
      for (const key of Object.keys(barcode)) expect(BARCODE_KEYS as readonly string[]).toContain(key);
      expect(BARCODE_FORMATS).toContain(barcode.format);
      expect(barcode).toMatchObject({
        format: 'PKBarcodeFormatQR',
        message: ticket.qrSecret,
        messageEncoding: 'iso-8859-1',
      });
    }
    for (const group of Object.keys(pass.eventTicket)) expect(PASS_FIELD_GROUPS).toContain(group);
    const fields = Object.values(pass.eventTicket).flat() as Record<string, unknown>[];
    for (const f of fields) for (const key of FIELD_REQUIRED_KEYS) expect(f).toHaveProperty(key);
    expect(new Set(fields.map((f) => f.key)).size).toBe(fields.length);
    expect(fields.map((f) => f.value)).toEqual(expect.arrayContaining([event.title, ticket.name, event.venue]));
  });

  it("puts the venue's coordinates in the pass when the organizer set them", async () => {
    t = await makeTestApp(creds.env);
    await createDinner(t, { venueLatitude: 50.1109, venueLongitude: 8.6821 });
    const ticket = await paidTicket();
    const pass = JSON.parse(new TextDecoder().decode((await pkpass(ticket.token))['pass.json']));
    expect(pass.locations).toEqual([{ latitude: 50.1109, longitude: 8.6821, relevantText: expect.any(String) }]);
    expect(pass.semantics.venueLocation).toEqual({ latitude: 50.1109, longitude: 8.6821 });
    for (const key of Object.keys(pass.locations[0]))
      expect(['latitude', 'longitude', 'altitude', 'relevantText']).toContain(key);
  });

  it('gives no pass for a ticket passed on, and none for an unknown link', async () => {
    t = await makeTestApp(creds.env);
    await createDinner(t);
    const ticket = await paidTicket();
    await t.deps.db.update(tickets).set({ status: 'transferred' }).where(eq(tickets.id, ticket.id));
    expect((await t.request(`/t/${ticket.token}/pass.pkpass`)).status).toBe(409);
    expect((await t.request(`/t/${ticket.token}/google-wallet`)).status).toBe(409);
    expect(await (await t.request(`/t/${ticket.token}`)).text()).not.toContain('pass.pkpass');
    expect((await t.request(`/t/${'a'.repeat(32)}/pass.pkpass`)).status).toBe(404);
  });
});

describe('a ticket passed on, with wallet passes', () => {
  it('the new holder gets a pass with the new code; the old holder gets none, and the door refuses the code in the old pass', async () => {
    const c = await makeCheckinApp(creds.env);
    t = c;
    const event = await createDinner(c);
    const old = await paidTicket();
    const passJson = (files: Record<string, Uint8Array>) => JSON.parse(new TextDecoder().decode(files['pass.json']));
    // the pass the first holder put into Apple Wallet before passing the seat on
    const installed = passJson(await pkpass(old.token));
    expect(installed.barcodes[0].message).toBe(old.qrSecret);
    const phone = await pairPhone(c, event.id, 'Tür');

    const res = await c.postForm(`/t/${old.token}/transfer`, {
      givenName: 'Bea',
      familyName: 'Nachfolger',
      email: 'bea@example.com',
      company: 'Nachfolger AG',
      role: 'CTO',
    });
    expect(res.status).toBe(303);
    const fresh = (await c.deps.db.query.tickets.findFirst({ where: eq(tickets.email, 'bea@example.com') }))!;
    expect(fresh.status).toBe('valid');

    // the old holder: no pass for the old link, and the installed pass's code is refused at the door
    expect((await c.request(`/t/${old.token}/pass.pkpass`)).status).toBe(409);
    expect((await c.request(`/t/${old.token}/google-wallet`)).status).toBe(409);
    expect((await phone.scan([{ qr: installed.barcodes[0].message }])).results[0]!.result).toBe('transferred');

    // the new holder: the mail and the ticket page offer a pass, which holds the new code and checks in
    const mail = await c.deps.db.query.outbox.findFirst({ where: eq(outbox.to, 'bea@example.com') });
    expect(mail!.html).toContain(`http://klick.test/t/${fresh.token}/pass.pkpass`);
    expect(await (await c.request(`/t/${fresh.token}`)).text()).toContain(`href="/t/${fresh.token}/pass.pkpass"`);
    const pass = passJson(await pkpass(fresh.token));
    expect(pass).toMatchObject({ serialNumber: fresh.id });
    expect(pass.barcodes[0].message).toBe(fresh.qrSecret);
    expect(pass.barcodes[0].message).not.toBe(installed.barcodes[0].message);
    expect((await phone.scan([{ qr: pass.barcodes[0].message }])).results[0]!.result).toBe('ok');
  });
});

describe('Google Wallet', () => {
  it('redirects to a save link whose RS256 JWT verifies against the service account and carries the QR', async () => {
    t = await makeTestApp(creds.env);
    const event = await createDinner(t);
    const ticket = await paidTicket();
    const res = await t.request(`/t/${ticket.token}/google-wallet`);
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^https:\/\/pay\.google\.com\/gp\/v\/save\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const jwt = location.split('/').pop()!;
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', typ: 'JWT' });
    const { payload } = await jwtVerify(jwt, await importSPKI(creds.googlePublicPem, 'RS256'), {
      algorithms: ['RS256'],
      audience: 'google',
      issuer: creds.clientEmail,
    });
    expect(payload.typ).toBe('savetowallet');
    const body = payload.payload as ReturnType<typeof googlePassClaims>['payload'];
    const [cls] = body.eventTicketClasses;
    const [obj] = body.eventTicketObjects;
    expect(cls!.id).toMatch(/^3388000000012345678\.[\w.-]+$/);
    expect(cls!.eventName.defaultValue.value).toBe(event.title);
    expect(cls!.dateTime.start).toBe(new Date(event.startsAt).toISOString().replace('.000', ''));
    expect(obj).toMatchObject({ classId: cls!.id, state: 'ACTIVE', ticketHolderName: ticket.name });
    expect(obj!.barcode).toMatchObject({ type: 'QR_CODE', value: ticket.qrSecret });
    // a JWT signed by another key does not verify
    const other = makeWalletCredentials();
    try {
      await expect(jwtVerify(jwt, await importSPKI(other.googlePublicPem, 'RS256'))).rejects.toThrow();
    } finally {
      other.close();
    }
  });
});

describe('wallet settings', () => {
  it('refuse half a configuration and a service account that is not a key file', async () => {
    const { parseSettings } = await import('../../src/config');
    const base = { ENVIRONMENT: 'test' };
    expect(() => parseSettings({ ...base, APPLE_PASS_TYPE_ID: PASS_TYPE_ID })).toThrow(/set all or none/);
    expect(() => parseSettings({ ...base, ...creds.env, APPLE_PASS_CERT: 'not pem' })).toThrow(/APPLE_PASS_CERT: PEM/);
    expect(() => parseSettings({ ...base, GOOGLE_WALLET_ISSUER_ID: '123' })).toThrow(/set both or neither/);
    expect(() => parseSettings({ ...base, ...creds.env, GOOGLE_WALLET_SERVICE_ACCOUNT: '{}' })).toThrow(/client_email/);
    // a PEM pasted into a one-line .env value, its line breaks as \n; a certificate as `openssl pkcs12` writes it
    const oneLine = {
      ...creds.env,
      APPLE_PASS_KEY: creds.env.APPLE_PASS_KEY!.replace(/\n/g, '\\n'),
      APPLE_PASS_CERT: `Bag Attributes\n    localKeyID: 01 02\nsubject=UID=${PASS_TYPE_ID}\n${creds.env.APPLE_PASS_CERT}`,
    };
    t = await makeTestApp(oneLine);
    await createDinner(t);
    const ticket = await paidTicket();
    expect((await t.request(`/t/${ticket.token}/pass.pkpass`)).status).toBe(200);
  });
});
