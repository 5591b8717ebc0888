import { invalidArgument } from '@slipway/core';
import { isPlainObject } from '../protocol/parameters.js';

/**
 * Rows of named (or positional) cells, however the request laid them out. Scoring formats
 * arrive row-major (dataframe_split, lists of rows), as records (dataframe_records, instances)
 * or column-major (inputs as a dict of columns); reading cells through `value` lets one
 * conversion serve them all without copying the request into another layout first.
 */
export interface Frame {
  readonly rowCount: number;
  /** Column names in the request's order; undefined when the rows are positional lists. */
  readonly names: readonly string[] | undefined;
  /** Cells per row: names.length, or the width of positional rows. */
  readonly width: number;
  /** The cell at (row, column index); undefined when a record lacks the column. */
  value(row: number, column: number): unknown;
}

/** Row-major lists of cells, with names (dataframe_split, CSV) or without (lists of rows). */
export function frameFromRows(
  rows: readonly unknown[],
  names: readonly string[] | undefined,
  where: string,
): Frame {
  const width = names?.length ?? (Array.isArray(rows[0]) ? rows[0].length : 0);
  rows.forEach((row, index) => {
    if (!Array.isArray(row)) {
      throw invalidArgument(`${where}: row ${index} must be a list of values.`);
    }
    if (row.length !== width) {
      throw invalidArgument(
        `${where}: row ${index} has ${row.length} values but ${names ? `there are ${width} columns` : `row 0 has ${width}`}.`,
      );
    }
  });
  const cells = rows as readonly unknown[][];
  return {
    rowCount: rows.length,
    names,
    width,
    value: (row, column) => cells[row]?.[column],
  };
}

/**
 * Records: one object per row (dataframe_records, instances). The columns are the keys of all
 * records in first-seen order, so a key missing from one record reads as undefined there.
 */
export function frameFromRecords(records: readonly unknown[], where: string): Frame {
  const names: string[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    if (!isPlainObject(record)) {
      throw invalidArgument(`${where}: record ${index} must be an object of column -> value.`);
    }
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  });
  const rows = records as readonly Record<string, unknown>[];
  return {
    rowCount: rows.length,
    names,
    width: names.length,
    value: (row, column) => rows[row]?.[names[column] as string],
  };
}

/** Column-major: `{ column: [values...] }`, every list of the same length. */
export function frameFromColumns(columns: Record<string, unknown>, where: string): Frame {
  const names = Object.keys(columns);
  const lists = names.map((name) => {
    const list = columns[name];
    if (!Array.isArray(list)) {
      throw invalidArgument(`${where}: column '${name}' must be a list of values, one per row.`);
    }
    return list as unknown[];
  });
  const rowCount = lists[0]?.length ?? 0;
  lists.forEach((list, index) => {
    if (list.length !== rowCount) {
      throw invalidArgument(
        `${where}: column '${names[index]}' has ${list.length} values but column '${names[0]}' has ${rowCount}; every column needs one value per row.`,
      );
    }
  });
  return { rowCount, names, width: names.length, value: (row, column) => lists[column]?.[row] };
}
