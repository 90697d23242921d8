import { describe, expect, it } from 'vitest';
import { codeReadings, readTicketCode, swapYZ } from '../../src/shared/ticket-code';
import { findByCode, Roster, type Ticket } from '../../web/host/model';
import { sha256Hex } from '../../web/host/util';
import { CASE_SECRET, CODE_CASES } from '../fixtures/code-cases';

/** The phone's side of the shared code cases (the server's: test/checkin/code-folding.test.ts). */
describe('ticket codes as a scanner or a person types them (phone)', async () => {
  const roster = new Roster('Door');
  const ticket: Ticket = {
    id: 't1',
    qrHash: await sha256Hex(CASE_SECRET),
    name: 'Erika Mustermann',
    company: '',
    askMeAbout: '',
    status: 'valid',
    checkedInAt: null,
    checkedInBy: null,
  };
  roster.merge([ticket], true);

  for (const c of CODE_CASES)
    it(`${c.name}: ${c.matches === null ? 'not a code' : c.matches ? 'the ticket' : 'no ticket'}`, async () => {
      const read = readTicketCode(c.typed);
      if (c.matches === null) return expect(read).toBeNull();
      expect(read).not.toBeNull();
      const found = await findByCode(roster, read!);
      expect(found.t?.id).toBe(c.matches ? 't1' : undefined);
      if (c.matches) expect(found.code).toBe(CASE_SECRET);
    });

  it('tries the code as read first, then with Y and Z swapped; a code without them once', () => {
    expect(swapYZ('AYZYB')).toBe('AZYZB');
    expect(codeReadings('AYB')).toEqual(['AYB', 'AZB']);
    expect(codeReadings('AB01')).toEqual(['AB01']);
  });
});
