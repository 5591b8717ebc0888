import type { ColumnarTable } from '../data/table.js';
import type { BetweenKwargs } from './bounds.js';
import { betweenOutcome, boundsScale } from './bounds.js';
import type { ExpectationKwargs } from './kwargs-schemas.js';
import { mean, sampleStdev } from './moments.js';
import type { NumericScale } from './numeric-values.js';
import { collectNumbers } from './numeric-values.js';
import { medianOfSorted, sortedCopy } from './quantiles.js';
import { isOutcome, lookUpColumns } from './table-columns.js';
import type { CheckOutcome } from './validation-result.js';

type Kwargs = ExpectationKwargs;

/**
 * A column's present values on a numeric scale, or a failing outcome when some cannot be read
 * (an aggregate of text is meaningless; GE raises there). Missing values are left out.
 */
function numericColumn(
  table: ColumnarTable,
  name: string,
  scale: NumericScale,
): Float64Array | CheckOutcome {
  const found = lookUpColumns(table, [name]);
  if (isOutcome(found)) return found;
  const numbers = collectNumbers(found[0] ?? [], table.rowCount, scale);
  if (numbers.invalidCount === 0) return numbers.values;
  const kind = scale === 'number' ? 'numbers' : 'ISO 8601 dates';
  return {
    success: false,
    result: { partial_unexpected_list: numbers.invalidExamples },
    exception: `column ${JSON.stringify(name)} has ${numbers.invalidCount} values that are not ${kind}, e.g. ${JSON.stringify(numbers.invalidExamples[0])}`,
  };
}

function statisticBetween(
  table: ColumnarTable,
  kwargs: BetweenKwargs & { column: string },
  statistic: (values: Float64Array) => number,
): CheckOutcome {
  const scale = boundsScale(kwargs);
  const values = numericColumn(table, kwargs.column, scale);
  if (!(values instanceof Float64Array)) return values;
  return betweenOutcome(statistic(values), kwargs, scale);
}

export function checkMeanBetween(
  table: ColumnarTable,
  kwargs: Kwargs['expect_column_mean_to_be_between'],
): CheckOutcome {
  return statisticBetween(table, kwargs, mean);
}

/** Sample standard deviation (ddof = 1), as GE. */
export function checkStdevBetween(
  table: ColumnarTable,
  kwargs: Kwargs['expect_column_stdev_to_be_between'],
): CheckOutcome {
  return statisticBetween(table, kwargs, (values) => sampleStdev(values));
}

export function checkMedianBetween(
  table: ColumnarTable,
  kwargs: Kwargs['expect_column_median_to_be_between'],
): CheckOutcome {
  return statisticBetween(table, kwargs, (values) => medianOfSorted(sortedCopy(values)));
}

function minimum(values: Float64Array): number {
  let min = Number.NaN;
  for (const x of values) if (!(x >= min)) min = x;
  return min;
}

function maximum(values: Float64Array): number {
  let max = Number.NaN;
  for (const x of values) if (!(x <= max)) max = x;
  return max;
}

/** Numbers, or ISO dates when the bounds are dates (the observed value is then an ISO string). */
export function checkMinBetween(
  table: ColumnarTable,
  kwargs: Kwargs['expect_column_min_to_be_between'],
): CheckOutcome {
  return statisticBetween(table, kwargs, minimum);
}

export function checkMaxBetween(
  table: ColumnarTable,
  kwargs: Kwargs['expect_column_max_to_be_between'],
): CheckOutcome {
  return statisticBetween(table, kwargs, maximum);
}
