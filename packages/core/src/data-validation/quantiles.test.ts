import { describe, expect, it } from 'vitest';
import { NUMPY_STATISTICS as reference } from '../../test/fixtures/data-validation-reference/numpy-statistics.js';
import { mean, sampleStdev } from './moments.js';
import { QUANTILE_METHODS, medianOfSorted, quantileOfSorted, sortedCopy } from './quantiles.js';

// numpy's values, from test/fixtures/data-validation-reference/generate.py.
describe('statistics against numpy', () => {
  for (const [name, data] of Object.entries(reference.datasets)) {
    const values = Float64Array.from(data.values);
    const sorted = sortedCopy(values);

    it(`${name}: mean, sample stdev and median`, () => {
      expect(mean(values)).toBeCloseTo(data.mean, 9);
      expect(sampleStdev(values) / data.stdev).toBeCloseTo(1, 12);
      expect(medianOfSorted(sorted)).toBe(data.median);
    });

    it(`${name}: quantiles by every interpolation`, () => {
      for (const method of QUANTILE_METHODS) {
        const expected = data.quantiles[method] ?? [];
        reference.quantiles.forEach((q, i) => {
          const got = quantileOfSorted(sorted, (q * 100) / 100, method);
          const want = expected[i] ?? Number.NaN;
          expect(Math.abs(got - want), `${method} q=${q}`).toBeLessThanOrEqual(
            Math.abs(want) * 1e-15,
          );
        });
      }
    });
  }

  it('are NaN without values (and stdev with one value)', () => {
    const empty = new Float64Array(0);
    expect(mean(empty)).toBeNaN();
    expect(medianOfSorted(empty)).toBeNaN();
    expect(quantileOfSorted(empty, 0.5, 'linear')).toBeNaN();
    expect(sampleStdev(Float64Array.of(3))).toBeNaN();
  });

  it('nearest rounds the index half to even, as numpy', () => {
    // (n - 1) * q = 1.5 -> index 2; 0.5 -> index 0; 2.5 -> index 2.
    expect(quantileOfSorted(Float64Array.of(10, 20, 30, 40), 0.5, 'nearest')).toBe(30);
    expect(quantileOfSorted(Float64Array.of(10, 20), 0.5, 'nearest')).toBe(10);
    expect(quantileOfSorted(Float64Array.of(10, 20, 30, 40, 50, 60), 0.5, 'nearest')).toBe(30);
  });
});
