import { describe, expect, it } from 'vitest';
import { sampledStepPositions } from './metric-step-sampling.js';

describe('sampledStepPositions', () => {
  it('keeps every step when there are no more than maxResults', () => {
    expect(sampledStepPositions(0, 5)).toBeUndefined();
    expect(sampledStepPositions(5, 5)).toBeUndefined();
  });

  it('takes int(i * count / maxResults) for each i, then the last position', () => {
    // count 6, max 2: interval 3 -> positions 0 and 3, plus 5.
    expect(sampledStepPositions(6, 2)).toEqual([0, 3, 5]);
    // count 10, max 3: interval 3.33 -> 0, 3, 6 (6.67 truncated), plus 9.
    expect(sampledStepPositions(10, 3)).toEqual([0, 3, 6, 9]);
  });

  it('returns maxResults + 1 positions for a long history, as MLflow does', () => {
    const positions = sampledStepPositions(100_000, 1000) ?? [];
    expect(positions).toHaveLength(1001);
    expect(positions.slice(0, 3)).toEqual([0, 100, 200]);
    expect(positions.slice(-2)).toEqual([99_900, 99_999]);
  });

  it('rounds as Python floats do, not as exact fractions', () => {
    // 122 / 14 = 8.714285714285714 in doubles; 7 * that is 60.99999999999999, so Python's
    // int() gives 60 where the exact 7 * 122 / 14 = 61.
    const positions = sampledStepPositions(122, 14) ?? [];
    expect(positions[7]).toBe(60);
    expect(positions).toEqual([0, 8, 17, 26, 34, 43, 52, 60, 69, 78, 87, 95, 104, 113, 121]);
  });
});
