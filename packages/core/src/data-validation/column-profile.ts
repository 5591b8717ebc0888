import type { CellValue, Column } from '../data/table.js';
import { isMissing, readNumber } from './cell-values.js';
import { encodeColumn } from './column-codes.js';
import { readDatetime } from './iso-datetime.js';
import { VALUE_TYPES, typeBit, valueTypeMask } from './value-types.js';
import type { ValueType } from './value-types.js';

/** What inferSuite needs to know of a column, gathered in two passes. */
export interface ColumnProfile {
  presentCount: number;
  /** The most specific type every present value satisfies (integer over float over string). */
  type: ValueType | undefined;
  /** Distinct present values as first seen, one per canonical value. */
  distinct: readonly CellValue[];
  /** Extremes as they appear in the data, for numeric and datetime columns. */
  min: CellValue;
  max: CellValue;
}

// Preference when a value satisfies several types: "7" is an integer before it is a string.
const PREFERENCE: readonly ValueType[] = ['integer', 'float', 'boolean', 'datetime', 'string'];

function commonType(column: Column, rowCount: number): ValueType | undefined {
  let mask = (1 << VALUE_TYPES.length) - 1;
  for (let row = 0; row < rowCount && mask !== 0; row++) {
    const value = column[row];
    if (!isMissing(value)) mask &= valueTypeMask(value);
  }
  return PREFERENCE.find((type) => (mask & typeBit(type)) !== 0);
}

function extremes(
  column: Column,
  rowCount: number,
  read: (value: CellValue | undefined) => number,
): [CellValue, CellValue] {
  let min: CellValue = null;
  let max: CellValue = null;
  let low = Infinity;
  let high = -Infinity;
  for (let row = 0; row < rowCount; row++) {
    const value = column[row];
    if (isMissing(value)) continue;
    const x = read(value);
    if (x < low || min === null) {
      low = x;
      min = value ?? null;
    }
    if (x > high || max === null) {
      high = x;
      max = value ?? null;
    }
  }
  return [min, max];
}

export function profileColumn(column: Column, rowCount: number): ColumnProfile {
  const { values, missingCount } = encodeColumn(column, rowCount);
  const presentCount = rowCount - missingCount;
  const type = presentCount > 0 ? commonType(column, rowCount) : undefined;
  const numeric = type === 'integer' || type === 'float';
  const [min, max] =
    numeric || type === 'datetime'
      ? extremes(column, rowCount, numeric ? readNumber : readDatetime)
      : [null, null];
  return { presentCount, type, distinct: values, min, max };
}
