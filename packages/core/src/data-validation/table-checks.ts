import type { ColumnarTable } from '../data/table.js';
import { betweenOutcome } from './bounds.js';
import type { ExpectationKwargs } from './kwargs-schemas.js';
import type { CheckOutcome } from './validation-result.js';

/** With column_index, the column must be at that position (0-based) of the data's own order. */
export function checkColumnExists(
  table: ColumnarTable,
  kwargs: ExpectationKwargs['expect_column_to_exist'],
): CheckOutcome {
  const index = kwargs.column_index ?? null;
  const position = table.columnNames.indexOf(kwargs.column);
  return {
    success: index === null ? position >= 0 : position === index,
    result: { observed_value: position >= 0 ? position : null },
  };
}

export function checkRowCountBetween(
  table: ColumnarTable,
  kwargs: ExpectationKwargs['expect_table_row_count_to_be_between'],
): CheckOutcome {
  return betweenOutcome(table.rowCount, kwargs);
}

export function checkColumnCountEqual(
  table: ColumnarTable,
  kwargs: ExpectationKwargs['expect_table_column_count_to_equal'],
): CheckOutcome {
  const count = table.columnNames.length;
  return { success: count === kwargs.value, result: { observed_value: count } };
}
