/**
 * Integrals of the difference between two empirical CDFs, from ascending arrays in one merge
 * pass: SciPy's `_cdf_distance`, which `wasserstein_distance` (p=1) and `energy_distance`
 * (sqrt(2) times p=2) are built on.
 */
function cdfDistanceSum(a: Float64Array, b: Float64Array, power: 1 | 2): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let total = 0;
  let prev = Math.min(a[0]!, b[0]!);
  // One pooled value per step; between the previous value and this one the CDFs differ by
  // i/n1 - j/n2. Tied values add zero-width pieces, so ties need no special handling.
  while (i < n1 || j < n2) {
    const takeA = j >= n2 || (i < n1 && a[i]! <= b[j]!);
    const v = takeA ? a[i]! : b[j]!;
    const diff = i / n1 - j / n2;
    total += (power === 1 ? Math.abs(diff) : diff * diff) * (v - prev);
    prev = v;
    if (takeA) i++;
    else j++;
  }
  return total;
}

/** First Wasserstein distance between two samples given sorted ascending. */
export function wassersteinDistanceSorted(a: Float64Array, b: Float64Array): number {
  return cdfDistanceSum(a, b, 1);
}

/** Energy distance (SciPy `energy_distance`) between two samples given sorted ascending. */
export function energyDistanceSorted(a: Float64Array, b: Float64Array): number {
  return Math.SQRT2 * Math.sqrt(cdfDistanceSum(a, b, 2));
}
