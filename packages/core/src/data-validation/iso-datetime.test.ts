import { describe, expect, it } from 'vitest';
import { parseIsoDatetime } from './iso-datetime.js';

describe('parseIsoDatetime', () => {
  it('reads dates and date-times as UTC instants', () => {
    // Reference instants from the Unix epoch arithmetic: 2024-05-01 is day 19844 since 1970-01-01.
    expect(parseIsoDatetime('1970-01-01')).toBe(0);
    expect(parseIsoDatetime('2024-05-01')).toBe(19_844 * 86_400_000);
    expect(parseIsoDatetime('2024-05-01T12:30')).toBe(19_844 * 86_400_000 + 45_000_000);
    expect(parseIsoDatetime('2024-05-01 12:30:15')).toBe(19_844 * 86_400_000 + 45_015_000);
    expect(parseIsoDatetime('2024-05-01T12:30:15.250Z')).toBe(19_844 * 86_400_000 + 45_015_250);
  });

  it('applies zone offsets', () => {
    const utc = parseIsoDatetime('2024-05-01T10:00:00Z');
    expect(parseIsoDatetime('2024-05-01T12:00:00+02:00')).toBe(utc);
    expect(parseIsoDatetime('2024-05-01T05:30:00-0430')).toBe(utc);
    expect(parseIsoDatetime('2024-05-01T11:00:00+01')).toBe(utc);
  });

  it('handles leap years and years before 100', () => {
    expect(parseIsoDatetime('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoDatetime('2023-02-29')).toBeNaN();
    expect(parseIsoDatetime('1900-02-29')).toBeNaN();
    expect(parseIsoDatetime('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    // -62135596800000 ms is 0001-01-01T00:00:00Z (proleptic Gregorian).
    expect(parseIsoDatetime('0001-01-01')).toBe(-62_135_596_800_000);
  });

  it('rejects text that is not ISO 8601', () => {
    for (const text of [
      '',
      '2024',
      '2024-5-1',
      '2024-13-01',
      '2024-04-31',
      '2024-05-01T25:00',
      '2024-05-01T12:60',
      '2024-05-01T12',
      '2024-05-01T12:00:00.',
      '2024-05-01T12:00:00+2',
      '2024-05-01x',
      '01/05/2024',
      'abc',
    ]) {
      expect(parseIsoDatetime(text), text).toBeNaN();
    }
  });
});
