import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterAnswer } from '../../src/shared/wire';
import { Greetings } from '../../web/host/greet-model';
import { Roster } from '../../web/host/model';
import { sha256Hex } from '../../web/host/util';
import { nonce } from '../checkin/setup';
import { GREETING_CASES } from '../fixtures/greeting-cases';
import { type CaseTicket, pendingSplits, type VerdictWorld, verdictWorld } from '../fixtures/play-verdicts';
import { VERDICT_CASES } from '../fixtures/verdict-cases';

/**
 * The phone's verdicts (web/host/model.ts, greet-model.ts) on the cases the server is tested on
 * (test/checkin/verdicts.test.ts, test/greetings/verdicts.test.ts). The phone judges with the roster the
 * real server hands it, and with every tail of this phone's own records still in its outbox instead of
 * on the server (the state it shows is "server state + pending records"): each way, the same verdict.
 */
let w: VerdictWorld;
beforeAll(async () => {
  w = await verdictWorld();
});
afterAll(() => w?.c.close());

/** The phone "Me" with the roster the server gives it now. */
async function phoneRoster() {
  const res = await w.phones.me.get('/roster');
  const answer = (await res.json()) as RosterAnswer;
  const roster = new Roster('Me', w.phones.me.id);
  roster.merge(answer.tickets, true);
  return roster;
}

const find = async (roster: Roster, by: 'qr' | 'id', t: CaseTicket) =>
  by === 'qr' ? roster.byQrHash(await sha256Hex(t.qr)) : roster.get(t.id);

describe('check-in verdicts on the phone, case by case', () => {
  it.each(VERDICT_CASES)('$name → $expect', async (k) => {
    for (const upTo of pendingSplits(k)) {
      const t = await w.prepareScans(k, upTo);
      const roster = await phoneRoster();
      for (const s of k.before.slice(upTo))
        roster.enqueue({ nonce: nonce(), kind: s.kind, ticketId: t.id, deviceTime: Date.now() });
      const verdict = roster.verdict(k.scan.kind, await find(roster, k.scan.by, t));
      expect(verdict, `with the last ${k.before.length - upTo} scans pending on the phone`).toBe(k.phone ?? k.expect);
    }
  });
});

describe('greeting verdicts on the phone, case by case', () => {
  it.each(GREETING_CASES)('$name → $expect', async (k) => {
    for (const upTo of pendingSplits(k)) {
      const t = await w.prepareGreetings(k, upTo);
      const roster = await phoneRoster();
      const greetings = new Greetings(roster, 'Me');
      for (const g of k.before.slice(upTo))
        greetings.add({ nonce: nonce(), kind: g.kind, ticketId: t.id, deviceTime: Date.now() });
      // by badge as greet-scan.ts judges it: the guest whose live code it is, by the code's hash
      const verdict = k.badge
        ? greetings.badgeVerdict(roster.byBadgeHash(await sha256Hex(t.badge!)))
        : greetings.verdict(k.greeting, roster.get(t.id));
      expect(verdict, `with the last ${k.before.length - upTo} greetings pending on the phone`).toBe(
        k.phone ?? k.expect,
      );
    }
  });
});
