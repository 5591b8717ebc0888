import { describe, expect, it } from 'vitest';
import type { Column } from '../data/table.js';
import { parseSuite } from './parse-suite.js';
import { tableFromColumns } from './table-from-columns.js';
import { validate } from './validate.js';
import type { ExpectationValidationResult } from './validation-result.js';

// Parses a one-expectation suite and validates, so each case also goes through parseSuite.
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

// Expected values below are GE's documented examples (the docstrings of GE 1.x's expectation
// classes) or worked out by hand in the comments.
describe('expect_column_values_to_be_between', () => {
  const data = { test: [1, 1.3, 0.8, 2], test2: [1, 7, 2.5, 3] };

  it('matches GE examples, inclusive by default, strict on request', () => {
    const pass = run(data, 'expect_column_values_to_be_between', {
      column: 'test',
      min_value: 0.5,
      max_value: 2,
    });
    expect(pass.success).toBe(true);
    expect(pass.result).toMatchObject({
      element_count: 4,
      unexpected_count: 0,
      unexpected_percent: 0,
    });
    const fail = run(data, 'expect_column_values_to_be_between', {
      column: 'test2',
      min_value: 1,
      max_value: 7,
      strict_min: false,
      strict_max: true,
    });
    expect(fail.success).toBe(false);
    expect(fail.result).toEqual({
      element_count: 4,
      missing_count: 0,
      missing_percent: 0,
      unexpected_count: 1,
      unexpected_percent: 25,
      unexpected_percent_total: 25,
      partial_unexpected_list: [7],
    });
  });

  it('skips nulls and NaN, and applies mostly to the non-null values', () => {
    // 1, 5 in [0, 6]; 10 out: 1 of 3 non-null unexpected; 2 of 5 rows missing.
    const values = [1, null, 5, 10, null];
    const expected = {
      element_count: 5,
      missing_count: 2,
      missing_percent: 40,
      unexpected_count: 1,
      unexpected_percent: 33.33333333333333,
      unexpected_percent_total: 20,
      partial_unexpected_list: [10],
    };
    const kwargs = { column: 'x', min_value: 0, max_value: 6 };
    const typed = Float64Array.of(1, Number.NaN, 5, 10, Number.NaN);
    expect(run({ x: values }, 'expect_column_values_to_be_between', kwargs).result).toEqual(
      expected,
    );
    expect(run({ x: typed }, 'expect_column_values_to_be_between', kwargs).result).toEqual(
      expected,
    );
    // 2/3 = 0.667 passing: enough for mostly 0.66, not for 0.7.
    expect(
      run({ x: values }, 'expect_column_values_to_be_between', { ...kwargs, mostly: 0.66 }).success,
    ).toBe(true);
    expect(
      run({ x: values }, 'expect_column_values_to_be_between', { ...kwargs, mostly: 0.7 }).success,
    ).toBe(false);
  });

  it('reads numeric text as numbers; other text is unexpected', () => {
    const result = run(
      { x: ['1', ' 2.5 ', 'abc', '1e1', true] },
      'expect_column_values_to_be_between',
      {
        column: 'x',
        min_value: 0,
        max_value: 5,
      },
    );
    expect(result.result.unexpected_count).toBe(3);
    expect(result.result.partial_unexpected_list).toEqual(['abc', '1e1', true]);
  });

  it('honours one-sided and strict bounds', () => {
    const x = Float64Array.of(0, 1, 2, 100);
    const strict = run({ x }, 'expect_column_values_to_be_between', {
      column: 'x',
      min_value: 0,
      strict_min: true,
    });
    expect(strict.result.partial_unexpected_list).toEqual([0]);
    const upper = run({ x }, 'expect_column_values_to_be_between', {
      column: 'x',
      max_value: 2,
      min_value: null,
    });
    expect(upper.result.partial_unexpected_list).toEqual([100]);
  });

  it('compares dates when the bounds are dates', () => {
    const result = run(
      {
        d: [
          '2024-01-01',
          '2024-06-30T23:00:00Z',
          '2023-12-31',
          'soon',
          '2024-03-01T10:00:00+02:00',
        ],
      },
      'expect_column_values_to_be_between',
      { column: 'd', min_value: '2024-01-01', max_value: '2024-06-30' },
    );
    expect(result.result.partial_unexpected_list).toEqual([
      '2024-06-30T23:00:00Z',
      '2023-12-31',
      'soon',
    ]);
  });

  it('holds vacuously when every value is missing', () => {
    const result = run({ x: [null, null] }, 'expect_column_values_to_be_between', {
      column: 'x',
      min_value: 0,
    });
    expect(result.success).toBe(true);
    expect(result.result.unexpected_percent).toBeNull();
  });
});

