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

// GE's documented examples, with GE's printed percentages, and hand-worked cases.
describe('expect_column_values_to_not_be_null', () => {
  it('matches GE examples: every row is judged', () => {
    const data = { test: [null, true, false], test2: ['A', null, null] };
    const pass = run(data, 'expect_column_values_to_not_be_null', { column: 'test', mostly: 0.66 });
    expect(pass.success).toBe(true);
    expect(pass.result).toMatchObject({
      element_count: 3,
      unexpected_count: 1,
      unexpected_percent: 33.33333333333333,
      partial_unexpected_list: [null],
      missing_count: 1,
    });
    const fail = run(data, 'expect_column_values_to_not_be_null', { column: 'test2' });
    expect(fail.success).toBe(false);
    expect(fail.result).toMatchObject({
      unexpected_count: 2,
      unexpected_percent: 66.66666666666666,
      partial_unexpected_list: [null, null],
    });
  });

  it('counts NaN in numeric columns as null', () => {
    const result = run(
      { x: Float64Array.of(1, Number.NaN, 3, 4) },
      'expect_column_values_to_not_be_null',
      { column: 'x', mostly: 0.75 },
    );
    expect(result.success).toBe(true);
    expect(result.result.unexpected_count).toBe(1);
  });
});

describe('expect_column_values_to_be_unique', () => {
  it('matches GE examples: every row of a repeated value is unexpected', () => {
    const data = { test: [1, 2, 3], test2: ['A', 'A', 'B'] };
    expect(run(data, 'expect_column_values_to_be_unique', { column: 'test' }).success).toBe(true);
    const fail = run(data, 'expect_column_values_to_be_unique', { column: 'test2' });
    expect(fail.success).toBe(false);
    expect(fail.result).toMatchObject({
      unexpected_count: 2,
      unexpected_percent: 66.66666666666666,
      partial_unexpected_list: ['A', 'A'],
    });
  });

  it('finds repeats in numeric columns, skipping NaN', () => {
    // 2 twice: both rows unexpected, of 4 present values.
    const result = run(
      { x: Float64Array.of(1, 2, Number.NaN, 2, Number.NaN, 3) },
      'expect_column_values_to_be_unique',
      {
        column: 'x',
      },
    );
    expect(result.result).toMatchObject({
      unexpected_count: 2,
      unexpected_percent: 50,
      missing_count: 2,
      partial_unexpected_list: [2, 2],
    });
  });

  it('skips nulls, equates numeric text with numbers, and applies mostly', () => {
    expect(
      run({ x: [1, null, null, 2] }, 'expect_column_values_to_be_unique', { column: 'x' }).success,
    ).toBe(true);
    const canonical = run({ x: ['7', 7, '7.0', 8] }, 'expect_column_values_to_be_unique', {
      column: 'x',
    });
    expect(canonical.result.partial_unexpected_list).toEqual(['7', 7, '7.0']);
    // 2 of 4 rows repeat: 50% unique rows meets mostly 0.5 exactly.
    expect(
      run({ x: ['a', 'a', 'b', 'c'] }, 'expect_column_values_to_be_unique', {
        column: 'x',
        mostly: 0.5,
      }).success,
    ).toBe(true);
    expect(
      run({ x: ['a', 'a', 'b', 'c'] }, 'expect_column_values_to_be_unique', {
        column: 'x',
        mostly: 0.51,
      }).success,
    ).toBe(false);
  });
});

