import type { ColumnarTable } from '../data/table.js';
import { isMissing } from './cell-values.js';
import type { ExpectationKwargs } from './kwargs-schemas.js';
import { mapOutcome } from './map-outcome.js';
import { isOutcome, lookUpColumns } from './table-columns.js';
import { PARTIAL_UNEXPECTED_COUNT } from './validation-result.js';
import type { CheckOutcome } from './validation-result.js';

/**
 * The one column-value expectation that judges every row: the non-null share must be at least
 * `mostly`. Its missing_count is the null count (GE leaves it out; here it says the same thing).
 */
export function checkValuesNotNull(
  table: ColumnarTable,
  kwargs: ExpectationKwargs['expect_column_values_to_not_be_null'],
): CheckOutcome {
  const found = lookUpColumns(table, [kwargs.column]);
  if (isOutcome(found)) return found;
  const column = found[0] ?? [];
  let nullCount = 0;
  for (let row = 0; row < table.rowCount; row++) {
    if (isMissing(column[row])) nullCount++;
  }
  const outcome = mapOutcome(
    {
      elementCount: table.rowCount,
      consideredCount: table.rowCount,
      unexpectedCount: nullCount,
      partialUnexpected: new Array<null>(Math.min(nullCount, PARTIAL_UNEXPECTED_COUNT)).fill(null),
    },
    kwargs.mostly,
  );
  outcome.result.missing_count = nullCount;
  outcome.result.missing_percent = outcome.result.unexpected_percent_total ?? null;
  return outcome;
}
