import type { Column } from '../data/table.js';
import { invalidArgument } from '../errors.js';
import { categoricalSample, numericalSample } from './sample.js';
import type { CategoryKey, DriftSample } from './sample.js';
import { sortFloat64InPlace } from './stats/radix-sort.js';
import type { TestedColumnType } from './tests/stat-test.js';

/** Finite values of a numeric column, sorted ascending (NaN and ±Infinity are dropped). */
function sortedFiniteNumbers(column: Column, name: string): Float64Array {
  if (column instanceof Float64Array) {
    let n = 0;
    for (let i = 0; i < column.length; i++) if (Number.isFinite(column[i]!)) n++;
    const out = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < column.length; i++) {
      const v = column[i]!;
      if (Number.isFinite(v)) out[k++] = v;
    }
    return sortFloat64InPlace(out);
  }
  const values: number[] = [];
  for (const v of column) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') {
      throw invalidArgument(
        `Column '${name}' is treated as numerical but holds the string '${v.slice(0, 40)}'; ` +
          `set columnTypes.${name} to 'categorical' or 'text'.`,
        { column: name },
      );
    }
    const x = typeof v === 'boolean' ? Number(v) : v;
    if (Number.isFinite(x)) values.push(x);
  }
  return sortFloat64InPlace(Float64Array.from(values));
}

function categoryCounts(column: Column): Map<CategoryKey, number> {
  const counts = new Map<CategoryKey, number>();
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null || v === undefined) continue;
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/** One side of a column as the drift tests read it, missing values (null, NaN, ±Infinity) dropped. */
export function toDriftSample(column: Column, type: TestedColumnType, name: string): DriftSample {
  return type === 'numerical'
    ? numericalSample(sortedFiniteNumbers(column, name))
    : categoricalSample(categoryCounts(column));
}
