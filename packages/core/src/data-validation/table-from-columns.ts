import { invalidArgument } from '../errors.js';
import type { Column, ColumnarTable } from '../data/table.js';

/**
 * A ColumnarTable from named columns, in the object's key order. All columns must be the same
 * length; an empty object is a table with no columns and no rows.
 */
export function tableFromColumns(columns: Readonly<Record<string, Column>>): ColumnarTable {
  const names = Object.keys(columns);
  const map = new Map<string, Column>();
  let rowCount: number | undefined;
  for (const name of names) {
    const column = columns[name] ?? [];
    if (rowCount !== undefined && column.length !== rowCount) {
      throw invalidArgument(
        `Column ${JSON.stringify(name)} has ${column.length} rows but ${JSON.stringify(names[0])} has ${rowCount}; all columns must be the same length.`,
      );
    }
    rowCount = column.length;
    map.set(name, column);
  }
  return { columnNames: names, columns: map, rowCount: rowCount ?? 0 };
}
