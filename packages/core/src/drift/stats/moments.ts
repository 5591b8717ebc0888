/** Mean and variance of a sample, in two passes for accuracy on large columns. */
export interface Moments {
  n: number;
  mean: number;
  /** Sum of squared deviations from the mean. */
  ss: number;
}

export function moments(values: Float64Array): Moments {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    ss += d * d;
  }
  return { n, mean, ss };
}

/** Population standard deviation (ddof 0), as `numpy.std`. */
export function populationStd(values: Float64Array): number {
  const m = moments(values);
  return Math.sqrt(m.ss / m.n);
}
