import { describe, expect, it } from 'vitest';
import {
  filtersFromParams,
  fromLocalInput,
  pageSizeOf,
  paramsOfFilters,
  parseVersionOption,
  toLocalInput,
  versionOptionValue,
} from './prediction-filters.js';

describe('the prediction log filters in the URL', () => {
  it('reads model, version, an ISO time range and the page token', () => {
    const params = new URLSearchParams(
      'model=scorer&version=2&from=2026-12-07T10:00:00.000Z&to=2026-12-07T11:00:00.000Z&page=abc',
    );
    expect(filtersFromParams(params)).toEqual({
      model: 'scorer',
      version: '2',
      from: Date.UTC(2026, 11, 7, 10),
      to: Date.UTC(2026, 11, 7, 11),
      pageToken: 'abc',
    });
  });

  it('ignores empty and unreadable values', () => {
    expect(filtersFromParams(new URLSearchParams('version=&from=yesterday&to=-5'))).toEqual({
      model: undefined,
      version: undefined,
      from: undefined,
      to: undefined,
      pageToken: undefined,
    });
  });

  it('writes a new search as ISO times and drops the page token', () => {
    expect(
      paramsOfFilters({
        model: undefined,
        version: '1',
        from: Date.UTC(2026, 0, 2),
        to: undefined,
      }),
    ).toEqual({
      model: undefined,
      version: '1',
      from: '2026-01-02T00:00:00.000Z',
      to: undefined,
      page: undefined,
    });
  });

  it('round-trips an instant through a datetime-local value, to the second', () => {
    const instant = Date.UTC(2026, 11, 7, 10, 30, 15);
    expect(fromLocalInput(toLocalInput(instant))).toBe(instant);
    expect(toLocalInput(undefined)).toBe('');
    expect(fromLocalInput('')).toBeUndefined();
  });

  it('splits a version option at its last slash, since model names may hold slashes', () => {
    expect(parseVersionOption(versionOptionValue('team/scorer', '12'))).toEqual({
      model: 'team/scorer',
      version: '12',
    });
    expect(parseVersionOption('')).toEqual({});
  });

  it('takes a page size the page offers, 50 otherwise', () => {
    expect(pageSizeOf('25')).toBe(25);
    expect(pageSizeOf('7')).toBe(50);
    expect(pageSizeOf(null)).toBe(50);
  });
});
