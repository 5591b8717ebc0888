import { describe, expect, it } from 'vitest';
import type { Column } from '../data/table.js';
import { parseSuite } from './parse-suite.js';
import { tableFromColumns } from './table-from-columns.js';
import { validate } from './validate.js';
import type { ExpectationValidationResult } from './validation-result.js';

function run(
  columns: Record<string, Column>,
  expectation_type: string,
  kwargs: Record<string, unknown>,
): ExpectationValidationResult {
  const suite = parseSuite({ name: 't', expectations: [{ expectation_type, kwargs }] });
  const result = validate(tableFromColumns(columns), suite).results[0];
  if (result === undefined) throw new Error('no result');
  return result;
}

// GE's documented example data and observed values (its expectation docstrings).
const data = { test: [1, 1.3, 0.8, 2], test2: [1, 7, 2.5, 3] };

describe('column statistics between bounds', () => {
  it('mean, as GE', () => {
    const pass = run(data, 'expect_column_mean_to_be_between', {
      column: 'test',
      min_value: 1,
      max_value: 3,
    });
    expect(pass.success).toBe(true);
    expect(pass.result.observed_value).toBeCloseTo(1.275, 12);
    const fail = run(data, 'expect_column_mean_to_be_between', {
      column: 'test2',
      min_value: 1,
      max_value: 3,
    });
    expect(fail.success).toBe(false);
    expect(fail.result.observed_value).toBe(3.375);
  });

  it('sample standard deviation (ddof 1), as GE', () => {
    const pass = run(data, 'expect_column_stdev_to_be_between', {
      column: 'test',
      min_value: 0.5,
      max_value: 0.6,
    });
    expect(pass.success).toBe(true);
    expect(pass.result.observed_value).toBeCloseTo(0.5251983752196243, 14);
    const fail = run(data, 'expect_column_stdev_to_be_between', {
      column: 'test2',
      min_value: 0.5,
      max_value: 0.6,
    });
    expect(fail.success).toBe(false);
    expect(fail.result.observed_value).toBeCloseTo(2.5617376914898995, 14);
  });

  it('median, as GE', () => {
    const pass = run(data, 'expect_column_median_to_be_between', {
      column: 'test',
      min_value: 1,
      max_value: 3,
    });
    expect(pass.result.observed_value).toBeCloseTo(1.15, 14);
    expect(pass.success).toBe(true);
    const fail = run(data, 'expect_column_median_to_be_between', {
      column: 'test2',
      min_value: 3,
      max_value: 5,
    });
    expect(fail.result.observed_value).toBe(2.75);
    expect(fail.success).toBe(false);
  });

  it('min and max with strict bounds, as GE', () => {
    const min = run(data, 'expect_column_min_to_be_between', {
      column: 'test',
      min_value: 0.5,
      max_value: 1,
    });
    expect(min).toMatchObject({ success: true, result: { observed_value: 0.8 } });
    const strictMin = run(data, 'expect_column_min_to_be_between', {
      column: 'test2',
      min_value: 1,
      max_value: 3,
      strict_min: true,
      strict_max: true,
    });
    expect(strictMin).toMatchObject({ success: false, result: { observed_value: 1 } });
    const max = run(data, 'expect_column_max_to_be_between', {
      column: 'test',
      min_value: 1,
      max_value: 3,
    });
    expect(max).toMatchObject({ success: true, result: { observed_value: 2 } });
    const strictMax = run(data, 'expect_column_max_to_be_between', {
      column: 'test2',
      min_value: 1,
      max_value: 7,
      strict_max: true,
    });
    expect(strictMax).toMatchObject({ success: false, result: { observed_value: 7 } });
  });

  it('skip nulls and read numeric text', () => {
    // mean of 1 and 3; median of 1, 3; the null and NaN rows are left out.
    expect(
      run({ x: ['1', null, 3] }, 'expect_column_mean_to_be_between', {
        column: 'x',
        min_value: 2,
        max_value: 2,
      }).success,
    ).toBe(true);
    expect(
      run({ x: Float64Array.of(1, Number.NaN, 3) }, 'expect_column_median_to_be_between', {
        column: 'x',
        min_value: 2,
        max_value: 2,
      }).success,
    ).toBe(true);
  });

  it('fail without values, and explain values that are not numbers', () => {
    const empty = run({ x: [null, null] }, 'expect_column_mean_to_be_between', {
      column: 'x',
      min_value: 0,
    });
    expect(empty).toMatchObject({ success: false, result: { observed_value: null } });
    const single = run({ x: [5] }, 'expect_column_stdev_to_be_between', {
      column: 'x',
      min_value: 0,
    });
    expect(single).toMatchObject({ success: false, result: { observed_value: null } });
    const text = run({ x: [1, 'two', 3] }, 'expect_column_mean_to_be_between', {
      column: 'x',
      min_value: 0,
    });
    expect(text.success).toBe(false);
    expect(text.exception_info).toEqual({
      raised_exception: true,
      exception_message: 'column "x" has 1 values that are not numbers, e.g. "two"',
    });
  });

  it('min and max of dates when the bounds are dates', () => {
    const columns = { d: ['2024-03-01', '2024-01-15T06:00:00+06:00', null] };
    const min = run(columns, 'expect_column_min_to_be_between', {
      column: 'd',
      min_value: '2024-01-01',
      max_value: '2024-02-01',
    });
    expect(min).toMatchObject({
      success: true,
      result: { observed_value: '2024-01-15T00:00:00.000Z' },
    });
    const max = run(columns, 'expect_column_max_to_be_between', {
      column: 'd',
      max_value: '2024-02-01',
    });
    expect(max).toMatchObject({
      success: false,
      result: { observed_value: '2024-03-01T00:00:00.000Z' },
    });
  });
});

