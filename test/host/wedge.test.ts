import { describe, expect, it } from 'vitest';
import { BurstDetector, MAX_GAP_MS, MIN_LENGTH, PAUSE_MS } from '../../web/host/wedge';

const CODE = 'YZ7K2M9QAB3C0DEF1GHJZYXW';

/** Types `text` into the detector with the given gaps before each key after the first, then Enter; returns its answer. */
function typeWith(d: BurstDetector, text: string, gapAt: (i: number) => number, { start = 1000, enterGap = 5 } = {}) {
  let t = start;
  for (const [i, ch] of [...text].entries()) {
    if (i > 0) t += gapAt(i);
    expect(d.key(ch, t)).toBeNull();
  }
  return d.key('Enter', t + enterGap);
}
const type = (d: BurstDetector, text: string, gap: number, o: { start?: number; enterGap?: number } = {}) =>
  typeWith(d, text, () => gap, { enterGap: gap, ...o });

describe('hardware scanner bursts (web/host/wedge.ts)', () => {
  it('takes a fast run of at least the code length, ended by Enter', () => {
    expect(type(new BurstDetector(), CODE, 5)).toBe(CODE);
    expect(type(new BurstDetector(), CODE, MAX_GAP_MS)).toBe(CODE);
  });

  it('refuses a person typing: more than a third of the gaps above the threshold', () => {
    expect(type(new BurstDetector(), CODE, 80)).toBeNull();
    expect(type(new BurstDetector(), CODE, MAX_GAP_MS + 1)).toBeNull();
    // a fast typist with fast pairs of keys, and slow ones between
    expect(typeWith(new BurstDetector(), CODE, (i) => (i % 2 ? 20 : 120))).toBeNull();
    // Enter after a pause is a person's
    expect(type(new BurstDetector(), CODE, 5, { enterGap: PAUSE_MS + 1 })).toBeNull();
  });

  it('keeps a scan whose keys a Bluetooth link or a busy phone held back now and then', () => {
    const late = new Set([1, 6, 13, 20]);
    expect(typeWith(new BurstDetector(), CODE, (i) => (late.has(i) ? 280 : 10))).toBe(CODE);
    // but not when most keys are late
    expect(typeWith(new BurstDetector(), CODE, (i) => (i % 3 ? 90 : 10))).toBeNull();
  });

  it('refuses a fast run shorter than a code', () => {
    expect(type(new BurstDetector(), CODE.slice(0, MIN_LENGTH - 1), 5)).toBeNull();
    expect(type(new BurstDetector(), CODE.slice(0, MIN_LENGTH), 5)).toBe(CODE.slice(0, MIN_LENGTH));
  });

  it('starts over after a pause: keys before it are not part of the scan', () => {
    const d = new BurstDetector();
    d.key('e', 0);
    d.key('r', 200);
    expect(type(d, CODE, 5, { start: 200 + PAUSE_MS + 1 })).toBe(CODE);
  });

  it('lets Shift between characters pass; any other special key, or a key held down, ends the run', () => {
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
    const held = new BurstDetector();
    for (let i = 0; i < 30; i++) held.key('a', i * 30, i > 0);
    expect(held.key('Enter', 900)).toBeNull();
  });

  it('a second burst right after the first is its own scan', () => {
    const d = new BurstDetector();
    expect(type(d, CODE, 5, { start: 0 })).toBe(CODE);
    expect(type(d, CODE, 5, { start: 200 })).toBe(CODE);
  });

  it('marks the first key of each run', () => {
    const d = new BurstDetector();
    d.key('A', 0);
    expect(d.began).toBe(true);
    d.key('B', 5);
    expect(d.began).toBe(false);
    d.key('C', 5 + PAUSE_MS + 1);
    expect(d.began).toBe(true);
  });
});
