import { describe, expect, it } from 'vitest';
import { formatValidationResult } from './format-validation-result.js';
import { parseSuite } from './parse-suite.js';
import { tableFromColumns } from './table-from-columns.js';
import { validate } from './validate.js';

const table = tableFromColumns({
  id: [1, 2, 3, 4, 5, 6],
  age: [34, null, 27, 150, -1, 41],
  city: ['Paris', 'Lyon', 'Paris', 'Nice', 'Lyon', 'Paris'],
  price: Float64Array.of(1.5, 2.25, 3, Number.NaN, 10.125, 7),
});

describe('formatValidationResult', () => {
  it('prints a line per expectation, examples of failures, and a summary', () => {
    const suite = parseSuite({
      name: 'people',
      expectations: [
        {
          expectation_type: 'expect_table_row_count_to_be_between',
          kwargs: { min_value: 1, max_value: 10 },
        },
        {
          expectation_type: 'expect_column_values_to_be_between',
          kwargs: { column: 'age', min_value: 0, max_value: 120 },
        },
        {
          expectation_type: 'expect_column_values_to_not_be_null',
          kwargs: { column: 'age', mostly: 0.95 },
        },
        {
          expectation_type: 'expect_column_values_to_be_in_set',
          kwargs: { column: 'city', value_set: ['Paris', 'Lyon'] },
        },
        {
          expectation_type: 'expect_column_mean_to_be_between',
          kwargs: { column: 'price', min_value: 0, max_value: 5, strict_min: true },
        },
        {
          expectation_type: 'expect_column_quantile_values_to_be_between',
          kwargs: {
            column: 'price',
            quantile_ranges: {
              quantiles: [0.5, 0.9],
              value_ranges: [
                [1, 5],
                [null, 20],
              ],
            },
          },
        },
        {
          expectation_type: 'expect_column_distinct_values_to_be_in_set',
          kwargs: { column: 'city', value_set: ['Paris', 'Lyon'] },
        },
        {
          expectation_type: 'expect_column_pair_values_a_to_be_greater_than_b',
          kwargs: { column_A: 'price', column_B: 'id' },
        },
        { expectation_type: 'expect_column_to_exist', kwargs: { column: 'zip' } },
        {
          expectation_type: 'expect_column_stdev_to_be_between',
          kwargs: { column: 'zip', max_value: 1 },
        },
      ],
    });
    // Worked by hand: price mean (1.5 + 2.25 + 3 + 10.125 + 7) / 5 = 4.775; sorted prices
    // 1.5, 2.25, 3, 7, 10.125: nearest q0.5 -> index 2 (3), q0.9 -> index round(3.6) = 4 (10.125).
    expect(formatValidationResult(validate(table, suite)).split('\n')).toEqual([
      '✓ expect_table_row_count_to_be_between: expected 1 ≤ row count ≤ 10; observed 6',
      '✗ expect_column_values_to_be_between [age]: expected 0 ≤ value ≤ 120; observed 2 of 5 unexpected (40%), 1 missing skipped',
      '    unexpected examples: 150, -1',
      '✗ expect_column_values_to_not_be_null [age]: expected values not null for ≥ 95% of values; observed 1 of 6 null (16.67%)',
      '    unexpected examples: null',
      '✗ expect_column_values_to_be_in_set [city]: expected values in {"Paris", "Lyon"}; observed 1 of 6 unexpected (16.67%)',
      '    unexpected examples: "Nice"',
      '✓ expect_column_mean_to_be_between [price]: expected 0 < mean ≤ 5; observed 4.775',
      '✓ expect_column_quantile_values_to_be_between [price]: expected 1 ≤ q0.5 ≤ 5, q0.9 ≤ 20; observed q0.5 = 3, q0.9 = 10.125',
      '✗ expect_column_distinct_values_to_be_in_set [city]: expected distinct values within {"Paris", "Lyon"}; observed {"Lyon", "Nice", "Paris"} (3 distinct)',
      '    unexpected examples: "Nice"',
      '✗ expect_column_pair_values_a_to_be_greater_than_b [price, id]: expected price > id; observed 2 of 6 unexpected (33.33%)',
      '    unexpected examples: [3, 3], [null, 4]',
      '✗ expect_column_to_exist [zip]: expected column exists; observed not found',
      '✗ expect_column_stdev_to_be_between [zip]: expected stdev ≤ 1; error: column "zip" is not in the data (it has columns "id", "age", "city", "price")',
      'FAILED: suite "people", 3 of 10 expectations met (30%), 7 failed',
    ]);
  });

  it('shows at most ten examples and says PASSED when all hold', () => {
    const many = tableFromColumns({ x: Array.from({ length: 30 }, (_, i) => i) });
    const failing = validate(
      many,
      parseSuite({
        name: 'n',
        expectations: [
          {
            expectation_type: 'expect_column_values_to_be_between',
            kwargs: { column: 'x', max_value: 5 },
          },
        ],
      }),
    );
    expect(formatValidationResult(failing).split('\n')[1]).toBe(
      '    unexpected examples: 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, … (24 in all)',
    );
    const passing = validate(
      many,
      parseSuite({
        name: 'n',
        expectations: [
          {
            expectation_type: 'expect_column_min_to_be_between',
            kwargs: { column: 'x', min_value: 0 },
          },
        ],
      }),
    );
    expect(formatValidationResult(passing)).toBe(
      '✓ expect_column_min_to_be_between [x]: expected min ≥ 0; observed 0\nPASSED: suite "n", 1 of 1 expectations met (100%), 0 failed',
    );
  });
});
