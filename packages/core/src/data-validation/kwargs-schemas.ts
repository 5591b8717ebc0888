import { z } from 'zod';
import { compileRegex } from './compile-regex.js';
import type { ExpectationType } from './expectation-types.js';
import {
  checkBounds,
  columnName,
  comparableBound,
  countBound,
  mostly,
  numberBound,
  strictFlag,
  valueSet,
} from './kwargs-fields.js';
import { QUANTILE_METHODS } from './quantiles.js';
import { VALUE_TYPES, resolveValueType } from './value-types.js';

const numericBetween = {
  column: columnName,
  min_value: numberBound,
  max_value: numberBound,
  strict_min: strictFlag,
  strict_max: strictFlag,
};

const comparableBetween = {
  ...numericBetween,
  min_value: comparableBound,
  max_value: comparableBound,
};

const aggregateBetween = z.strictObject(numericBetween).superRefine(checkBounds);
const extremeBetween = z.strictObject(comparableBetween).superRefine(checkBounds);

const rangeBound = z.number({ error: 'must be a number or null' }).nullable();
const valueRange = z.tuple([rangeBound, rangeBound], {
  error: 'must be a [low, high] pair of numbers (null for no bound)',
});

const quantileRanges = z
  .strictObject(
    {
      quantiles: z.array(
        z
          .number({ error: 'must hold numbers from 0 to 1' })
          .min(0, { error: 'must hold numbers from 0 to 1' })
          .max(1, { error: 'must hold numbers from 0 to 1' }),
        { error: 'must be a list of quantiles such as [0.25, 0.5, 0.75]' },
      ),
      value_ranges: z.array(valueRange, { error: 'must be a list of [low, high] pairs' }),
    },
    { error: 'must be an object with quantiles and value_ranges' },
  )
  .superRefine((ranges, ctx) => {
    if (ranges.quantiles.length !== ranges.value_ranges.length) {
      ctx.addIssue({
        code: 'custom',
        message: `has ${ranges.quantiles.length} quantiles but ${ranges.value_ranges.length} value_ranges; give one range per quantile`,
      });
    }
    ranges.value_ranges.forEach(([low, high], i) => {
      if (low !== null && high !== null && low > high) {
        ctx.addIssue({
          code: 'custom',
          path: ['value_ranges', i],
          message: `low (${low}) is greater than high (${high})`,
        });
      }
    });
  });

const typeName = z
  .string({ error: 'must be a type name' })
  .refine((name) => resolveValueType(name) !== undefined, {
    error: `must be one of ${VALUE_TYPES.join(', ')} (or a common alias such as int64, float64, str, bool)`,
  });

const regex = z
  .string({ error: 'must be a regular expression (a string)' })
  .superRefine((source, ctx) => {
    const compiled = compileRegex(source);
    if (typeof compiled === 'string') {
      ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${compiled}` });
    }
  });

/**
 * The kwargs each expectation takes, with GE's names and defaults (defaults are applied when
 * validating, so a parsed suite keeps only what its author wrote). Objects are strict: a misspelt
 * kwarg is an error, not a silently unchecked rule.
 */
export const KWARGS_SCHEMAS = {
  expect_column_to_exist: z.strictObject({
    column: columnName,
    column_index: z
      .number({ error: 'must be a column position from 0' })
      .int({ error: 'must be a column position from 0' })
      .min(0, { error: 'must be a column position from 0' })
      .nullish(),
  }),
  expect_column_values_to_be_of_type: z.strictObject({
    column: columnName,
    type_: typeName,
    mostly,
  }),
  expect_column_values_to_not_be_null: z.strictObject({ column: columnName, mostly }),
  expect_column_values_to_be_between: z
    .strictObject({ ...comparableBetween, mostly })
    .superRefine(checkBounds),
  expect_column_values_to_be_in_set: z.strictObject({
    column: columnName,
    value_set: valueSet,
    mostly,
  }),
  expect_column_values_to_be_unique: z.strictObject({ column: columnName, mostly }),
  expect_compound_columns_to_be_unique: z.strictObject({
    column_list: z.array(columnName, { error: 'must be a list of column names' }).min(1, {
      error: 'must name at least one column',
    }),
    ignore_row_if: z
      .enum(['all_values_are_missing', 'any_value_is_missing', 'never'], {
        error: 'must be all_values_are_missing, any_value_is_missing or never',
      })
      .optional(),
    mostly,
  }),
  expect_column_values_to_match_regex: z.strictObject({ column: columnName, regex, mostly }),
  expect_column_value_lengths_to_be_between: z
    .strictObject({
      column: columnName,
      min_value: countBound,
      max_value: countBound,
      strict_min: strictFlag,
      strict_max: strictFlag,
      mostly,
    })
    .superRefine(checkBounds),
  expect_column_mean_to_be_between: aggregateBetween,
  expect_column_stdev_to_be_between: aggregateBetween,
  expect_column_median_to_be_between: aggregateBetween,
  expect_column_quantile_values_to_be_between: z.strictObject({
    column: columnName,
    quantile_ranges: quantileRanges,
    allow_relative_error: z
      .union([z.literal(false), z.enum(QUANTILE_METHODS)], {
        error: `must be false or an interpolation: ${QUANTILE_METHODS.join(', ')}`,
      })
      .nullish(),
  }),
  expect_column_min_to_be_between: extremeBetween,
  expect_column_max_to_be_between: extremeBetween,
  expect_table_row_count_to_be_between: z
    .strictObject({
      min_value: countBound,
      max_value: countBound,
      strict_min: strictFlag,
      strict_max: strictFlag,
    })
    .superRefine(checkBounds),
  expect_table_column_count_to_equal: z.strictObject({
    value: z
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must not be negative' }),
  }),
  expect_column_distinct_values_to_be_in_set: z.strictObject({
    column: columnName,
    value_set: valueSet,
  }),
  expect_column_proportion_of_unique_values_to_be_between: aggregateBetween,
  expect_column_pair_values_a_to_be_greater_than_b: z.strictObject({
    column_A: columnName,
    column_B: columnName,
    or_equal: strictFlag,
    ignore_row_if: z
      .enum(['both_values_are_missing', 'either_value_is_missing', 'neither'], {
        error: 'must be both_values_are_missing, either_value_is_missing or neither',
      })
      .optional(),
    mostly,
  }),
} satisfies Record<ExpectationType, z.ZodType>;

export type ExpectationKwargs = {
  [T in ExpectationType]: z.output<(typeof KWARGS_SCHEMAS)[T]>;
};
