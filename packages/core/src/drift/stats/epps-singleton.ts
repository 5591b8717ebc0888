import { chi2Sf } from './chi2-sf.js';
import { mergeSorted, quantileSorted } from './quantile.js';
import { symmetricEigen } from './symmetric-eigen.js';
import type { TestResult } from './t-test.js';

const T = [0.4, 0.8];
const DIM = 2 * T.length;

/** Mean vector and biased covariance of the empirical characteristic-function features. */
function featureMoments(x: Float64Array, ts: readonly number[]): { mean: number[]; cov: number[] } {
  const n = x.length;
  const mean = new Array<number>(DIM).fill(0);
  const g = new Float64Array(DIM);
  for (let i = 0; i < n; i++) {
    features(x[i]!, ts, g);
    for (let d = 0; d < DIM; d++) mean[d]! += g[d]!;
  }
  for (let d = 0; d < DIM; d++) mean[d]! /= n;
  const cov = new Array<number>(DIM * DIM).fill(0);
  for (let i = 0; i < n; i++) {
    features(x[i]!, ts, g);
    for (let p = 0; p < DIM; p++) {
      const dp = g[p]! - mean[p]!;
      for (let q = p; q < DIM; q++) cov[p * DIM + q]! += dp * (g[q]! - mean[q]!);
    }
  }
  for (let p = 0; p < DIM; p++) {
    for (let q = p; q < DIM; q++) {
      cov[p * DIM + q]! /= n;
      cov[q * DIM + p] = cov[p * DIM + q]!;
    }
  }
  return { mean, cov };
}

function features(x: number, ts: readonly number[], out: Float64Array): void {
  for (let k = 0; k < ts.length; k++) {
    out[k] = Math.cos(ts[k]! * x);
    out[ts.length + k] = Math.sin(ts[k]! * x);
  }
}

/**
 * Epps-Singleton two-sample test on the empirical characteristic function at t = (0.4, 0.8)
 * scaled by the semi-interquartile range, as SciPy `epps_singleton_2samp`. Samples sorted
 * ascending; returns undefined when a sample has fewer than 5 values or the pooled IQR is 0.
 */
export function eppsSingletonSorted(a: Float64Array, b: Float64Array): TestResult | undefined {
  const nx = a.length;
  const ny = b.length;
  if (nx < 5 || ny < 5) return undefined;
  const n = nx + ny;
  const pooled = mergeSorted(a, b);
  const sigma = (quantileSorted(pooled, 0.75) - quantileSorted(pooled, 0.25)) / 2;
  if (sigma === 0) return undefined;
  const ts = T.map((t) => t / sigma);
  const mx = featureMoments(a, ts);
  const my = featureMoments(b, ts);
  const est = mx.cov.map((c, i) => (n / nx) * c + (n / ny) * my.cov[i]!);
  const { values, vectors } = symmetricEigen(est, DIM);
  const largest = Math.max(...values.map(Math.abs));
  // numpy.linalg.pinv drops singular values below 1e-15 of the largest.
  const inverse = values.map((v) => (Math.abs(v) > 1e-15 * largest ? 1 / v : 0));
  const invLargest = Math.max(...inverse.map(Math.abs));
  // matrix_rank of the pseudo-inverse: singular values above max * size * eps.
  const rank = inverse.filter((v) => Math.abs(v) > invLargest * DIM * Number.EPSILON).length;
  const diff = mx.mean.map((m, d) => m - my.mean[d]!);
  let w = 0;
  for (let k = 0; k < DIM; k++) {
    if (inverse[k] === 0) continue;
    let proj = 0;
    for (let d = 0; d < DIM; d++) proj += vectors[d * DIM + k]! * diff[d]!;
    w += inverse[k]! * proj * proj;
  }
  w *= n;
  if (Math.max(nx, ny) < 25) {
    w *= 1 / (1 + n ** -0.45 + 10.1 * (nx ** -1.7 + ny ** -1.7));
  }
  return { statistic: w, pvalue: chi2Sf(w, rank) };
}
