import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { clip01 } from './numeric.js';
import { forEachDistinct } from './ranks.js';
import type { TestResult } from './t-test.js';

export type Alternative = 'two-sided' | 'less' | 'greater';

/** SciPy 1.10 uses the exact null distribution only for small samples without ties. */
const EXACT_MAX_SMALLER_N = 8;

/**
 * Pr(U >= k) under the null, for sample sizes m and n: the coefficients of the Gaussian binomial
 * [m+n choose m]_q counted in floating point, built over the smaller of the two sizes.
 */
function exactSf(k: number, m: number, n: number): number {
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  const size = small * large + 1;
  const c = new Float64Array(size);
  c[0] = 1;
  let degree = 0;
  for (let i = 1; i <= small; i++) {
    // Multiply by (1 - q^(large+i)), then divide exactly by (1 - q^i).
    const shift = large + i;
    for (let u = Math.min(degree + shift, size - 1); u >= shift; u--) c[u]! -= c[u - shift]!;
    const top = Math.min(degree + shift, size - 1);
    for (let u = i; u <= top; u++) c[u]! += c[u - i]!;
    degree = i * large;
  }
  let total = 0;
  let tail = 0;
  for (let u = 0; u < size; u++) {
    total += c[u]!;
    if (u >= k) tail += c[u]!;
  }
  return tail / total;
}

/**
 * Mann-Whitney U test on two samples sorted ascending, as SciPy 1.10 `mannwhitneyu`
 * (method='auto', continuity correction, tie-corrected normal approximation). The statistic is
 * U of the first sample.
 */
export function mannWhitneyUSorted(
  a: Float64Array,
  b: Float64Array,
  alternative: Alternative = 'two-sided',
): TestResult {
  const n1 = a.length;
  const n2 = b.length;
  let rankSumA = 0;
  let before = 0;
  let tieTerm = 0;
  forEachDistinct(a, b, (ca, cb) => {
    const t = ca + cb;
    rankSumA += ca * (before + (t + 1) / 2);
    tieTerm += t * t * t - t;
    before += t;
  });
  const u1 = rankSumA - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const u = alternative === 'greater' ? u1 : alternative === 'less' ? u2 : Math.max(u1, u2);
  const factor = alternative === 'two-sided' ? 2 : 1;
  const exact = (n1 <= EXACT_MAX_SMALLER_N || n2 <= EXACT_MAX_SMALLER_N) && tieTerm === 0;
  let p: number;
  if (exact) {
    p = exactSf(Math.trunc(u), n1, n2);
  } else {
    const n = n1 + n2;
    const mu = (n1 * n2) / 2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = (u - mu - 0.5) / s;
    p = normalCdf(-z, 0, 1);
  }
  return { statistic: u1, pvalue: clip01(p * factor) };
}
