import type { ColumnarTable } from '../data/table.js';
import type { Cell } from './cell-values.js';
import { isMissing, readNumber, shownValue } from './cell-values.js';
import { readDatetime } from './iso-datetime.js';
import type { ExpectationKwargs } from './kwargs-schemas.js';
import { mapOutcome } from './map-outcome.js';
import { isOutcome, lookUpColumns } from './table-columns.js';
import { PARTIAL_UNEXPECTED_COUNT } from './validation-result.js';
import type { CheckOutcome } from './validation-result.js';

/**
 * Compares a with b: -1, 0 or 1, or NaN when they cannot be compared. Numbers (and numeric text)
 * compare as numbers, two ISO dates as instants, other text by code unit; a missing value or a
 * number against text is incomparable, so the row is unexpected (as pandas' NaN comparison).
 */
function compare(a: Cell, b: Cell): number {
  if (isMissing(a) || isMissing(b)) return Number.NaN;
  let x = readNumber(a);
  let y = readNumber(b);
  if (Number.isNaN(x) || Number.isNaN(y)) {
    x = readDatetime(a);
    y = readDatetime(b);
  }
  if (Number.isNaN(x) || Number.isNaN(y)) {
    if (typeof a !== 'string' || typeof b !== 'string') return Number.NaN;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * column_A must be greater than column_B row by row (or equal, with or_equal). Rows are skipped
 * per ignore_row_if: by default only rows where both are missing; a row with one missing value
 * is unexpected.
 */
export function checkPairAGreaterThanB(
  table: ColumnarTable,
  kwargs: ExpectationKwargs['expect_column_pair_values_a_to_be_greater_than_b'],
): CheckOutcome {
  const found = lookUpColumns(table, [kwargs.column_A, kwargs.column_B]);
  if (isOutcome(found)) return found;
  const [columnA = [], columnB = []] = found;
  const rule = kwargs.ignore_row_if ?? 'both_values_are_missing';
  const orEqual = kwargs.or_equal === true;
  const partialUnexpected: unknown[] = [];
  let consideredCount = 0;
  let unexpectedCount = 0;
  for (let row = 0; row < table.rowCount; row++) {
    const a = columnA[row];
    const b = columnB[row];
    const missingA = isMissing(a);
    const missingB = isMissing(b);
    if (
      rule === 'both_values_are_missing'
        ? missingA && missingB
        : rule === 'either_value_is_missing' && (missingA || missingB)
    ) {
      continue;
    }
    consideredCount++;
    const order = compare(a, b);
    if (order > 0 || (orEqual && order === 0)) continue;
    unexpectedCount++;
    if (partialUnexpected.length < PARTIAL_UNEXPECTED_COUNT)
      partialUnexpected.push([shownValue(a), shownValue(b)]);
  }
  return mapOutcome(
    { elementCount: table.rowCount, consideredCount, unexpectedCount, partialUnexpected },
    kwargs.mostly,
  );
}
