import { invalidArgument } from '@slipway/core';
import type { CellValue, Column, ColumnarTable, LoggedTensor } from '@slipway/core';
import { tensorRows } from './tensor-cells.js';

/** The inputs of a window as a data set, and which request each row came from. */
export interface FeatureTable {
  table: ColumnarTable;
  /** Per row of `table`, the index of its request (a batch of n adds n rows). */
  requestOfRow: Uint32Array;
}

/**
 * The name a feature gets: the input's own name when it holds one value per row (a tabular
 * signature sends a tensor per column, as [n] or [n, 1]), else `<input>[j]` per position.
 */
function featureName(input: string, width: number, position: number): string {
  return width === 1 ? input : `${input}[${position}]`;
}

/** All numbers (or missing) become a Float64Array, NaN for missing; anything else stays values. */
function finishColumn(values: CellValue[]): Column {
  for (const value of values) {
    if (value !== null && typeof value !== 'number') return values;
  }
  const numbers = new Float64Array(values.length);
  values.forEach((value, i) => {
    numbers[i] = value === null ? NaN : (value as number);
  });
  return numbers;
}

/**
 * The inputs of logged predictions as a data set, one row per example: a request of batch n adds
 * n rows. Requests need not agree on inputs: a feature a request lacks is missing in its rows.
 */
export function featureTable(requests: readonly { inputs: LoggedTensor[] }[]): FeatureTable {
  const columns = new Map<string, CellValue[]>();
  const owners: number[] = [];
  requests.forEach((request, index) => {
    const rowCount = owners.length;
    const tensors = request.inputs.map((t) => ({ name: t.name, rows: tensorRows(t) }));
    const batch = Math.max(0, ...tensors.map((t) => t.rows.batch));
    for (const { name, rows } of tensors) {
      for (let position = 0; position < rows.width; position++) {
        const feature = featureName(name, rows.width, position);
        let column = columns.get(feature);
        if (column === undefined) {
          column = [];
          columns.set(feature, column);
        }
        while (column.length < rowCount) column.push(null);
        for (let row = 0; row < batch; row++) {
          column.push(row < rows.batch ? rows.cell(row, position) : null);
        }
      }
    }
    for (let row = 0; row < batch; row++) owners.push(index);
  });
  const finished = new Map<string, Column>();
  for (const [name, values] of columns) {
    while (values.length < owners.length) values.push(null);
    finished.set(name, finishColumn(values));
  }
  return {
    table: { columnNames: [...columns.keys()], columns: finished, rowCount: owners.length },
    requestOfRow: Uint32Array.from(owners),
  };
}

/** Only `wanted` (in that order); an unknown name fails naming the features there are. */
export function selectFeatures(table: ColumnarTable, wanted: readonly string[]): ColumnarTable {
  const unknown = wanted.filter((name) => !table.columns.has(name));
  if (unknown.length > 0) {
    throw invalidArgument(
      `The monitor watches ${unknown.map((n) => `'${n}'`).join(', ')}, which the logged inputs do not have; they have: ${table.columnNames.join(', ') || '(none)'}.`,
    );
  }
  const columns = new Map<string, Column>();
  for (const name of wanted) columns.set(name, table.columns.get(name)!);
  return { columnNames: [...wanted], columns, rowCount: table.rowCount };
}

/** The rows of `table` where `keep` is true. */
export function filterRows(table: ColumnarTable, keep: (row: number) => boolean): ColumnarTable {
  const rows: number[] = [];
  for (let row = 0; row < table.rowCount; row++) if (keep(row)) rows.push(row);
  const columns = new Map<string, Column>();
  for (const name of table.columnNames) {
    const column = table.columns.get(name)!;
    columns.set(
      name,
      column instanceof Float64Array
        ? Float64Array.from(rows, (row) => column[row]!)
        : rows.map((row) => column[row] ?? null),
    );
  }
  return { columnNames: table.columnNames, columns, rowCount: rows.length };
}
