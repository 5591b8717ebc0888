import type { KllState } from './kll-sketch.js';
import { KllSketch } from './kll-sketch.js';

/**
 * A step CDF: distinct values ascending with the cumulative weight at or below each. Exact
 * when built from values or value counts; from a KLL sketch it is the sketch's estimate.
 */
export interface WeightedCdf {
  values: Float64Array;
  cumulative: Float64Array;
  total: number;
}

/** Collapses equal neighbours of (ascending values, weights) into a cumulative form. */
export function cdfFromWeighted(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
): WeightedCdf {
  const v = new Float64Array(values.length);
  const c = new Float64Array(values.length);
  let k = -1;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    total += weights[i]!;
    if (k >= 0 && v[k] === values[i]) c[k] = total;
    else {
      k++;
      v[k] = values[i]!;
      c[k] = total;
    }
  }
  return { values: v.slice(0, k + 1), cumulative: c.slice(0, k + 1), total };
}

export function cdfFromSorted(sorted: Float64Array): WeightedCdf {
  return cdfFromWeighted(sorted, new Float64Array(sorted.length).fill(1));
}

export function cdfFromKll(state: KllState): WeightedCdf {
  const { values, weights } = KllSketch.fromState(state).weightedValues();
  return cdfFromWeighted(values, weights);
}

/** Number of values above which `cum[i]` is first not counted: index of the first value > x. */
function firstAbove(cdf: WeightedCdf, x: number): number {
  let lo = 0;
  let hi = cdf.values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf.values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Weight of values <= x. */
export function weightAtMost(cdf: WeightedCdf, x: number): number {
  const i = firstAbove(cdf, x);
  return i === 0 ? 0 : cdf.cumulative[i - 1]!;
}

/** Weight of values < x. */
export function weightBelow(cdf: WeightedCdf, x: number): number {
  let lo = 0;
  let hi = cdf.values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf.values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : cdf.cumulative[lo - 1]!;
}

/**
 * m points at the mid-ranks (i + 0.5) / m of the CDF, ascending: a pseudo-sample standing in for
 * the column in tests that need values rather than a CDF.
 */
export function quantileSample(cdf: WeightedCdf, m: number): Float64Array {
  const out = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < m; i++) {
    const target = ((i + 0.5) / m) * cdf.total;
    while (j < cdf.values.length - 1 && cdf.cumulative[j]! <= target) j++;
    out[i] = cdf.values[j]!;
  }
  return out;
}
