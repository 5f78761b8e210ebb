import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  chinaDate,
  dayNumber,
  daysInMonth,
  formatIsoDate,
  isIsoDate,
  isoDateFromDayNumber,
  isRealDate,
  parseIsoMonth,
} from './calendar.ts';

describe('calendar', () => {
  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [1900, 2, 28], // divisible by 100, not by 400
    [2000, 2, 29], // divisible by 400
    [2024, 4, 30],
    [2024, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
    expect(isRealDate(year, month, days)).toBe(true);
    expect(isRealDate(year, month, days + 1)).toBe(false);
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-2-29', false],
    ['2024-00-10', false],
    ['20240229', false],
  ])('isIsoDate(%s) → %s', (text, valid) => {
    expect(isIsoDate(text)).toBe(valid);
  });

  it('reads year-months', () => {
    expect(parseIsoMonth('2024-03')).toEqual({ year: 2024, month: 3 });
    expect(parseIsoMonth('2024-13')).toBeUndefined();
    expect(parseIsoMonth('2024-3')).toBeUndefined();
  });

  it.each([
    ['2024-06-09T15:59:59.999Z', '2024-06-09'],
    ['2024-06-09T16:00:00.000Z', '2024-06-10'], // midnight in Beijing
  ])('chinaDate(%s) → %s', (instant, date) => {
    expect(chinaDate(new Date(instant))).toBe(date);
  });

  it('day numbers round-trip and count days (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (days) => {
        const iso = isoDateFromDayNumber(days);
        const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
        expect(dayNumber(year, month, day)).toBe(days);
        expect(formatIsoDate(year, month, day)).toBe(iso);
      }),
    );
    expect(dayNumber(1970, 1, 1)).toBe(0);
    expect(dayNumber(1900, 3, 1) - dayNumber(1900, 2, 28)).toBe(1);
  });
});
