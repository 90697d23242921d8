import { describe, expect, it } from 'vitest';
import {
  emptyEventForm,
  eventToForm,
  formatPriceInput,
  parseEventForm,
  parsePriceCents,
  pickEventForm,
} from '../../src/admin/event-form';
import type { Event } from '../../src/events/service';
import { eventForm } from './session';

describe('parsePriceCents', () => {
  it.each([
    ['49,90', 4990],
    ['49.90', 4990],
    ['49.9', 4990],
    ['49', 4900],
    ['19.99', 1999],
    ['0,29', 29],
    ['1 000,10', 100010],
    [' 50 ', 5000],
  ])('%s → %i cents, exactly', (text, cents) => {
    expect(parsePriceCents(text)).toBe(cents);
  });

  it.each(['', 'abc', '49,999', '-5', '1e3', '49,', '4.9.0', '0x10'])('%s → null', (text) => {
    expect(parsePriceCents(text)).toBeNull();
  });

  it('prints cents back with the language’s decimal mark', () => {
    expect(formatPriceInput(4990, 'de')).toBe('49,90');
    expect(formatPriceInput(5, 'en')).toBe('0.05');
  });
});

describe('parseEventForm', () => {
  it('converts local times in the chosen zone across DST', () => {
    const summer = parseEventForm(
      pickEventForm(eventForm({ startsAt: '2026-07-01T19:00', endsAt: '2026-07-01T23:00' })),
    );
    expect(summer.ok && summer.input.startsAt).toBe('2026-07-01T17:00:00.000Z');
    const ny = parseEventForm(
      pickEventForm(eventForm({ timezone: 'America/New_York', salesCloseAt: '2026-12-03T12:00' })),
    );
    expect(ny.ok && ny.input.startsAt).toBe('2026-12-04T00:00:00.000Z');
    expect(ny.ok && ny.input.salesCloseAt).toBe('2026-12-03T17:00:00.000Z');
  });

  it.each(['2026-02-31T19:00', '2026-13-01T19:00', '2026-12-03T25:00', '3.12.2026 19:00'])(
    'refuses the date %s',
    (startsAt) => {
      const result = parseEventForm(pickEventForm(eventForm({ startsAt })));
      expect(result.ok === false && result.errors.startsAt?.code).toBe('datetime');
    },
  );

  it.each([
    ['a start', { startsAt: '2026-03-29T02:30', endsAt: '2026-03-29T05:00' }, 'startsAt'],
    ['an end', { startsAt: '2026-03-28T20:00', endsAt: '2026-03-29T02:00' }, 'endsAt'],
    [
      'a sales close',
      { startsAt: '2026-03-29T19:00', endsAt: '2026-03-29T23:00', salesCloseAt: '2026-03-29T02:59' },
      'salesCloseAt',
    ],
  ])('refuses %s the zone skips (02:00–03:00 on 29 March 2026 in Berlin), never shifts it', (_n, times, field) => {
    const result = parseEventForm(pickEventForm(eventForm(times)));
    expect(result.ok === false && result.errors[field]?.code).toBe('timeSkipped');
    // the same wall clock a minute before and at the end of the gap is fine
    expect(parseEventForm(pickEventForm(eventForm({ ...times, [field]: '2026-03-29T01:59' }))).ok).toBe(true);
    const ny = parseEventForm(pickEventForm(eventForm({ timezone: 'America/New_York', startsAt: '2026-03-08T02:30' })));
    expect(ny.ok === false && ny.errors.startsAt?.code).toBe('timeSkipped');
  });

  it('reads a time the zone shows twice (the autumn hour) as the first, summer-time one', () => {
    const berlin = parseEventForm(
      pickEventForm(eventForm({ startsAt: '2026-10-25T02:30', endsAt: '2026-10-25T05:00' })),
    );
    expect(berlin.ok && berlin.input.startsAt).toBe('2026-10-25T00:30:00.000Z');
    const ny = parseEventForm(
      pickEventForm(
        eventForm({ timezone: 'America/New_York', startsAt: '2026-11-01T01:30', endsAt: '2026-11-01T05:00' }),
      ),
    );
    expect(ny.ok && ny.input.startsAt).toBe('2026-11-01T05:30:00.000Z');
  });

  it('reports every bad field at once', () => {
    const result = parseEventForm({ ...emptyEventForm() });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const f of ['slug', 'title', 'venue', 'startsAt', 'endsAt', 'price', 'capacity'])
      expect(result.errors[f]?.code).toBe('required');
  });

  it('round-trips a stored event through the edit form', () => {
    const parsed = parseEventForm(pickEventForm(eventForm({ salesCloseAt: '2026-12-03T12:00' })));
    if (!parsed.ok) throw new Error('valid form refused');
    const i = parsed.input;
    const stored = {
      ...i,
      id: 'e1',
      startsAt: Date.parse(i.startsAt),
      endsAt: Date.parse(i.endsAt),
      salesCloseAt: Date.parse(i.salesCloseAt!),
      salesOpenAt: null,
      transferUntil: Date.parse(i.transferUntil!),
      cancelUntilDays: null,
      cancelRefundPercent: null,
      createdAt: 0,
      updatedAt: 0,
    } as Event;
    const back = eventToForm(stored, 'de');
    expect(back).toMatchObject({
      startsAt: '2026-12-03T19:00',
      salesCloseAt: '2026-12-03T12:00',
      price: '49,90',
      transfer: 'start',
      cancellation: 'no',
      offerHours: '12',
    });
  });
});