describe('expect_compound_columns_to_be_unique', () => {
  const data = { test: [1, 2, 4], test2: [1, 1, 1], test3: [4, 7, -3], test4: [1, 1, 1] };

  it('matches GE examples', () => {
    expect(
      run(data, 'expect_compound_columns_to_be_unique', { column_list: ['test', 'test2', 'test3'] })
        .success,
    ).toBe(true);
    const fail = run(data, 'expect_compound_columns_to_be_unique', {
      column_list: ['test2', 'test4'],
    });
    expect(fail.result).toMatchObject({
      element_count: 3,
      unexpected_count: 3,
      unexpected_percent: 100,
      partial_unexpected_list: [
        { test2: 1, test4: 1 },
        { test2: 1, test4: 1 },
        { test2: 1, test4: 1 },
      ],
    });
  });

  it('skips rows per ignore_row_if', () => {
    const columns = { a: [1, 1, null, null, 2], b: [null, null, null, null, 5] };
    // Default all_values_are_missing: rows 2 and 3 skipped; rows 0 and 1 repeat (1, null).
    const all = run(columns, 'expect_compound_columns_to_be_unique', { column_list: ['a', 'b'] });
    expect(all.result).toMatchObject({
      missing_count: 2,
      unexpected_count: 2,
      unexpected_percent: 66.66666666666666,
    });
    const any = run(columns, 'expect_compound_columns_to_be_unique', {
      column_list: ['a', 'b'],
      ignore_row_if: 'any_value_is_missing',
    });
    expect(any.result).toMatchObject({ missing_count: 4, unexpected_count: 0 });
    // never: (null, null) repeats too.
    const never = run(columns, 'expect_compound_columns_to_be_unique', {
      column_list: ['a', 'b'],
      ignore_row_if: 'never',
    });
    expect(never.result).toMatchObject({ missing_count: 0, unexpected_count: 4 });
  });

  it('does not confuse combinations that concatenate alike', () => {
    const columns = { a: ['1', '12', 'x'], b: ['21', '1', 'x'] };
    expect(
      run(columns, 'expect_compound_columns_to_be_unique', { column_list: ['a', 'b'] }).success,
    ).toBe(true);
  });
});

describe('expect_column_pair_values_a_to_be_greater_than_b', () => {
  const data = { test: [2, 2, 4], test2: [1, 2, 4] };

  it('matches GE examples', () => {
    expect(
      run(data, 'expect_column_pair_values_a_to_be_greater_than_b', {
        column_A: 'test',
        column_B: 'test2',
        or_equal: true,
      }).success,
    ).toBe(true);
    const fail = run(data, 'expect_column_pair_values_a_to_be_greater_than_b', {
      column_A: 'test2',
      column_B: 'test',
    });
    expect(fail.result).toMatchObject({
      unexpected_count: 3,
      unexpected_percent: 100,
      partial_unexpected_list: [
        [1, 2],
        [2, 2],
        [4, 4],
      ],
    });
  });

  it('skips rows per ignore_row_if; a single missing value is unexpected', () => {
    const columns = { a: [5, null, null, 3], b: [1, 2, null, 4] };
    const kwargs = { column_A: 'a', column_B: 'b' };
    const both = run(columns, 'expect_column_pair_values_a_to_be_greater_than_b', kwargs);
    expect(both.result).toMatchObject({
      missing_count: 1,
      unexpected_count: 2,
      partial_unexpected_list: [
        [null, 2],
        [3, 4],
      ],
    });
    const either = run(columns, 'expect_column_pair_values_a_to_be_greater_than_b', {
      ...kwargs,
      ignore_row_if: 'either_value_is_missing',
    });
    expect(either.result).toMatchObject({ missing_count: 2, unexpected_count: 1 });
    const neither = run(columns, 'expect_column_pair_values_a_to_be_greater_than_b', {
      ...kwargs,
      ignore_row_if: 'neither',
      mostly: 0.25,
    });
    expect(neither.result).toMatchObject({ missing_count: 0, unexpected_count: 3 });
    expect(neither.success).toBe(true);
  });

  it('compares numeric text as numbers, dates as instants, other text by code unit', () => {
    const columns = {
      a: ['10', '2024-01-02', 'b', 'a', 5],
      b: [9, '2024-01-01T23:00:00Z', 'a', 'b', 'x'],
    };
    const result = run(columns, 'expect_column_pair_values_a_to_be_greater_than_b', {
      column_A: 'a',
      column_B: 'b',
    });
    expect(result.result.partial_unexpected_list).toEqual([
      ['a', 'b'],
      [5, 'x'],
    ]);
  });
});
