import { ksExactTwoSided } from '../drift/stats/ks-exact.js';
import { KS_MAX_AUTO_N } from '../drift/stats/ks-two-sample.js';
import { kolmogorovTwoSidedSf } from '../drift/stats/kolmogorov-two-sided.js';
import { clip01, gcd, roundHalfEven } from '../drift/stats/numeric.js';
import type { WeightedCdf } from './weighted-cdf.js';

/** sup |F_a - F_b| over the breakpoints of both step CDFs (where the sup is attained). */
export function ksStatisticFromCdfs(a: WeightedCdf, b: WeightedCdf): number {
  let i = 0;
  let j = 0;
  let best = 0;
  while (i < a.values.length || j < b.values.length) {
    const v =
      j >= b.values.length || (i < a.values.length && a.values[i]! <= b.values[j]!)
        ? a.values[i]!
        : b.values[j]!;
    while (i < a.values.length && a.values[i] === v) i++;
    while (j < b.values.length && b.values[j] === v) j++;
    const fa = i === 0 ? 0 : a.cumulative[i - 1]! / a.total;
    const fb = j === 0 ? 0 : b.cumulative[j - 1]! / b.total;
    best = Math.max(best, Math.abs(fa - fb));
  }
  return best;
}

/**
 * SciPy `ks_2samp(method='auto')`'s p-value for a statistic d at the true sample sizes: exact
 * while both sizes are at most 10,000 (d rounded to the lattice of attainable values), else the
 * asymptotic one-sample distribution at round(n1·n2 / (n1 + n2)).
 */
export function ksPValue(d: number, n1: number, n2: number): number {
  if (Math.max(n1, n2) <= KS_MAX_AUTO_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const p = ksExactTwoSided(n1, n2, g, roundHalfEven(d * lcm));
    if (p !== undefined) return clip01(p);
  }
  return clip01(kolmogorovTwoSidedSf(roundHalfEven((n1 * n2) / (n1 + n2)), d));
}
