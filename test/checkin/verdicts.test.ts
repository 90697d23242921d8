import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanAnswer } from '../../src/shared/wire';
import { type VerdictWorld, verdictWorld } from '../fixtures/play-verdicts';
import { VERDICT_CASES } from '../fixtures/verdict-cases';
import { nonce } from './setup';

/**
 * The server's check-in verdict (SQL, src/checkin/scans.ts) on the shared cases, through the device API on a
 * real libSQL file: a scan alone (answered from the INSERT's RETURNING) and inside a batch (read back).
 * The phone's model is tested on the same cases in test/host/verdicts.test.ts.
 */
let w: VerdictWorld;
beforeAll(async () => {
  w = await verdictWorld();
});
afterAll(() => w?.c.close());

describe('check-in verdicts on the server, case by case', () => {
  it.each(VERDICT_CASES)('$name → $expect', async (k) => {
    const alone = await w.prepareScans(k);
    const single = await w.post<ScanAnswer>('me', '/scans', { scans: [w.scanItem(k.scan.kind, k.scan.by, alone)] });
    expect(single.results.map((r) => r.result)).toEqual([k.expect]);

    const inBatch = await w.prepareScans(k);
    const filler = { nonce: nonce(), kind: 'entry', qr: 'ZZZZZZZZZZZZZZZZZZZZZZZZ', deviceTime: 1 };
    const batch = await w.post<ScanAnswer>('me', '/scans', {
      scans: [filler, w.scanItem(k.scan.kind, k.scan.by, inBatch)],
    });
    expect(batch.results.map((r) => r.result)).toEqual(['unknown', k.expect]);
  });
});
