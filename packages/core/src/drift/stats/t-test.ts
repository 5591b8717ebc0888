import betainc from '@stdlib/math-base-special-betainc';
import { moments } from './moments.js';

export interface TestResult {
  statistic: number;
  pvalue: number;
}

/** Two-sided p-value of Student's t with `df` degrees of freedom: I_{df/(df+t^2)}(df/2, 1/2). */
export function studentTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, betainc(df / (df + t * t), df / 2, 0.5));
}

/** Two-sample t-test with pooled variance (SciPy `ttest_ind`, equal_var=True). */
export function studentTTest(a: Float64Array, b: Float64Array): TestResult {
  const x = moments(a);
  const y = moments(b);
  const df = x.n + y.n - 2;
  const pooled = (x.ss + y.ss) / df;
  const t = (x.mean - y.mean) / Math.sqrt(pooled * (1 / x.n + 1 / y.n));
  return { statistic: t, pvalue: studentTwoSidedP(t, df) };
}

/** Welch's unequal-variance t-test (SciPy `ttest_ind`, equal_var=False). */
export function welchTTest(a: Float64Array, b: Float64Array): TestResult {
  const x = moments(a);
  const y = moments(b);
  const vx = x.ss / (x.n - 1) / x.n;
  const vy = y.ss / (y.n - 1) / y.n;
  const df = (vx + vy) ** 2 / (vx ** 2 / (x.n - 1) + vy ** 2 / (y.n - 1));
  const t = (x.mean - y.mean) / Math.sqrt(vx + vy);
  return { statistic: t, pvalue: studentTwoSidedP(t, df) };
}
