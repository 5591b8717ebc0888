import { invalidArgument } from '../../errors.js';
import { ksExactTwoSided } from './ks-exact.js';
import { kolmogorovTwoSidedSf } from './kolmogorov-two-sided.js';
import { clip01, gcd, roundHalfEven, sortedWithoutNaN } from './numeric.js';

export type KsMethod = 'auto' | 'exact' | 'asymp';

export interface KsResult {
  statistic: number;
  pvalue: number;
}

/** SciPy's `ks_2samp(method='auto')` is exact while both samples have at most this many values. */
export const KS_MAX_AUTO_N = 10_000;
const INT32_MAX = 2_147_483_647;

/** sup |F_ref - F_cur| over the pooled values, from two ascending arrays, in one merge pass. */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxDiff = -Infinity;
  let minDiff = Infinity;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    // Same operations as SciPy (searchsorted counts / n), so the statistic matches bit for bit.
    const diff = i / n1 - j / n2;
    if (diff > maxDiff) maxDiff = diff;
    if (diff < minDiff) minDiff = diff;
  }
  const minS = Math.min(Math.max(-minDiff, 0), 1);
  return minS > maxDiff ? minS : maxDiff;
}

/** Two-sided two-sample KS test on samples already sorted ascending (no NaN). */
export function ksTwoSampleSorted(
  a: Float64Array,
  b: Float64Array,
  method: KsMethod = 'auto',
): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) {
    throw invalidArgument('The KS test needs at least one value in each sample.');
  }
  let d = ksStatisticSorted(a, b);
  const g = gcd(n1, n2);
  let mode = method;
  if (mode === 'auto') mode = Math.max(n1, n2) <= KS_MAX_AUTO_N ? 'exact' : 'asymp';
  else if (mode === 'exact' && n1 / g >= INT32_MAX / (n2 / g)) mode = 'asymp';

  if (mode === 'exact') {
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    const p = ksExactTwoSided(n1, n2, g, h);
    if (p !== undefined) return { statistic: d, pvalue: clip01(p) };
  }
  const en = (n1 * n2) / (n1 + n2);
  return { statistic: d, pvalue: clip01(kolmogorovTwoSidedSf(roundHalfEven(en), d)) };
}

/**
 * Two-sided two-sample Kolmogorov-Smirnov test, matching SciPy 1.10 `ks_2samp`: with 'auto' the
 * p-value is exact when both samples have at most 10,000 values, else from the distribution of
 * the one-sample statistic at n = round(n1*n2/(n1+n2)). Inputs are not modified; NaN values are
 * ignored.
 */
export function ksTwoSample(
  reference: Float64Array,
  current: Float64Array,
  method: KsMethod = 'auto',
): KsResult {
  return ksTwoSampleSorted(sortedWithoutNaN(reference), sortedWithoutNaN(current), method);
}
