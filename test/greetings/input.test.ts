import { afterEach, describe, expect, it } from 'vitest';
import { type CheckinApp, makeCheckinApp, nonce, pairPhone, phoneClient, sellTicket } from '../checkin/setup';
import { createDinner, T0 } from '../helpers';
import { greet, greetingRows } from './setup';

let c: CheckinApp;
afterEach(() => c?.close());

const item = (ticketId: string, extra: Record<string, unknown> = {}) => ({
  nonce: nonce(),
  kind: 'greet',
  ticketId,
  deviceTime: T0,
  ...extra,
});

async function setup() {
  c = await makeCheckinApp();
  const event = await createDinner(c);
  const ticket = await sellTicket(c, 0);
  const host = await pairPhone(c, event.id, 'Host');
  return { event, ticket, host };
}

describe('bad greeting input is refused whole, and nothing is written', () => {
  const cases: [string, (id: string) => unknown, number][] = [
    ['201 greetings', (id) => ({ greetings: Array.from({ length: 201 }, () => item(id)) }), 400],
    ['no greetings', () => ({ greetings: [] }), 400],
    ['no list at all', () => ({}), 400],
    ['an unknown field in a greeting', (id) => ({ greetings: [item(id, { qr: 'x' })] }), 400],
    ['an unknown top-level field', (id) => ({ greetings: [item(id)], deviceId: 'x' }), 400],
    ['a missing ticket id', (id) => ({ greetings: [item(id, { ticketId: undefined })] }), 400],
    ['a ticket id with odd characters', (id) => ({ greetings: [item(id, { ticketId: `${id}'--` })] }), 400],
    ['a short nonce', (id) => ({ greetings: [item(id, { nonce: 'short' })] }), 400],
    ['an unknown kind', (id) => ({ greetings: [item(id), item(id, { kind: 'hug' })] }), 400],
    ['a fractional device time', (id) => ({ greetings: [item(id, { deviceTime: 1.5 })] }), 400],
    ['a negative device time', (id) => ({ greetings: [item(id, { deviceTime: -1 })] }), 400],
    ['a note over 200 characters', (id) => ({ greetings: [item(id, { note: 'x'.repeat(201) })] }), 400],
    ['a bad cursor', (id) => ({ greetings: [item(id)], since: 'yesterday' }), 400],
    ['a body over 64 KB', (id) => ({ greetings: [item(id)], pad: 'x'.repeat(70 * 1024) }), 413],
  ];
  for (const [name, body, status] of cases) {
    it(`${name} → ${status}`, async () => {
      const { ticket, host } = await setup();
      const res = await host.post('/greetings', body(ticket.id));
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        status === 413 ? 'payload_too_large' : 'invalid_input',
      );
      expect(await greetingRows(c)).toBe(0);
    });
  }

  it('a body that is not JSON → 400', async () => {
    const { host } = await setup();
    expect((await host.postRaw('/greetings', '{"greetings": [')).status).toBe(400);
    expect(await greetingRows(c)).toBe(0);
  });

  it('without a device token, or with a revoked one → 401, nothing written', async () => {
    const { ticket, host } = await setup();
    const body = JSON.stringify({ greetings: [item(ticket.id)] });
    const anonymous = await c.request('/api/devices/greetings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(anonymous.status).toBe(401);
    expect((await phoneClient(c, 'not-a-token-not-a-token').postRaw('/greetings', body)).status).toBe(401);
    expect((await c.admin(`/devices/${host.id}/revoke`, 'POST')).status).toBe(200);
    expect((await host.postRaw('/greetings', body)).status).toBe(401);
    expect(await greetingRows(c)).toBe(0);
  });

  it('200 greetings in one batch are fine: one counts, the rest are second greetings', async () => {
    const { ticket, host } = await setup();
    const res = await greet(
      c,
      host,
      Array.from({ length: 200 }, () => ({ ticketId: ticket.id })),
    );
    expect(res.results).toHaveLength(200);
    expect(res.results[0]!.result).toBe('not_checked_in');
    expect(res.results.filter((r) => r.result === 'already_greeted')).toHaveLength(199);
    expect(await greetingRows(c)).toBe(200);
  });
});
