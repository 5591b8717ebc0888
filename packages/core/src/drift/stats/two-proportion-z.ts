import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { TestResult } from './t-test.js';

/**
 * Pooled two-proportion z-test: x1 of n1 against x2 of n2, two-sided. The p-value is taken from
 * the lower tail so that it keeps its precision when tiny (Evidently computes 2 * (1 - cdf)).
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): TestResult {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic: z, pvalue: Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)) };
}
