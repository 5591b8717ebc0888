import { forEachDistinct } from './ranks.js';

export interface AndersonResult {
  /** The normalised k-sample statistic (SciPy's `statistic`). */
  statistic: number;
  /** Approximate significance level, capped to [0.001, 0.25] as SciPy caps it. */
  significanceLevel: number;
}

const SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
// Scholz & Stephens (1987), Table 2 interpolation coefficients, for k - 1 = 1.
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
const CRITICAL = B0.map((b0, i) => b0 + B1[i]! + B2[i]!);

/** Least-squares quadratic through (x, y) by Householder QR (what `numpy.polyfit(x, y, 2)` solves). */
function quadraticFit(x: readonly number[], y: readonly number[]): [number, number, number] {
  const rows = x.length;
  const a = x.map((v) => [v * v, v, 1]);
  const rhs = [...y];
  for (let col = 0; col < 3; col++) {
    let norm = 0;
    for (let r = col; r < rows; r++) norm += a[r]![col]! ** 2;
    norm = Math.sqrt(norm);
    const alpha = a[col]![col]! > 0 ? -norm : norm;
    const v = new Array<number>(rows).fill(0);
    for (let r = col; r < rows; r++) v[r] = a[r]![col]!;
    v[col]! -= alpha;
    let vnorm = 0;
    for (let r = col; r < rows; r++) vnorm += v[r]! ** 2;
    if (vnorm === 0) continue;
    for (let c = col; c < 3; c++) {
      let dot = 0;
      for (let r = col; r < rows; r++) dot += v[r]! * a[r]![c]!;
      for (let r = col; r < rows; r++) a[r]![c]! -= (2 * dot * v[r]!) / vnorm;
    }
    let dot = 0;
    for (let r = col; r < rows; r++) dot += v[r]! * rhs[r]!;
    for (let r = col; r < rows; r++) rhs[r]! -= (2 * dot * v[r]!) / vnorm;
  }
  const coef = [0, 0, 0];
  for (let c = 2; c >= 0; c--) {
    let s = rhs[c]!;
    for (let k = c + 1; k < 3; k++) s -= a[c]![k]! * coef[k]!;
    coef[c] = s / a[c]![c]!;
  }
  return [coef[0]!, coef[1]!, coef[2]!];
}

const FIT = quadraticFit(CRITICAL, SIG.map(Math.log));
const CRIT_MIN = Math.min(...CRITICAL);
const CRIT_MAX = Math.max(...CRITICAL);

/**
 * Two-sample Anderson-Darling test (Scholz & Stephens 1987, midrank version), as SciPy 1.10
 * `anderson_ksamp` with `midrank=True`. Samples sorted ascending. Returns undefined when the
 * pooled sample has fewer than two distinct values (SciPy raises).
 */
export function andersonKSampleSorted(
  a: Float64Array,
  b: Float64Array,
): AndersonResult | undefined {
  const n = [a.length, b.length];
  const N = n[0]! + n[1]!;
  if (n[0] === 0 || n[1] === 0) return undefined;
  let distinct = 0;
  let before = 0;
  const cum = [0, 0];
  const sums = [0, 0];
  forEachDistinct(a, b, (ca, cb) => {
    distinct++;
    const lj = ca + cb;
    const bj = before + lj / 2;
    const counts = [ca, cb];
    for (let i = 0; i < 2; i++) {
      const mij = cum[i]! + counts[i]! - counts[i]! / 2;
      cum[i]! += counts[i]!;
      sums[i]! += ((lj / N) * (N * mij - bj * n[i]!) ** 2) / (bj * (N - bj) - (N * lj) / 4);
    }
    before += lj;
  });
  if (distinct < 2) return undefined;
  const a2kn = ((sums[0]! / n[0]! + sums[1]! / n[1]!) * (N - 1)) / N;
  const k = 2;
  const H = 1 / n[0]! + 1 / n[1]!;
  // h = sum_{i=1}^{N-1} 1/i; g = sum_{i=1}^{N-2} sum_{j=i+1}^{N-1} 1/((N-i) j)
  let hsCs = 0;
  let g = 0;
  for (let i = N - 1; i > 1; i--) {
    hsCs += 1 / i;
    g += hsCs / (N - i + 1);
  }
  const h = hsCs + 1;
  const ca = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const cb = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const cc = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const cd = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmasq = (ca * N ** 3 + cb * N ** 2 + cc * N + cd) / ((N - 1) * (N - 2) * (N - 3));
  const statistic = (a2kn - (k - 1)) / Math.sqrt(sigmasq);
  let p: number;
  if (statistic < CRIT_MIN) p = Math.max(...SIG);
  else if (statistic > CRIT_MAX) p = Math.min(...SIG);
  else p = Math.exp((FIT[0] * statistic + FIT[1]) * statistic + FIT[2]);
  return { statistic, significanceLevel: p };
}
