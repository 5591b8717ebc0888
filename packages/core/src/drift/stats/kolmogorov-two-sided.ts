import { kolmogorovCdfDmtw } from './kolmogorov-dmtw.js';
import { kolmogorovCdfPelzGood } from './kolmogorov-pelz-good.js';
import { kolmogorovCdfPomeranz } from './kolmogorov-pomeranz.js';
import { clip01 } from './numeric.js';
import { smirnovSf } from './smirnov.js';

const LOG_2PI = Math.log(2 * Math.PI);
// Stirling-series coefficients of log(n!) in powers of 1/n^2, highest power first.
const STIRLING = [
  -3617 / 122400,
  1 / 156,
  -691 / 360360,
  1 / 1188,
  -1 / 1680,
  1 / 1260,
  -1 / 360,
  1 / 12,
];

function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * Pr(D_n > x) for the two-sided one-sample Kolmogorov-Smirnov statistic (SciPy's `kstwo.sf`).
 * The algorithm is chosen per region exactly as SciPy's `_kolmogn` (Simard & L'Ecuyer 2011)
 * chooses it, since two of the regions use approximations and p-values must agree with SciPy.
 */
export function kolmogorovTwoSidedSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * (1 - x) ** n);
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip01(1 - kolmogorovCdfDmtw(n, x));
    if (nxSquared <= 4) return clip01(1 - kolmogorovCdfPomeranz(n, x));
    return clip01(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip01(2 * smirnovSf(n, x));
  const cdf =
    n <= 100000 && n * x ** 1.5 <= 1.4 ? kolmogorovCdfDmtw(n, x) : kolmogorovCdfPelzGood(n, x);
  return clip01(1 - cdf);
}
