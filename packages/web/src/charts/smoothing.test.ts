import { describe, expect, it } from 'vitest';
import { smoothEma } from './smoothing.js';

describe('smoothEma', () => {
  it('leaves the values alone with weight 0', () => {
    expect(smoothEma([1, 5, 2], 0)).toEqual([1, 5, 2]);
  });

  it('is debiased: the first point keeps its value, the next ones average', () => {
    const [a, b, c] = smoothEma([1, 2, 3], 0.5);
    expect(a).toBe(1);
    // (0.5 * 0.5 * 1 + 0.5 * 2) / (1 - 0.25) = 1.25 / 0.75
    expect(b).toBeCloseTo(5 / 3, 12);
    // (0.5 * 1.25 + 0.5 * 3) / (1 - 0.125) = 2.125 / 0.875
    expect(c).toBeCloseTo(2.125 / 0.875, 12);
  });

  it('passes non-finite values through and keeps constant series exact', () => {
    const smoothed = smoothEma([1, Number.NaN, 3], 0.5);
    expect(smoothed[0]).toBe(1);
    expect(smoothed[1]).toBeNaN();
    expect(smoothed[2]).toBeCloseTo((0.5 * 0.5 + 0.5 * 3) / 0.75, 12);
    expect(smoothEma([0.1, 0.1, 0.1], 0.9)).toEqual([0.1, 0.1, 0.1]);
  });
});
