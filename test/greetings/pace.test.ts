import { describe, expect, it } from 'vitest';
import { pace, rosterPace } from '../../src/greetings/pace';

const T = Date.parse('2026-12-03T19:30:00Z');
const S = 1000;

describe('pace', () => {
  it('before the first greeting: 0 / N, nothing measured yet', () => {
    expect(pace({ greetedAt: [], checkedIn: 92, now: T })).toEqual({
      greeted: 0,
      total: 92,
      remaining: 92,
      firstAt: null,
      lastAt: null,
      elapsedSeconds: 0,
      durationSeconds: null,
      secondsPerGuest: null,
      projectedFinishAt: null,
      done: false,
    });
  });

  it('one greeting starts the clock but gives no rate yet', () => {
    const p = pace({ greetedAt: [T], checkedIn: 10, now: T + 30 * S });
    expect(p).toMatchObject({ greeted: 1, remaining: 9, elapsedSeconds: 30, durationSeconds: 0 });
    expect(p.secondsPerGuest).toBeNull();
    expect(p.projectedFinishAt).toBeNull();
  });

  it('92 guests in about 8 minutes: ~5 s per guest, done, no projection', () => {
    const times = Array.from({ length: 92 }, (_, i) => T + i * 5.2 * S);
    const p = pace({ greetedAt: times.reverse(), checkedIn: 92, now: T + 10 * 60 * S });
    expect(p).toMatchObject({
      greeted: 92,
      total: 92,
      remaining: 0,
      firstAt: T,
      lastAt: T + 91 * 5.2 * S,
      durationSeconds: 473,
      secondsPerGuest: 5.2,
      elapsedSeconds: 600,
      projectedFinishAt: null,
      done: true,
    });
  });

  it('projects the finish from now at the measured rate, so a pause pushes it back', () => {
    const times = [T, T + 4 * S, T + 8 * S, T + 12 * S];
    expect(pace({ greetedAt: times, checkedIn: 10, now: T + 12 * S }).projectedFinishAt).toBe(T + 12 * S + 6 * 4 * S);
    expect(pace({ greetedAt: times, checkedIn: 10, now: T + 60 * S }).projectedFinishAt).toBe(T + 60 * S + 6 * 4 * S);
    // a phone clock behind the last greeting does not project into the past
    expect(pace({ greetedAt: times, checkedIn: 10, now: T }).projectedFinishAt).toBe(T + 12 * S + 24 * S);
  });

  it('a guest greeted before their check-in synced is present: N never drops below n', () => {
    expect(pace({ greetedAt: [T, T + S, T + 2 * S], checkedIn: 2, now: T + 3 * S })).toMatchObject({
      greeted: 3,
      total: 3,
      remaining: 0,
      done: true,
    });
  });

  it('nobody present is not "everyone greeted"', () => {
    expect(pace({ greetedAt: [], checkedIn: 0, now: T }).done).toBe(false);
  });
});

describe('rosterPace', () => {
  const ticket = (id: string, checkedInAt: number | null, greetedAt: number | null, status = 'valid') => ({
    id,
    status,
    checkedInAt,
    greetedAt,
  });

  it('lists who is missing in order of arrival, and ignores void tickets and no-shows', () => {
    const p = rosterPace(
      [
        ticket('late', T + 50 * S, null),
        ticket('early', T + 10 * S, null),
        ticket('greeted', T, T + 60 * S),
        ticket('greeted-before-scan', null, T + 70 * S),
        ticket('no-show', null, null),
        ticket('refunded', T, null, 'void'),
      ],
      T + 80 * S,
    );
    expect(p.missing.map((t) => t.id)).toEqual(['early', 'late']);
    expect(p).toMatchObject({ greeted: 2, total: 4, remaining: 2, secondsPerGuest: 10, done: false });
  });

  it('says plainly when everyone present is greeted', () => {
    const p = rosterPace([ticket('a', T, T + S), ticket('b', T, T + 6 * S), ticket('c', null, null)], T + 7 * S);
    expect(p).toMatchObject({ done: true, missing: [], greeted: 2, total: 2, secondsPerGuest: 5 });
  });
});
