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

describe('distinct values', () => {
  it('expect_column_distinct_values_to_be_in_set matches GE examples', () => {
    const data = { test: [1, 2, 4], test2: [1, 1, 1] };
    const pass = run(data, 'expect_column_distinct_values_to_be_in_set', {
      column: 'test',
      value_set: [1, 2, 3, 4, 5],
    });
    expect(pass).toMatchObject({ success: true, result: { observed_value: [1, 2, 4] } });
    const fail = run(data, 'expect_column_distinct_values_to_be_in_set', {
      column: 'test2',
      value_set: [3, 2, 4],
    });
    expect(fail).toMatchObject({
      success: false,
      result: { observed_value: [1], partial_unexpected_list: [1] },
    });
  });

  it('lists distinct values sorted (booleans, numbers, text) and holds for an empty set', () => {
    const result = run(
      { x: ['b', 3, true, null, 'a', '3', 1] },
      'expect_column_distinct_values_to_be_in_set',
      {
        column: 'x',
        value_set: [],
      },
    );
    expect(result).toMatchObject({
      success: true,
      result: { observed_value: [true, 1, 3, 'a', 'b'], details: { distinct_count: 5 } },
    });
  });

  it('expect_column_proportion_of_unique_values_to_be_between matches GE examples', () => {
    const data = { test: ['aaa', 'abb', 'acc', 'aaa'], test2: [1, 1, 1, 3] };
    const pass = run(data, 'expect_column_proportion_of_unique_values_to_be_between', {
      column: 'test',
      min_value: 0,
      max_value: 0.8,
    });
    expect(pass).toMatchObject({ success: true, result: { observed_value: 0.75 } });
    const fail = run(data, 'expect_column_proportion_of_unique_values_to_be_between', {
      column: 'test2',
      min_value: 0.3,
      max_value: 0.5,
      strict_max: true,
    });
    expect(fail).toMatchObject({ success: false, result: { observed_value: 0.5 } });
    // Nulls are left out: 2 distinct of 2 present; all-null columns measure 0, as GE.
    expect(
      run({ x: ['a', null, 'b'] }, 'expect_column_proportion_of_unique_values_to_be_between', {
        column: 'x',
        min_value: 1,
      }).success,
    ).toBe(true);
    expect(
      run({ x: [null] }, 'expect_column_proportion_of_unique_values_to_be_between', {
        column: 'x',
        max_value: 0,
      }).success,
    ).toBe(true);
  });
});

describe('table expectations', () => {
  const columns = { a: [1, 2, 3], b: ['x', 'y', 'z'] };

  it('row count between, inclusive unless strict', () => {
    expect(
      run(columns, 'expect_table_row_count_to_be_between', { min_value: 3, max_value: 3 }),
    ).toMatchObject({ success: true, result: { observed_value: 3 } });
    expect(
      run(columns, 'expect_table_row_count_to_be_between', { max_value: 3, strict_max: true })
        .success,
    ).toBe(false);
    expect(run(columns, 'expect_table_row_count_to_be_between', { min_value: 4 }).success).toBe(
      false,
    );
  });

  it('column count equal', () => {
    expect(run(columns, 'expect_table_column_count_to_equal', { value: 2 })).toMatchObject({
      success: true,
      result: { observed_value: 2 },
    });
    expect(run(columns, 'expect_table_column_count_to_equal', { value: 3 }).success).toBe(false);
  });

  it('column exists, optionally at a position', () => {
    expect(run(columns, 'expect_column_to_exist', { column: 'b' })).toMatchObject({
      success: true,
      result: { observed_value: 1 },
    });
    expect(run(columns, 'expect_column_to_exist', { column: 'b', column_index: 1 }).success).toBe(
      true,
    );
    expect(run(columns, 'expect_column_to_exist', { column: 'b', column_index: 0 }).success).toBe(
      false,
    );
    expect(run(columns, 'expect_column_to_exist', { column: 'c' })).toMatchObject({
      success: false,
      result: { observed_value: null },
    });
  });
});

describe('validate', () => {
  it('fails an expectation on an absent column with a message, without throwing', () => {
    const suite = parseSuite({
      name: 'orders',
      expectations: [
        { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'price' } },
        {
          expectation_type: 'expect_column_mean_to_be_between',
          kwargs: { column: 'a', min_value: 0 },
        },
        {
          expectation_type: 'expect_column_pair_values_a_to_be_greater_than_b',
          kwargs: { column_A: 'a', column_B: 'cost' },
        },
      ],
    });
    const result = validate(tableFromColumns({ a: [1, 2, 3], b: ['x', 'y', 'z'] }), suite);
    expect(result.success).toBe(false);
    expect(result.suite_name).toBe('orders');
    expect(result.statistics).toEqual({
      evaluated_expectations: 3,
      successful_expectations: 1,
      unsuccessful_expectations: 2,
      success_percent: 33.33333333333333,
    });
    expect(result.results[0]).toMatchObject({
      success: false,
      expectation_type: 'expect_column_values_to_not_be_null',
      kwargs: { column: 'price' },
      meta: {},
      result: {},
      exception_info: {
        raised_exception: true,
        exception_message: 'column "price" is not in the data (it has columns "a", "b")',
      },
    });
    expect(result.results[2]?.exception_info.exception_message).toBe(
      'column "cost" is not in the data (it has columns "a", "b")',
    );
  });

  it('holds for an empty suite', () => {
    const result = validate(tableFromColumns({}), { name: 'empty', expectations: [] });
    expect(result).toEqual({
      success: true,
      suite_name: 'empty',
      statistics: {
        evaluated_expectations: 0,
        successful_expectations: 0,
        unsuccessful_expectations: 0,
        success_percent: null,
      },
      results: [],
    });
  });

  it('tableFromColumns rejects columns of different lengths', () => {
    expect(() => tableFromColumns({ a: [1, 2], b: [1] })).toThrow(
      'Column "b" has 1 rows but "a" has 2',
    );
  });
});
