import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { tickets } from '../../src/db/schema';
import { sha256Hex } from '../../src/lib/crypto';
import { CASE_SECRET, CODE_CASES } from '../fixtures/code-cases';
import { createDinner } from '../helpers';
import { type CheckinApp, makeCheckinApp, nonce, pairPhone, sellTicket } from './setup';

let c: CheckinApp;
afterEach(() => c?.close());

/**
 * The server's side of the shared code cases (the phone's: test/host/ticket-code.test.ts): a code the
 * phone's roster does not know is sent as typed, and the server reads it by the same rule, at the door
 * (POST /api/devices/scans) and in greet mode's lookup.
 */
describe('ticket codes as a scanner or a person types them (server)', () => {
  it('answers every case as the phone does', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const sold = await sellTicket(c, 0);
    // The ticket's code is the cases' one (a sold code is random: it may hold no Y or Z).
    await c.deps.db
      .update(tickets)
      .set({ qrSecret: CASE_SECRET, qrHash: await sha256Hex(CASE_SECRET) })
      .where(eq(tickets.id, sold.id));
    const door = await pairPhone(c, event.id, 'Door');
    for (const k of CODE_CASES) {
      const res = await door.post('/scans', { scans: [{ nonce: nonce(), kind: 'entry', qr: k.typed, deviceTime: 1 }] });
      if (k.matches === null) {
        expect(res.status, k.name).toBe(400);
        continue;
      }
      expect(res.status, k.name).toBe(200);
      const { results } = (await res.json()) as { results: { result: string; ticketId?: string }[] };
      // The first match checks in, every later one finds the check-in.
      if (k.matches) expect(['ok', 'already_checked_in'], k.name).toContain(results[0]!.result);
      else expect(results[0]!.result, k.name).toBe('unknown');
      const lookup = await door.post('/greetings/lookup', { qr: k.typed });
      expect(((await lookup.json()) as { result: string }).result, k.name).toBe(k.matches ? 'ok' : 'unknown');
    }
  });
});
