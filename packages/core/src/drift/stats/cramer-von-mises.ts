import { besselK } from './bessel-k.js';
import { cvmExactPValue } from './cramer-von-mises-exact.js';
import { forEachDistinct } from './ranks.js';
import type { TestResult } from './t-test.js';

/** CDF of the limiting distribution of the Cramér-von Mises statistic (Csörgő & Faraway 1996). */
function cvmLimitCdf(x: number): number {
  let total = 0;
  // Gamma(k + 1/2) / Gamma(k + 1), by recurrence from k = 0.
  let gammaRatio = Math.sqrt(Math.PI);
  for (let k = 0; ; k++) {
    const u = gammaRatio / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    const term = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q);
    total += term;
    // SciPy stops at the first term below 1e-7; stopping at the same place keeps p-values equal.
    if (!(Math.abs(term) >= 1e-7)) break;
    gammaRatio *= (k + 0.5) / (k + 1);
  }
  return total;
}

/**
 * Two-sample Cramér-von Mises test (Anderson 1962), as SciPy `cramervonmises_2samp` and
 * Evidently's copy of it: exact p-value when both samples have at most 20 values, else the
 * normalised statistic against the limiting distribution. Samples sorted ascending, at least two
 * values each.
 */
export function cramerVonMisesSorted(a: Float64Array, b: Float64Array): TestResult {
  const nx = a.length;
  const ny = b.length;
  let before = 0;
  let ia = 0;
  let ib = 0;
  let sx = 0;
  let sy = 0;
  forEachDistinct(a, b, (ca, cb) => {
    const mid = before + (ca + cb + 1) / 2;
    // Sum of (r - i)^2 over the tied block, where r is the block's midrank and i the in-sample rank.
    for (let t = 1; t <= ca; t++) sx += (mid - (ia + t)) ** 2;
    for (let t = 1; t <= cb; t++) sy += (mid - (ib + t)) ** 2;
    ia += ca;
    ib += cb;
    before += ca + cb;
  });
  const u = nx * sx + ny * sy;
  const k = nx * ny;
  const N = nx + ny;
  const t = u / (k * N) - (4 * k - 1) / (6 * N);
  if (Math.max(nx, ny) <= 20) return { statistic: t, pvalue: cvmExactPValue(u, nx, ny) };
  const et = (1 + 1 / N) / 6;
  let vt = (N + 1) * (4 * k * N - 3 * (nx ** 2 + ny ** 2) - 2 * k);
  vt = vt / (45 * N ** 2 * 4 * k);
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
  const p = tn < 0.003 ? 1 : Math.max(0, 1 - cvmLimitCdf(tn));
  return { statistic: t, pvalue: p };
}
