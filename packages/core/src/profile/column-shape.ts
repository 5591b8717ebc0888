import type { Column } from '../data/table.js';
import type { ColumnShape } from './data-profile.js';

/**
 * The shape drift's `inferColumnType` reads off a column: integer or float for numbers (one
 * fractional value makes it float), string, boolean, or mixed. Non-finite numbers and missing
 * values do not count.
 */
export function columnShape(column: Column): ColumnShape {
  let shape: ColumnShape = 'empty';
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null || v === undefined) continue;
    let s: ColumnShape;
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

/** Shape of two sides together, as drift combines reference and current. */
export function combineShapes(a: ColumnShape, b: ColumnShape): ColumnShape {
  if (a === 'empty') return b;
  if (b === 'empty' || a === b) return a;
  const numeric = (s: ColumnShape) => s === 'integer' || s === 'float';
  return numeric(a) && numeric(b) ? 'float' : 'mixed';
}

export const isNumericShape = (s: ColumnShape): boolean => s === 'integer' || s === 'float';
