import type { BetweenKwargs } from './bounds.js';
import { displayList, displayValue } from './display-value.js';
import type { ExpectationConfig } from './suite.js';

/** `0 ≤ mean ≤ 5`, `mean > 0` or `mean ≤ 5`: what a *_to_be_between expectation allows. */
export function describeRange(subject: string, kwargs: BetweenKwargs): string {
  const min = kwargs.min_value ?? null;
  const max = kwargs.max_value ?? null;
  const lowOp = kwargs.strict_min === true ? '<' : '≤';
  const highOp = kwargs.strict_max === true ? '<' : '≤';
  if (min !== null && max !== null) {
    return `${displayValue(min)} ${lowOp} ${subject} ${highOp} ${displayValue(max)}`;
  }
  if (min === null && max === null) return `${subject} unbounded`;
  if (min !== null)
    return `${subject} ${kwargs.strict_min === true ? '>' : '≥'} ${displayValue(min)}`;
  return `${subject} ${highOp} ${displayValue(max)}`;
}

function withMostly(text: string, mostly: number | null | undefined): string {
  return mostly === null || mostly === undefined || mostly === 1
    ? text
    : `${text} for ≥ ${Number((mostly * 100).toFixed(4))}% of values`;
}

/** The columns an expectation is about, for the line's label; empty for table expectations. */
export function expectationColumns(config: ExpectationConfig): string[] {
  const kwargs: Record<string, unknown> = config.kwargs;
  if (typeof kwargs['column'] === 'string') return [kwargs['column']];
  if (config.expectation_type === 'expect_column_pair_values_a_to_be_greater_than_b') {
    return [config.kwargs.column_A, config.kwargs.column_B];
  }
  if (config.expectation_type === 'expect_compound_columns_to_be_unique')
    return config.kwargs.column_list;
  return [];
}

/** What the expectation requires, in a few words: `values in {"a", "b"}`, `0 ≤ mean ≤ 5`. */
export function describeExpected(config: ExpectationConfig): string {
  switch (config.expectation_type) {
    case 'expect_column_to_exist': {
      const at = config.kwargs.column_index;
      return at === null || at === undefined ? 'column exists' : `column exists at position ${at}`;
    }
    case 'expect_column_values_to_be_of_type':
      return withMostly(`values of type ${config.kwargs.type_}`, config.kwargs.mostly);
    case 'expect_column_values_to_not_be_null':
      return withMostly('values not null', config.kwargs.mostly);
    case 'expect_column_values_to_be_between':
      return withMostly(describeRange('value', config.kwargs), config.kwargs.mostly);
    case 'expect_column_values_to_be_in_set':
      return withMostly(
        `values in {${displayList(config.kwargs.value_set)}}`,
        config.kwargs.mostly,
      );
    case 'expect_column_values_to_be_unique':
      return withMostly('values unique', config.kwargs.mostly);
    case 'expect_compound_columns_to_be_unique':
      return withMostly('combinations unique', config.kwargs.mostly);
    case 'expect_column_values_to_match_regex':
      return withMostly(`values match /${config.kwargs.regex}/`, config.kwargs.mostly);
    case 'expect_column_value_lengths_to_be_between':
      return withMostly(describeRange('length', config.kwargs), config.kwargs.mostly);
    case 'expect_column_mean_to_be_between':
      return describeRange('mean', config.kwargs);
    case 'expect_column_stdev_to_be_between':
      return describeRange('stdev', config.kwargs);
    case 'expect_column_median_to_be_between':
      return describeRange('median', config.kwargs);
    case 'expect_column_quantile_values_to_be_between': {
      const { quantiles, value_ranges: ranges } = config.kwargs.quantile_ranges;
      return quantiles
        .map((q, i) =>
          describeRange(`q${q}`, { min_value: ranges[i]?.[0], max_value: ranges[i]?.[1] }),
        )
        .join(', ');
    }
    case 'expect_column_min_to_be_between':
      return describeRange('min', config.kwargs);
    case 'expect_column_max_to_be_between':
      return describeRange('max', config.kwargs);
    case 'expect_table_row_count_to_be_between':
      return describeRange('row count', config.kwargs);
    case 'expect_table_column_count_to_equal':
      return `column count = ${config.kwargs.value}`;
    case 'expect_column_distinct_values_to_be_in_set':
      return `distinct values within {${displayList(config.kwargs.value_set)}}`;
    case 'expect_column_proportion_of_unique_values_to_be_between':
      return describeRange('unique proportion', config.kwargs);
    case 'expect_column_pair_values_a_to_be_greater_than_b': {
      const { column_A: a, column_B: b, or_equal: orEqual } = config.kwargs;
      return withMostly(`${a} ${orEqual === true ? '≥' : '>'} ${b}`, config.kwargs.mostly);
    }
  }
}
