/** Mean with Neumaier-compensated summation, so a million values keep full precision; NaN when empty. */
export function mean(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i] ?? 0;
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return (sum + compensation) / n;
}

/**
 * Sample standard deviation (ddof = 1, as pandas' `std()` and so GE), two-pass about the mean for
 * accuracy; NaN for fewer than two values.
 */
export function sampleStdev(values: Float64Array, valuesMean = mean(values)): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  let squares = 0;
  let residual = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] ?? 0) - valuesMean;
    squares += d * d;
    residual += d;
  }
  // The residual term corrects for rounding in the mean (the "corrected two-pass" algorithm).
  return Math.sqrt((squares - (residual * residual) / n) / (n - 1));
}
