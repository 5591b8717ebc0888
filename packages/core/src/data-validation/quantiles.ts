/**
 * How a quantile between two order statistics is chosen: pandas' `Series.quantile(interpolation=)`
 * (numpy's methods of the same names). GE's pandas engine passes its `allow_relative_error` kwarg
 * through as this, and uses `nearest` when it is not given.
 */
export const QUANTILE_METHODS = ['linear', 'lower', 'higher', 'midpoint', 'nearest'] as const;
export type QuantileMethod = (typeof QUANTILE_METHODS)[number];

// numpy rounds the virtual index half to even (np.around): index 1.5 -> 2, 2.5 -> 2.
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * The q-quantile (0 <= q <= 1) of ascending-sorted values: the virtual index is (n - 1) * q, as in
 * numpy, and `method` decides between its two neighbours. NaN when there are no values.
 */
export function quantileOfSorted(sorted: Float64Array, q: number, method: QuantileMethod): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const index = (n - 1) * q;
  const lo = Math.floor(index);
  const hi = Math.min(Math.ceil(index), n - 1);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  switch (method) {
    case 'lower':
      return a;
    case 'higher':
      return b;
    case 'nearest':
      return sorted[roundHalfEven(index)] ?? Number.NaN;
    case 'midpoint':
      return lo === hi ? a : lerp(a, b, 0.5);
    case 'linear':
      return lerp(a, b, index - lo);
  }
}

// numpy's _lerp: from whichever end is nearer, so results match its values to the last bit.
function lerp(a: number, b: number, t: number): number {
  return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
}

/** Median as pandas' `median()`: the mean of the two middle values when n is even; NaN when empty. */
export function medianOfSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const upper = sorted[n >> 1] ?? Number.NaN;
  return n % 2 === 1 ? upper : ((sorted[(n >> 1) - 1] ?? Number.NaN) + upper) / 2;
}

/** A sorted copy; the column's own values are left in row order. */
export function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}