describe('expect_column_quantile_values_to_be_between', () => {
  const quantile_ranges = {
    quantiles: [0, 0.333, 0.667, 1],
    value_ranges: [
      [0, 1],
      [2, 3],
      [3, 4],
      [4, 5],
    ],
  };
  const columns = { test: [1, 2, 2, 3, 3, 3, 4], test2: [1, 7, 2.5, 3, 2, 5, 6] };

  it('matches GE examples (nearest interpolation)', () => {
    const pass = run(columns, 'expect_column_quantile_values_to_be_between', {
      column: 'test',
      quantile_ranges,
    });
    expect(pass.success).toBe(true);
    expect(pass.result.observed_value).toEqual({
      quantiles: [0, 0.333, 0.667, 1],
      values: [1, 2, 3, 4],
    });
    const fail = run(columns, 'expect_column_quantile_values_to_be_between', {
      column: 'test2',
      quantile_ranges,
    });
    expect(fail.success).toBe(false);
    expect(fail.result.observed_value).toEqual({
      quantiles: [0, 0.333, 0.667, 1],
      values: [1, 2.5, 5, 7],
    });
    expect(fail.result.details).toMatchObject({ success_details: [true, true, false, false] });
  });

  it('takes the interpolation from allow_relative_error, and null as unbounded', () => {
    const result = run({ x: [1, 2, 3, 4] }, 'expect_column_quantile_values_to_be_between', {
      column: 'x',
      quantile_ranges: {
        quantiles: [0.5, 0.9],
        value_ranges: [
          [2.5, 2.5],
          [null, null],
        ],
      },
      allow_relative_error: 'linear',
    });
    expect(result.success).toBe(true);
    expect(result.result.observed_value).toEqual({ quantiles: [0.5, 0.9], values: [2.5, 3.7] });
  });

  it('counts a value within rtol 1e-4 of a bound as on it, as GE', () => {
    // numpy.isclose(2, b, rtol=1e-4, atol=1e-8): True for 2.0001 and 2.0002, False for 2.0003.
    const near = (low: number) =>
      run({ x: [2] }, 'expect_column_quantile_values_to_be_between', {
        column: 'x',
        quantile_ranges: { quantiles: [0.5], value_ranges: [[low, 3]] },
      }).success;
    expect(near(2.0001)).toBe(true);
    expect(near(2.0002)).toBe(true);
    expect(near(2.0003)).toBe(false);
  });
});
