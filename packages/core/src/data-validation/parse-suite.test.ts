import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { parseSuite, parseSuiteText } from './parse-suite.js';

function errorOf(doc: unknown): SlipwayError {
  try {
    parseSuite(doc);
  } catch (error) {
    if (error instanceof SlipwayError) return error;
    throw error;
  }
  throw new Error('parseSuite accepted the suite');
}

const between = (kwargs: Record<string, unknown>) => ({
  name: 'orders',
  expectations: [
    { expectation_type: 'expect_column_to_exist', kwargs: { column: 'a' } },
    { expectation_type: 'expect_column_values_to_be_between', kwargs: { column: 'a', ...kwargs } },
  ],
});

describe('parseSuite', () => {
  it('reads a Slipway suite, keeping only the kwargs written', () => {
    const suite = parseSuite({
      name: 'orders',
      meta: { owner: 'data' },
      expectations: [
        {
          expectation_type: 'expect_column_values_to_be_between',
          kwargs: { column: 'age', min_value: 0, max_value: 120, mostly: 0.95 },
          meta: { why: 'ages' },
        },
        { expectation_type: 'expect_table_column_count_to_equal', kwargs: { value: 3 } },
      ],
    });
    expect(suite).toEqual({
      name: 'orders',
      meta: { owner: 'data' },
      expectations: [
        {
          expectation_type: 'expect_column_values_to_be_between',
          kwargs: { column: 'age', min_value: 0, max_value: 120, mostly: 0.95 },
          meta: { why: 'ages' },
        },
        { expectation_type: 'expect_table_column_count_to_equal', kwargs: { value: 3 } },
      ],
    });
  });

  it('accepts a GE 0.x JSON export (expectation_suite_name, result_format kwargs)', () => {
    const suite = parseSuiteText(
      JSON.stringify({
        data_asset_type: null,
        expectation_suite_name: 'taxi.warning',
        ge_cloud_id: null,
        meta: { great_expectations_version: '0.15.50' },
        expectations: [
          {
            expectation_type: 'expect_column_values_to_not_be_null',
            kwargs: { column: 'vendor_id', mostly: 0.99, result_format: 'SUMMARY' },
            meta: {},
          },
          {
            expectation_type: 'expect_column_values_to_be_of_type',
            kwargs: { column: 'fare', type_: 'float64', catch_exceptions: true },
            meta: {},
          },
          {
            expectation_type: 'expect_column_quantile_values_to_be_between',
            kwargs: {
              column: 'fare',
              quantile_ranges: {
                quantiles: [0.05, 0.5],
                value_ranges: [
                  [null, 5],
                  [8, 12],
                ],
              },
              allow_relative_error: false,
              row_condition: null,
            },
            meta: {},
          },
        ],
      }),
    );
    expect(suite.name).toBe('taxi.warning');
    expect(suite.expectations.map((e) => e.kwargs)).toEqual([
      { column: 'vendor_id', mostly: 0.99 },
      { column: 'fare', type_: 'float64' },
      {
        column: 'fare',
        quantile_ranges: {
          quantiles: [0.05, 0.5],
          value_ranges: [
            [null, 5],
            [8, 12],
          ],
        },
        allow_relative_error: false,
      },
    ]);
  });

  it('accepts a GE 1.x export (type instead of expectation_type, ids and notes)', () => {
    const suite = parseSuite({
      name: 'taxi',
      id: '5f1d',
      notes: null,
      meta: {},
      expectations: [
        {
          type: 'expect_column_values_to_be_in_set',
          kwargs: { column: 'payment', value_set: [1, 2, 3] },
          meta: {},
          id: 'a1',
          rendered_content: [],
        },
      ],
    });
    expect(suite.expectations).toEqual([
      {
        expectation_type: 'expect_column_values_to_be_in_set',
        kwargs: { column: 'payment', value_set: [1, 2, 3] },
        meta: {},
      },
    ]);
  });

  it('reads `type` as the type_ of expect_column_values_to_be_of_type', () => {
    const suite = parseSuite({
      name: 's',
      expectations: [
        {
          expectation_type: 'expect_column_values_to_be_of_type',
          kwargs: { column: 'a', type: 'integer' },
        },
      ],
    });
    expect(suite.expectations[0]?.kwargs).toEqual({ column: 'a', type_: 'integer' });
  });

  it('names the expectation index, type and kwarg of each problem', () => {
    expect(errorOf(between({})).message).toBe(
      'Invalid expectation suite: expectations[1] (expect_column_values_to_be_between): give min_value or max_value.',
    );
    expect(errorOf(between({ min_value: 'ten' })).message).toContain(
      'expectations[1] (expect_column_values_to_be_between): min_value must be a number, an ISO 8601 date',
    );
    expect(errorOf(between({ min_value: 5, max_value: 1 })).message).toContain(
      'min_value (5) is greater than max_value (1)',
    );
    expect(errorOf(between({ min_value: 1, mostly: 1.5 })).message).toContain(
      'mostly must be a number from 0 to 1',
    );
    expect(errorOf(between({ min_val: 1 })).message).toContain(
      'min_val is not a kwarg of this expectation (it takes column, min_value, max_value',
    );
    expect(errorOf(between({ min_value: 0, max_value: '2024-01-01' })).message).toContain(
      'min_value and max_value must both be numbers or both be dates',
    );
  });

  it('reports missing and malformed kwargs', () => {
    const error = errorOf({
      name: 's',
      expectations: [
        { expectation_type: 'expect_column_values_to_be_in_set', kwargs: { column: 'a' } },
        {
          expectation_type: 'expect_column_values_to_match_regex',
          kwargs: { column: 'a', regex: '(' },
        },
        {
          expectation_type: 'expect_column_values_to_be_of_type',
          kwargs: { column: 'a', type_: 'blob' },
        },
        {
          expectation_type: 'expect_column_quantile_values_to_be_between',
          kwargs: { column: 'a', quantile_ranges: { quantiles: [0.5, 2], value_ranges: [[1, 2]] } },
        },
        {
          expectation_type: 'expect_column_values_to_not_be_null',
          kwargs: { column: 'a', row_condition: 'a>1' },
        },
        { expectation_type: 'expect_table_column_count_to_equal', kwargs: { value: 2.5 } },
      ],
    });
    const issues = (error.details?.['issues'] ?? []) as string[];
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(issues).toEqual([
      'expectations[0] (expect_column_values_to_be_in_set): value_set is required',
      expect.stringMatching(
        /^expectations\[1\] \(expect_column_values_to_match_regex\): regex is not a valid regular expression: /u,
      ),
      'expectations[2] (expect_column_values_to_be_of_type): type_ must be one of integer, float, string, boolean, datetime (or a common alias such as int64, float64, str, bool)',
      'expectations[3] (expect_column_quantile_values_to_be_between): quantile_ranges.quantiles[1] must hold numbers from 0 to 1',
      'expectations[3] (expect_column_quantile_values_to_be_between): quantile_ranges has 2 quantiles but 1 value_ranges; give one range per quantile',
      'expectations[4] (expect_column_values_to_not_be_null): row_condition is not supported; filter the data before validating',
      'expectations[5] (expect_table_column_count_to_equal): value must be a whole number',
    ]);
    expect(error.message).toContain('(and 2 more)');
  });

  it('checks quantile ranges against their quantiles', () => {
    const error = errorOf({
      name: 's',
      expectations: [
        {
          expectation_type: 'expect_column_quantile_values_to_be_between',
          kwargs: {
            column: 'a',
            quantile_ranges: { quantiles: [0.5, 0.9], value_ranges: [[3, 1]] },
          },
        },
      ],
    });
    expect(error.details?.['issues']).toEqual([
      'expectations[0] (expect_column_quantile_values_to_be_between): quantile_ranges has 2 quantiles but 1 value_ranges; give one range per quantile',
      'expectations[0] (expect_column_quantile_values_to_be_between): quantile_ranges.value_ranges[0] low (3) is greater than high (1)',
    ]);
  });

  it('explains nested unknown fields, bad ranges and GE suite parameters', () => {
    const error = errorOf({
      name: 's',
      expectations: [
        {
          expectation_type: 'expect_column_quantile_values_to_be_between',
          kwargs: { column: 'a', quantile_ranges: { quantiles: [0.5], value_ranges: [[1]], q: 1 } },
        },
        {
          expectation_type: 'expect_column_min_to_be_between',
          kwargs: { column: 'a', min_value: { $PARAMETER: 'x' } },
        },
      ],
    });
    expect(error.details?.['issues']).toEqual([
      'expectations[0] (expect_column_quantile_values_to_be_between): quantile_ranges.value_ranges[0] must be a [low, high] pair of numbers (null for no bound)',
      'expectations[0] (expect_column_quantile_values_to_be_between): quantile_ranges has an unknown field "q"',
      'expectations[1] (expect_column_min_to_be_between): min_value is a GE suite parameter ($PARAMETER), which is not supported; give the value',
    ]);
  });

  it('rejects unknown expectation types and malformed documents', () => {
    expect(
      errorOf({
        name: 's',
        expectations: [{ expectation_type: 'expect_column_to_be_nice', kwargs: {} }],
      }).message,
    ).toContain(
      'expectations[0]: unknown expectation_type "expect_column_to_be_nice"; supported: expect_column_to_exist,',
    );
    expect(errorOf({ name: 's', expectations: [42] }).message).toContain(
      'expectations[0] must be an object with expectation_type and kwargs',
    );
    expect(errorOf({ name: 's', expectations: [{ kwargs: {} }] }).message).toContain(
      'expectations[0]: expectation_type is required',
    );
    expect(errorOf({ expectations: [] }).message).toContain('name is required');
    expect(errorOf([]).message).toBe(
      'Invalid expectation suite: it must be an object with a name and an expectations list.',
    );
    expect(() => parseSuiteText('{ name: ')).toThrow(/not valid JSON/u);
  });
});
