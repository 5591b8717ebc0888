import { describe, expect, it } from 'vitest';
import { latestPerKey, supersedes } from './run-latest-metrics.js';

const m = (key: string, value: number, step: number, timestamp: number) => ({
  key,
  value,
  step,
  timestamp,
});

describe('supersedes', () => {
  it('prefers the larger step, then timestamp, then value', () => {
    expect(supersedes(m('k', 0, 2, 0), m('k', 9, 1, 9))).toBe(true);
    expect(supersedes(m('k', 0, 1, 5), m('k', 9, 1, 4))).toBe(true);
    expect(supersedes(m('k', 2, 1, 5), m('k', 1, 1, 5))).toBe(true);
    expect(supersedes(m('k', 1, 1, 5), m('k', 1, 1, 5))).toBe(false);
    expect(supersedes(m('k', 9, 0, 9), m('k', 0, 1, 0))).toBe(false);
  });

  it('counts NaN as larger than any number, Infinity included', () => {
    expect(supersedes(m('k', NaN, 0, 0), m('k', Infinity, 0, 0))).toBe(true);
    expect(supersedes(m('k', Infinity, 0, 0), m('k', NaN, 0, 0))).toBe(false);
    expect(supersedes(m('k', NaN, 0, 0), m('k', NaN, 0, 0))).toBe(false);
  });
});

describe('latestPerKey', () => {
  it('keeps one winner per key, sorted by key', () => {
    const batch = [
      m('b', 1, 0, 0),
      m('a', 5, 3, 0),
      m('b', 2, 0, 1),
      m('a', 7, 2, 100),
      m('b', 0, 0, 1),
    ];
    expect(latestPerKey(batch)).toEqual([m('a', 5, 3, 0), m('b', 2, 0, 1)]);
  });
});
