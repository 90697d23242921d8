import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GreetingAnswer } from '../../src/shared/wire';
import { GREETING_CASES } from '../fixtures/greeting-cases';
import { type VerdictWorld, verdictWorld } from '../fixtures/play-verdicts';

/**
 * The server's greeting verdict (src/greetings/record.ts) on the shared cases, through the device API on
 * a real libSQL file, alone and inside a batch. The phone's model is tested on the same cases in
 * test/host/verdicts.test.ts.
 */
let w: VerdictWorld;
beforeAll(async () => {
  w = await verdictWorld();
});
afterAll(() => w?.c.close());

describe('greeting verdicts on the server, case by case', () => {
  it.each(GREETING_CASES)('$name → $expect', async (k) => {
    const alone = await w.prepareGreetings(k);
    const single = await w.post<GreetingAnswer>('me', '/greetings', {
      greetings: [w.greetingItem(k.greeting, alone, alone.badge)],
    });
    expect(single.results.map((r) => r.result)).toEqual([k.expect]);

    const inBatch = await w.prepareGreetings(k);
    const filler = w.greetingItem('greet', { id: 'nosuchticketfill', qr: '' });
    const batch = await w.post<GreetingAnswer>('me', '/greetings', {
      greetings: [filler, w.greetingItem(k.greeting, inBatch, inBatch.badge)],
    });
    expect(batch.results.map((r) => r.result)).toEqual(['unknown', k.expect]);
  });
});
