import { describe, expect, it } from 'vitest';
import { categoricalDistribution, numericalDistribution } from './column-distribution.js';

describe('numericalDistribution', () => {
  it('bins both sides over their common finite range, the last bin closed', () => {
    const d = numericalDistribution(
      Float64Array.from([0, 1, 2, 3, NaN]),
      Float64Array.from([3, 4, Infinity]),
      4,
    );
    expect(d.edges).toEqual([0, 1, 2, 3, 4]);
    expect(d.labels).toEqual(['[0, 1)', '[1, 2)', '[2, 3)', '[3, 4]']);
    expect(d.reference).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(d.current).toEqual([0, 0, 0, 1]);
  });

  it('gives one bin when every value is the same, and nothing without values', () => {
    expect(
      numericalDistribution(Float64Array.from([5, 5]), Float64Array.from([5])).reference,
    ).toEqual([1]);
    expect(numericalDistribution(new Float64Array(0), Float64Array.from([NaN])).labels).toEqual([]);
  });
});

describe('categoricalDistribution', () => {
  it('keeps the most common categories of both sides and folds the rest into (other)', () => {
    const d = categoricalDistribution(['a', 'a', 'b', 'c', null], ['b', 'b', 'd', 'a'], 2);
    // combined shares: a 0.5+0.25, b 0.25+0.5, c 0.25, d 0.25 -> a and b tie, then by name.
    expect(d.labels).toEqual(['a', 'b', '(other)']);
    expect(d.reference).toEqual([0.5, 0.25, 0.25]);
    expect(d.current).toEqual([0.25, 0.5, 0.25]);
  });
});
