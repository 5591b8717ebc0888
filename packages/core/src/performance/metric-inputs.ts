import type { CellValue } from '../data/table.js';
import { invalidArgument } from '../errors.js';

/** A column of values as the data layer holds it: a Float64Array or plain cells. */
export type MetricColumn = ArrayLike<CellValue>;

export function checkSameLength(what: string, a: { length: number }, b: { length: number }): void {
  if (a.length !== b.length) {
    throw invalidArgument(
      `${what}: the two columns must have one value per row, got ${a.length} and ${b.length} values.`,
    );
  }
}

/** The number at row i, refusing missing and non-numeric cells (scikit-learn refuses NaN too). */
export function finiteAt(column: MetricColumn, i: number, what: string): number {
  const value = column[i];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidArgument(
      `${what} must be finite numbers; row ${i} holds ${typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value))}. ` +
        'Drop or impute rows with missing values first.',
    );
  }
  return value;
}
