import type { Column } from '../data/table.js';
import type { NumericalSummary, ProfileLimits } from './data-profile.js';
import { KllSketch } from './kll-sketch.js';

export interface NumericalProfile {
  missing: number;
  infinite: number;
  distinct: number;
  distinctExact: boolean;
  summary: NumericalSummary | null;
}

function toFloat64(column: Column): Float64Array {
  if (column instanceof Float64Array) return column;
  const out = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    out[i] = typeof v === 'number' ? v : Number.NaN;
  }
  return out;
}

/**
 * One column of numbers summarised in two passes over a Float64Array: counts, range, sum and
 * KLL in the first, squared deviations from the mean in the second (as `numpy.var` computes
 * them). Value counts stop at the limit, so high-cardinality columns pay for only ~1,000 map
 * insertions.
 */
export function profileNumerical(column: Column, limits: ProfileLimits): NumericalProfile {
  const values = toFloat64(column);
  const kll = new KllSketch(limits.kllK, limits.seed);
  let counts: Map<number, number> | undefined = new Map();
  let missing = 0;
  let infinite = 0;
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) {
      missing++;
      continue;
    }
    if (v === Infinity || v === -Infinity) {
      infinite++;
      continue;
    }
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    kll.update(v);
    if (counts !== undefined) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
      if (counts.size > limits.maxNumericValueCounts) counts = undefined;
    }
  }
  missing += column.length - values.length;
  if (n === 0) return { missing, infinite, distinct: 0, distinctExact: true, summary: null };
  const mean = sum / n;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - mean;
    if (Number.isFinite(d)) m2 += d * d;
  }
  const summary: NumericalSummary = {
    kind: 'numerical',
    n,
    mean,
    m2,
    min,
    max,
    kll: kll.toState(),
  };
  if (counts !== undefined) summary.valueCounts = [...counts].sort((a, b) => a[0] - b[0]);
  if (n <= limits.maxExactValues) {
    const finite = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < values.length; i++)
      if (Number.isFinite(values[i]!)) finite[k++] = values[i]!;
    summary.values = Array.from(finite.sort());
  }
  return {
    missing,
    infinite,
    distinct: counts?.size ?? limits.maxNumericValueCounts + 1,
    distinctExact: counts !== undefined,
    summary,
  };
}
