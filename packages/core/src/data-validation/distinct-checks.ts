import type { ColumnarTable } from '../data/table.js';
import { betweenOutcome } from './bounds.js';
import { canonicalValue, compareValues } from './cell-values.js';
import { encodeColumn } from './column-codes.js';
import type { ExpectationKwargs } from './kwargs-schemas.js';
import { isOutcome, lookUpColumns } from './table-columns.js';
import { PARTIAL_UNEXPECTED_COUNT } from './validation-result.js';
import type { CheckOutcome } from './validation-result.js';

/** A result lists at most this many distinct values; a key column can have millions. */
export const MAX_OBSERVED_DISTINCT = 1000;

/**
 * The column's distinct present values must all be in value_set (an empty set holds vacuously, as
 * GE). observed_value lists the distinct values sorted (at most 1000); partial_unexpected_list
 * the ones outside the set.
 */
export function checkDistinctValuesInSet(
  table: ColumnarTable,
  kwargs: ExpectationKwargs['expect_column_distinct_values_to_be_in_set'],
): CheckOutcome {
  const found = lookUpColumns(table, [kwargs.column]);
  if (isOutcome(found)) return found;
  const { values } = encodeColumn(found[0] ?? [], table.rowCount);
  const distinct = [...values].sort(compareValues);
  const allowed = new Set(kwargs.value_set.map(canonicalValue));
  const outside = distinct.filter((value) => !allowed.has(canonicalValue(value)));
  return {
    success: allowed.size === 0 || outside.length === 0,
    result: {
      observed_value: distinct.slice(0, MAX_OBSERVED_DISTINCT),
      partial_unexpected_list: outside.slice(0, PARTIAL_UNEXPECTED_COUNT),
      details: { distinct_count: distinct.length, unexpected_distinct_count: outside.length },
    },
  };
}

/** Distinct present values / present values; 0 when every value is missing (as GE). */
export function checkProportionUniqueBetween(
  table: ColumnarTable,
  kwargs: ExpectationKwargs['expect_column_proportion_of_unique_values_to_be_between'],
): CheckOutcome {
  const found = lookUpColumns(table, [kwargs.column]);
  if (isOutcome(found)) return found;
  const { values, missingCount } = encodeColumn(found[0] ?? [], table.rowCount);
  const present = table.rowCount - missingCount;
  return betweenOutcome(present > 0 ? values.length / present : 0, kwargs);
}
