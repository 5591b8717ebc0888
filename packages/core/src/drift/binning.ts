/**
 * Histogram binning as Evidently (`get_binned_data`) and NumPy (`histogram_bin_edges`,
 * `histogram`) do it, on columns already sorted ascending.
 */

/** Index of the first element >= x (side='left'). */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > x (side='right'). */
export function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Equal-width bin edges over [min, max] with the bin count of Sturges' rule, as
 * `numpy.histogram_bin_edges(data, bins='sturges')` for `count` values spanning min..max.
 */
export function sturgesEdges(min: number, max: number, count: number): Float64Array {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const width = (max - min) / (Math.log2(count) + 1);
  const bins = width > 0 ? Math.ceil((last - first) / width) : 1;
  return linspace(first, last, bins + 1);
}

/** `numpy.linspace(start, stop, num)`: i * step + start, with the last point exactly stop. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const step = (stop - start) / div;
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** Counts per bin as `numpy.histogram(values, edges)`: [e_i, e_i+1), the last bin closed. */
export function histogramCounts(sorted: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  let prev = lowerBound(sorted, edges[0]!);
  for (let i = 0; i < bins; i++) {
    const next =
      i === bins - 1 ? upperBound(sorted, edges[i + 1]!) : lowerBound(sorted, edges[i + 1]!);
    counts[i] = next - prev;
    prev = next;
  }
  return counts;
}

/**
 * Evidently replaces empty bins (shares of 0) before PSI and KL: by 0.0001, or by the smallest
 * non-empty share divided by a million when that share is itself at most 0.0001.
 */
export function fillEmptyShares(shares: Float64Array): Float64Array {
  let min = Infinity;
  for (const s of shares) if (s !== 0 && s < min) min = s;
  if (min === Infinity) return shares;
  const fill = min <= 0.0001 ? min / 10 ** 6 : 0.0001;
  const out = Float64Array.from(shares);
  for (let i = 0; i < out.length; i++) if (out[i] === 0) out[i] = fill;
  return out;
}
