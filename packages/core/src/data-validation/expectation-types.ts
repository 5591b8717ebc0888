/**
 * The expectations Slipway evaluates, under Great Expectations' names so a GE user recognises them
 * (and a GE suite export can be read as is).
 */
export const EXPECTATION_TYPES = [
  'expect_column_to_exist',
  'expect_column_values_to_be_of_type',
  'expect_column_values_to_not_be_null',
  'expect_column_values_to_be_between',
  'expect_column_values_to_be_in_set',
  'expect_column_values_to_be_unique',
  'expect_compound_columns_to_be_unique',
  'expect_column_values_to_match_regex',
  'expect_column_value_lengths_to_be_between',
  'expect_column_mean_to_be_between',
  'expect_column_stdev_to_be_between',
  'expect_column_median_to_be_between',
  'expect_column_quantile_values_to_be_between',
  'expect_column_min_to_be_between',
  'expect_column_max_to_be_between',
  'expect_table_row_count_to_be_between',
  'expect_table_column_count_to_equal',
  'expect_column_distinct_values_to_be_in_set',
  'expect_column_proportion_of_unique_values_to_be_between',
  'expect_column_pair_values_a_to_be_greater_than_b',
] as const;

export type ExpectationType = (typeof EXPECTATION_TYPES)[number];

const KNOWN: ReadonlySet<string> = new Set(EXPECTATION_TYPES);

export function isExpectationType(name: string): name is ExpectationType {
  return KNOWN.has(name);
}
