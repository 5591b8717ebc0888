import type { Column, ColumnarTable } from '../data/table.js';
import type { CheckOutcome } from './validation-result.js';

const NAMES_SHOWN = 10;

/**
 * The named columns, or the failing outcome that names the first absent one and the columns the
 * data does have. A suite naming an absent column fails that expectation; it never throws.
 */
export function lookUpColumns(
  table: ColumnarTable,
  names: readonly string[],
): Column[] | CheckOutcome {
  const columns: Column[] = [];
  for (const name of names) {
    const column = table.columns.get(name);
    if (column === undefined) {
      const shown = table.columnNames.slice(0, NAMES_SHOWN).map((n) => JSON.stringify(n));
      const more = table.columnNames.length > NAMES_SHOWN ? ', ...' : '';
      const has = shown.length === 0 ? 'no columns' : `columns ${shown.join(', ')}${more}`;
      return {
        success: false,
        result: {},
        exception: `column ${JSON.stringify(name)} is not in the data (it has ${has})`,
      };
    }
    columns.push(column);
  }
  return columns;
}

export function isOutcome(value: Column[] | CheckOutcome): value is CheckOutcome {
  return !Array.isArray(value);
}
