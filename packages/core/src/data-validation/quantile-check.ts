import type { ColumnarTable } from '../data/table.js';
import type { ExpectationKwargs } from './kwargs-schemas.js';
import { collectNumbers } from './numeric-values.js';
import type { QuantileMethod } from './quantiles.js';
import { quantileOfSorted, sortedCopy } from './quantiles.js';
import { isOutcome, lookUpColumns } from './table-columns.js';
import type { CheckOutcome } from './validation-result.js';

// GE counts a quantile on a bound as inside it when numpy.isclose(value, bound, rtol=1e-4) holds.
function isClose(value: number, bound: number): boolean {
  return Math.abs(value - bound) <= 1e-8 + 1e-4 * Math.abs(bound);
}

function inRange(
  value: number,
  low: number | null | undefined,
  high: number | null | undefined,
): boolean {
  if (Number.isNaN(value)) return false;
  const lo = low ?? -Infinity;
  const hi = high ?? Infinity;
  return isClose(value, lo) || isClose(value, hi) || (lo <= value && value <= hi);
}

/**
 * Each quantile within its [low, high] range (null: unbounded). Quantiles are pandas'
 * `Series.quantile` with interpolation `allow_relative_error`, `nearest` when not given, as GE's
 * pandas engine: the value at index round_half_even((n - 1) * q) of the sorted values.
 */
export function checkQuantilesBetween(
  table: ColumnarTable,
  kwargs: ExpectationKwargs['expect_column_quantile_values_to_be_between'],
): CheckOutcome {
  const found = lookUpColumns(table, [kwargs.column]);
  if (isOutcome(found)) return found;
  const numbers = collectNumbers(found[0] ?? [], table.rowCount);
  if (numbers.invalidCount > 0) {
    return {
      success: false,
      result: { partial_unexpected_list: numbers.invalidExamples },
      exception: `column ${JSON.stringify(kwargs.column)} has ${numbers.invalidCount} values that are not numbers, e.g. ${JSON.stringify(numbers.invalidExamples[0])}`,
    };
  }
  const method: QuantileMethod =
    typeof kwargs.allow_relative_error === 'string' ? kwargs.allow_relative_error : 'nearest';
  const sorted = sortedCopy(numbers.values);
  const { quantiles, value_ranges: ranges } = kwargs.quantile_ranges;
  // pandas hands numpy q * 100 and numpy divides by 100 again; the same round trip here keeps
  // the order statistic chosen identical when (n - 1) * q lands next to a rounding boundary.
  const values = quantiles.map((q) => quantileOfSorted(sorted, (q * 100) / 100, method));
  const successDetails = values.map((value, i) => inRange(value, ranges[i]?.[0], ranges[i]?.[1]));
  return {
    success: successDetails.every(Boolean),
    result: {
      observed_value: { quantiles, values: values.map((v) => (Number.isNaN(v) ? null : v)) },
      details: { success_details: successDetails, interpolation: method },
    },
  };
}
