import { afterEach, describe, expect, it } from 'vitest';
import { createDinner, T0 } from '../helpers';
import { type CheckinApp, makeCheckinApp, nonce, pairPhone, sellTicket } from './setup';

let c: CheckinApp;
afterEach(() => c?.close());

const entry = (extra: Record<string, unknown> = {}) => ({ nonce: nonce(), kind: 'entry', deviceTime: T0, ...extra });

describe('bad scan input is refused whole, and nothing is written', () => {
  const cases: [string, (qr: string) => unknown, number][] = [
    ['malformed QR text', (qr) => ({ scans: [entry({ qr }), entry({ qr: 'https://example.com/not-a-ticket' })] }), 400],
    ['a QR with a letter outside the alphabet', () => ({ scans: [entry({ qr: 'UUUUUUUUUUUUUUUUUUUUUUUU' })] }), 400],
    ['201 scans', (qr) => ({ scans: Array.from({ length: 201 }, () => entry({ qr })) }), 400],
    ['no scans', () => ({ scans: [] }), 400],
    ['an unknown field in a scan', (qr) => ({ scans: [entry({ qr, note: 'hi' })] }), 400],
    ['an unknown top-level field', (qr) => ({ scans: [entry({ qr })], deviceId: 'x' }), 400],
    ['both qr and ticketId', (qr) => ({ scans: [entry({ qr, ticketId: 'abcdefghjkmnpqrstvwxyz012' })] }), 400],
    ['neither qr nor ticketId', () => ({ scans: [entry()] }), 400],
    ['a short nonce', (qr) => ({ scans: [entry({ qr, nonce: 'short' })] }), 400],
    ['a nonce with odd characters', (qr) => ({ scans: [entry({ qr, nonce: `${'a'.repeat(20)} ;--` })] }), 400],
    ['an unknown kind', (qr) => ({ scans: [entry({ qr, kind: 'exit' })] }), 400],
    ['a fractional device time', (qr) => ({ scans: [entry({ qr, deviceTime: 1.5 })] }), 400],
    ['a bad cursor', (qr) => ({ scans: [entry({ qr })], since: 'yesterday' }), 400],
    ['a body over 64 KB', (qr) => ({ scans: [entry({ qr })], pad: 'x'.repeat(70 * 1024) }), 413],
  ];
  for (const [name, body, status] of cases) {
    it(`${name} → ${status}`, async () => {
      c = await makeCheckinApp();
      const event = await createDinner(c);
      const ticket = await sellTicket(c, 0);
      const door = await pairPhone(c, event.id, 'Door');
      const before = await c.countRows();
      const res = await door.post('/scans', body(ticket.qrSecret));
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        status === 413 ? 'payload_too_large' : 'invalid_input',
      );
      expect(await c.countRows()).toEqual(before);
      expect(before.scans).toBe(0);
    });
  }

  it('a body that is not JSON → 400', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const door = await pairPhone(c, event.id, 'Door');
    expect((await door.postRaw('/scans', '{"scans": [')).status).toBe(400);
    expect((await c.countRows()).scans).toBe(0);
  });

  it('200 scans in one batch are fine', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const ticket = await sellTicket(c, 0);
    const door = await pairPhone(c, event.id, 'Door');
    const res = await door.scan(Array.from({ length: 200 }, () => ({ qr: ticket.qrSecret })));
    expect(res.results).toHaveLength(200);
    expect(res.results.filter((r) => r.result === 'ok')).toHaveLength(1);
    expect((await c.countRows()).scans).toBe(200);
  });
});
