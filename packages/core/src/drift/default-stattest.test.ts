import { describe, expect, it } from 'vitest';
import { defaultStatTest } from './default-stattest.js';
import { categoricalSample, numericalSample } from './sample.js';
import type { DriftSample } from './sample.js';

/** A numerical sample of `rows` values cycling through `distinct` values. */
function numeric(rows: number, distinct: number, offset = 0): DriftSample {
  return numericalSample(
    Float64Array.from({ length: rows }, (_, i) => (i % distinct) + offset).sort(),
  );
}
function categorical(rows: number, distinct: number): DriftSample {
  const counts = new Map<string, number>();
  for (let i = 0; i < rows; i++)
    counts.set(`c${i % distinct}`, (counts.get(`c${i % distinct}`) ?? 0) + 1);
  return categoricalSample(counts);
}

describe("defaultStatTest (Evidently's _get_default_stattest)", () => {
  it.each([
    [1000, 2, 'z'],
    [1000, 3, 'chisquare'],
    [1000, 5, 'chisquare'],
    [1000, 6, 'ks'],
    [1001, 2, 'jensenshannon'],
    [1001, 5, 'jensenshannon'],
    [1001, 6, 'wasserstein'],
  ])('numerical, %i reference rows, %i distinct values: %s', (rows, distinct, expected) => {
    expect(defaultStatTest('numerical', numeric(rows, distinct), numeric(50, distinct))).toBe(
      expected,
    );
  });

  it.each([
    [1000, 2, 'z'],
    [1000, 3, 'chisquare'],
    [1001, 2, 'jensenshannon'],
    [1001, 30, 'jensenshannon'],
  ])('categorical, %i reference rows, %i distinct values: %s', (rows, distinct, expected) => {
    expect(
      defaultStatTest('categorical', categorical(rows, distinct), categorical(40, distinct)),
    ).toBe(expected);
  });

  it('counts distinct values over reference and current together', () => {
    // 3 values in reference, 3 others in current: 6 together.
    expect(defaultStatTest('numerical', numeric(100, 3), numeric(100, 3, 10))).toBe('ks');
    expect(defaultStatTest('categorical', categorical(100, 1), categorical(100, 2))).toBe('z');
  });
});
