import { describe, expect, it } from 'vitest';
import { BurstDetector, MAX_GAP_MS, MIN_LENGTH } from '../../web/host/wedge';

const CODE = 'YZ7K2M9QAB3C0DEF1GHJZYXW';

/** Types `text` into the detector, a key every `gap` ms from `start`, then Enter after `enterGap`; returns its answer. */
function type(d: BurstDetector, text: string, gap: number, { start = 1000, enterGap = gap } = {}) {
  let t = start;
  for (const ch of text) {
    expect(d.key(ch, t)).toBeNull();
    t += gap;
  }
  return d.key('Enter', t - gap + enterGap);
}

describe('hardware scanner bursts (web/host/wedge.ts)', () => {
  it('takes a fast run of at least the code length, ended by Enter', () => {
    expect(type(new BurstDetector(), CODE, 5)).toBe(CODE);
    expect(type(new BurstDetector(), CODE, MAX_GAP_MS)).toBe(CODE);
  });

  it('refuses a person typing: any gap above the threshold', () => {
    expect(type(new BurstDetector(), CODE, 80)).toBeNull();
    expect(type(new BurstDetector(), CODE, MAX_GAP_MS + 1)).toBeNull();
    expect(type(new BurstDetector(), CODE, 5, { enterGap: MAX_GAP_MS + 1 })).toBeNull();
  });

  it('refuses a fast run shorter than a code', () => {
    expect(type(new BurstDetector(), CODE.slice(0, MIN_LENGTH - 1), 5)).toBeNull();
    expect(type(new BurstDetector(), CODE.slice(0, MIN_LENGTH), 5)).toBe(CODE.slice(0, MIN_LENGTH));
  });

  it('starts over after a pause: slow keys before a burst are not part of it', () => {
    const d = new BurstDetector();
    d.key('e', 0);
    d.key('r', 200);
    expect(type(d, CODE, 5, { start: 600 })).toBe(CODE);
    // and one slow key in the middle splits it into two runs, both too short
    const e = new BurstDetector();
    type(e, CODE.slice(0, 10), 5, { start: 0, enterGap: 0 });
    expect(e.key('Enter', 200)).toBeNull();
  });

  it('lets Shift between characters pass, and is reset by any other special key', () => {
    const d = new BurstDetector();
    let t = 0;
    for (const ch of CODE) {
      d.key('Shift', t);
      d.key(ch, t + 2);
      t += 6;
    }
    expect(d.key('Enter', t)).toBe(CODE);
    const e = new BurstDetector();
    for (const [i, ch] of [...CODE].entries()) e.key(i === 12 ? 'Backspace' : ch, i * 5);
    expect(e.key('Enter', CODE.length * 5)).toBeNull();
  });

  it('a second burst right after the first is its own scan', () => {
    const d = new BurstDetector();
    expect(type(d, CODE, 5, { start: 0 })).toBe(CODE);
    expect(type(d, CODE, 5, { start: 200 })).toBe(CODE);
  });

  it('marks the first key of each burst', () => {
    const d = new BurstDetector();
    d.key('A', 0);
    expect(d.began).toBe(true);
    d.key('B', 5);
    expect(d.began).toBe(false);
    d.key('C', 500);
    expect(d.began).toBe(true);
  });
});
