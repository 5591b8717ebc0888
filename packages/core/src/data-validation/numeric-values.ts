import type { CellValue, Column } from '../data/table.js';
import type { Cell } from './cell-values.js';
import { isMissing, readNumber } from './cell-values.js';
import { readDatetime } from './iso-datetime.js';
import { PARTIAL_UNEXPECTED_COUNT } from './validation-result.js';

/** How a column's values are read for comparison: as numbers, or as ISO datetimes (epoch ms). */
export type NumericScale = 'number' | 'datetime';

export function readerFor(scale: NumericScale): (value: Cell) => number {
  return scale === 'number' ? readNumber : readDatetime;
}

/** A column's present values read on a numeric scale, in row order, plus what could not be read. */
export interface NumericValues {
  readonly values: Float64Array;
  readonly missingCount: number;
  /** Present values that are not numbers (or not ISO datetimes on the datetime scale). */
  readonly invalidCount: number;
  readonly invalidExamples: readonly CellValue[];
}

// The common case, a numeric column, without the per-value type tests of the general loop.
function presentNumbers(column: Float64Array, rowCount: number): NumericValues {
  const values = new Float64Array(rowCount);
  let length = 0;
  for (let row = 0; row < rowCount; row++) {
    const value = column[row] ?? Number.NaN;
    if (!Number.isNaN(value)) values[length++] = value;
  }
  return {
    values: values.subarray(0, length),
    missingCount: rowCount - length,
    invalidCount: 0,
    invalidExamples: [],
  };
}

/** Reads the first `rowCount` rows into one Float64Array; nothing is allocated per row. */
export function collectNumbers(
  column: Column,
  rowCount: number,
  scale: NumericScale = 'number',
): NumericValues {
  if (column instanceof Float64Array && scale === 'number') return presentNumbers(column, rowCount);
  const read = readerFor(scale);
  const values = new Float64Array(rowCount);
  const invalidExamples: CellValue[] = [];
  let length = 0;
  let missingCount = 0;
  let invalidCount = 0;
  for (let row = 0; row < rowCount; row++) {
    const raw = column[row];
    if (isMissing(raw)) {
      missingCount++;
      continue;
    }
    const value = read(raw);
    if (Number.isNaN(value)) {
      invalidCount++;
      if (invalidExamples.length < PARTIAL_UNEXPECTED_COUNT) invalidExamples.push(raw ?? null);
      continue;
    }
    values[length++] = value;
  }
  return { values: values.subarray(0, length), missingCount, invalidCount, invalidExamples };
}