describe('expect_column_values_to_be_in_set', () => {
  it('matches GE examples', () => {
    const data = { test: [1, 2, 4], test2: [1, 1, 1] };
    const pass = run(data, 'expect_column_values_to_be_in_set', {
      column: 'test',
      value_set: [1, 2],
      mostly: 0.5,
    });
    expect(pass.success).toBe(true);
    expect(pass.result).toMatchObject({
      unexpected_count: 1,
      unexpected_percent: 33.33333333333333,
      partial_unexpected_list: [4],
    });
    const fail = run(data, 'expect_column_values_to_be_in_set', {
      column: 'test2',
      value_set: [2, 4],
    });
    expect(fail.success).toBe(false);
    expect(fail.result).toMatchObject({
      unexpected_count: 3,
      unexpected_percent: 100,
      partial_unexpected_list: [1, 1, 1],
    });
  });

  it('matches values by meaning: numeric and boolean text', () => {
    const numbers = run({ x: ['1', '2.0', '3', null] }, 'expect_column_values_to_be_in_set', {
      column: 'x',
      value_set: [1, 2],
    });
    expect(numbers.result.partial_unexpected_list).toEqual(['3']);
    const flags = run({ x: ['TRUE', false, 'no'] }, 'expect_column_values_to_be_in_set', {
      column: 'x',
      value_set: [true, false],
    });
    expect(flags.result.partial_unexpected_list).toEqual(['no']);
    const empty = run({ x: ['a'] }, 'expect_column_values_to_be_in_set', {
      column: 'x',
      value_set: [],
    });
    expect(empty.success).toBe(false);
  });
});

describe('expect_column_values_to_match_regex', () => {
  it('matches GE examples (a search, not a full match)', () => {
    const data = { test: ['aaa', 'abb', 'acc'], test2: ['bcc', 'bdd', 'abc'] };
    expect(
      run(data, 'expect_column_values_to_match_regex', { column: 'test', regex: '^a.*' }).success,
    ).toBe(true);
    const fail = run(data, 'expect_column_values_to_match_regex', {
      column: 'test2',
      regex: '^a.*',
    });
    expect(fail.result).toMatchObject({
      unexpected_count: 2,
      unexpected_percent: 66.66666666666666,
      partial_unexpected_list: ['bcc', 'bdd'],
    });
    expect(
      run(data, 'expect_column_values_to_match_regex', { column: 'test2', regex: 'c' }).result
        .unexpected_count,
    ).toBe(1);
  });

  it("accepts Python's named groups and applies mostly", () => {
    const result = run(
      { x: ['abab', 'abac', null, 'cdcd'] },
      'expect_column_values_to_match_regex',
      {
        column: 'x',
        regex: '^(?P<w>\\w\\w)(?P=w)$',
        mostly: 0.6,
      },
    );
    expect(result.result.partial_unexpected_list).toEqual(['abac']);
    expect(result.success).toBe(true);
  });

  it('matches numbers in their text form', () => {
    const result = run({ x: Float64Array.of(1, 2.5, 30) }, 'expect_column_values_to_match_regex', {
      column: 'x',
      regex: '^\\d+$',
    });
    expect(result.result.partial_unexpected_list).toEqual([2.5]);
  });
});

describe('expect_column_value_lengths_to_be_between', () => {
  it('matches GE examples', () => {
    const data = { test: ['12345', 'abcde', '1b3d5'], test2: ['A', '13579', '24680'] };
    expect(
      run(data, 'expect_column_value_lengths_to_be_between', {
        column: 'test2',
        min_value: 1,
        max_value: 5,
      }).success,
    ).toBe(true);
    const fail = run(data, 'expect_column_value_lengths_to_be_between', {
      column: 'test',
      min_value: 5,
      max_value: 5,
      strict_min: true,
      strict_max: true,
    });
    expect(fail.result).toMatchObject({
      unexpected_count: 3,
      partial_unexpected_list: ['12345', 'abcde', '1b3d5'],
    });
  });

  it('counts code points, as Python', () => {
    const result = run({ x: ['😀😀', 'abc'] }, 'expect_column_value_lengths_to_be_between', {
      column: 'x',
      max_value: 2,
    });
    expect(result.result.partial_unexpected_list).toEqual(['abc']);
  });
});

describe('expect_column_values_to_be_of_type', () => {
  it('matches the passing GE example', () => {
    expect(
      run({ test2: [1, 2, 3] }, 'expect_column_values_to_be_of_type', {
        column: 'test2',
        type_: 'NUMBER',
      }).success,
    ).toBe(true);
  });

  it('accepts numeric text as a number (GE, typed by pandas, would reject "12345" as DOUBLE)', () => {
    const result = run(
      { test: ['12345', 'abcde', '1b3d5'] },
      'expect_column_values_to_be_of_type',
      { column: 'test', type_: 'DOUBLE' },
    );
    expect(result.result.partial_unexpected_list).toEqual(['abcde', '1b3d5']);
  });

  it('checks each logical type value by value', () => {
    const cases: [Column, string, unknown[]][] = [
      [[1, 2.5, '3', '4.0', null, true], 'integer', [2.5, true]],
      [Float64Array.of(1, 2.5, Number.NaN), 'float', []],
      [[true, 'False', 'yes', 0], 'bool', ['yes', 0]],
      [['2024-01-01', '2024-01-01T10:00:00Z', '01/02/2024'], 'datetime64[ns]', ['01/02/2024']],
      [['a', 5, '6'], 'str', [5]],
    ];
    for (const [x, type_, unexpected] of cases) {
      const result = run({ x }, 'expect_column_values_to_be_of_type', { column: 'x', type_ });
      expect(result.result.partial_unexpected_list, type_).toEqual(unexpected);
    }
  });
});
