import type { CellValue, Column } from '../data/table.js';
import type { DriftColumnType } from './tests/stat-test.js';

/** Integer columns with at most this many distinct values are categorical (Evidently's limit). */
export const INTEGER_CARDINALITY_LIMIT = 10;
/** String columns whose distinct values exceed this share of their values are free text. */
export const TEXT_UNIQUE_SHARE = 0.5;

function isPresent(v: CellValue | undefined): v is string | number | boolean {
  return v !== null && v !== undefined && !(typeof v === 'number' && Number.isNaN(v));
}

function presentCount(column: Column): number {
  let n = 0;
  for (let i = 0; i < column.length; i++) if (isPresent(column[i])) n++;
  return n;
}

/** Distinct finite numbers, counting no further than limit + 1. */
function distinctNumbersUpTo(column: Column, limit: number): number {
  const seen = new Set<number>();
  for (let i = 0; i < column.length && seen.size <= limit; i++) {
    const v = column[i];
    if (typeof v === 'number' && Number.isFinite(v)) seen.add(v);
  }
  return seen.size;
}

type Shape = 'empty' | 'integer' | 'float' | 'string' | 'boolean' | 'mixed';

function shapeOf(column: Column): Shape {
  if (column instanceof Float64Array) {
    let shape: Shape = 'empty';
    for (let i = 0; i < column.length; i++) {
      const v = column[i]!;
      if (!Number.isFinite(v)) continue;
      // One fractional value settles it; typed columns hold nothing but numbers.
      if (!Number.isInteger(v)) return 'float';
      shape = 'integer';
    }
    return shape;
  }
  let shape: Shape = 'empty';
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (!isPresent(v)) continue;
    let s: Shape;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) continue;
      s = Number.isInteger(v) ? 'integer' : 'float';
    } else {
      s = typeof v === 'string' ? 'string' : 'boolean';
    }
    if (shape === 'empty' || (shape === 'integer' && s === 'float')) shape = s;
    else if (shape === 'float' && s === 'integer') continue;
    else if (shape !== s) return 'mixed';
  }
  return shape;
}

function combine(a: Shape, b: Shape): Shape {
  if (a === 'empty') return b;
  if (b === 'empty' || a === b) return a;
  const numeric = (s: Shape) => s === 'integer' || s === 'float';
  if (numeric(a) && numeric(b)) return 'float';
  return 'mixed';
}

/**
 * Evidently's column type inference (`infer_column_type`) on Slipway columns: non-integer
 * numbers are numerical; integer-valued numbers are categorical when the reference (or, if it is
 * empty, the current data) has at most 10 distinct values; strings are text when more than half
 * of their values are distinct, else categorical; booleans and mixed columns are categorical.
 * Returns undefined when neither side has a value.
 */
export function inferColumnType(
  reference: Column | undefined,
  current?: Column,
): DriftColumnType | undefined {
  const shape = combine(
    reference ? shapeOf(reference) : 'empty',
    current ? shapeOf(current) : 'empty',
  );
  const basis =
    reference && presentCount(reference) > 0
      ? reference
      : current && presentCount(current) > 0
        ? current
        : undefined;
  switch (shape) {
    case 'empty':
      return undefined;
    case 'float':
      return 'numerical';
    case 'integer':
      return basis &&
        distinctNumbersUpTo(basis, INTEGER_CARDINALITY_LIMIT) <= INTEGER_CARDINALITY_LIMIT
        ? 'categorical'
        : 'numerical';
    case 'string': {
      if (!basis) return 'categorical';
      const present = presentCount(basis);
      const distinct = new Set<CellValue>();
      for (let i = 0; i < basis.length; i++) if (isPresent(basis[i])) distinct.add(basis[i]!);
      return distinct.size > present * TEXT_UNIQUE_SHARE ? 'text' : 'categorical';
    }
    default:
      return 'categorical';
  }
}
