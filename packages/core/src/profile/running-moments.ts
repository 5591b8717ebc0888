/** Count, mean and sum of squared deviations of the finite values, plus their range. */
export interface RunningMoments {
  n: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
}

/**
 * Moments of the union (Chan, Golub & LeVeque 1979): exact up to rounding, and stable because
 * it combines centred sums instead of raw sums of squares.
 */
export function mergeMoments(a: RunningMoments, b: RunningMoments): RunningMoments {
  if (a.n === 0) return { ...b };
  if (b.n === 0) return { ...a };
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return {
    n,
    mean: a.mean + (delta * b.n) / n,
    m2: a.m2 + b.m2 + ((delta * delta * a.n) / n) * b.n,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
  };
}

/** Population variance (ddof 0, as numpy.var), NaN without values. */
export function populationVariance(m: RunningMoments): number {
  return m.n === 0 ? Number.NaN : m.m2 / m.n;
}
