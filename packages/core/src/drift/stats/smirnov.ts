import { clip01 } from './numeric.js';

/** exp() of anything below this is 0 (cephes MINLOG). */
const MIN_LOG = -708.3964185322641;
/** Above this n, SciPy's cephes `smirnov` switches to an approximation; we follow it. */
const MAX_COMPUTE_N = 1_000_000;

/**
 * Survival function of the one-sided Kolmogorov-Smirnov statistic D+_n, Pr(D+_n > x): the
 * Birnbaum-Tingey sum, evaluated in log space. Follows the case split of SciPy's cephes
 * `smirnov` (van Mulbregt 2018) so the two-sided KS p-values built on it agree with SciPy.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  const nxFloor = Math.floor(nx);
  const alpha = nx - nxFloor;
  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) return clip01(1 - x * (1 + x) ** (n - 1));
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxFloor >= n - 1) return clip01((1 - x) ** n);
  if (n > MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  const last = Math.floor(n * (1 - x));
  let logBinom = 0;
  let sum = 0;
  for (let v = 0; v <= last; v++) {
    const upper = 1 - x - v / n;
    if (upper > 0) {
      const logTerm = logBinom + (v - 1) * Math.log(x + v / n) + (n - v) * Math.log(upper);
      const term = Math.exp(logTerm);
      sum += term;
      // The terms fall off fast past the peak; stop once the rest cannot move the sum.
      if (term > 0 && 4 * (last - v) * term < Number.EPSILON * sum) break;
      if (term === 0 && v > n / 2) break;
    }
    logBinom += Math.log((n - v) / (v + 1));
  }
  return clip01(x * sum);
}
