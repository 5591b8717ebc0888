import type { CellValue, Column } from '../data/table.js';
import { canonicalValue } from './cell-values.js';

/** A column dictionary-encoded: one small integer per row, so counting and grouping allocate per distinct value, not per row. */
export interface ColumnCodes {
  /** Code of each row's value; -1 for a missing value. */
  readonly codes: Int32Array;
  /** The first value seen for each code, as it appears in the data. */
  readonly values: readonly CellValue[];
  /** Rows holding each code. */
  readonly counts: readonly number[];
  readonly missingCount: number;
}

/**
 * Encodes a column by canonical value (see canonicalValue: "7" and 7 share a code). The first
 * `rowCount` rows are read; rows past a short column count as missing.
 */
export function encodeColumn(column: Column, rowCount: number): ColumnCodes {
  const codes = new Int32Array(rowCount);
  const index = new Map<string | number | boolean, number>();
  const values: CellValue[] = [];
  const counts: number[] = [];
  let missingCount = 0;
  for (let row = 0; row < rowCount; row++) {
    const raw = column[row];
    const key = canonicalValue(raw);
    if (key === null) {
      codes[row] = -1;
      missingCount++;
      continue;
    }
    let code = index.get(key);
    if (code === undefined) {
      code = values.length;
      index.set(key, code);
      values.push(raw ?? null);
      counts.push(0);
    }
    codes[row] = code;
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return { codes, values, counts, missingCount };
}
