import { chi2Sf } from './chi2-sf.js';
import type { TestResult } from './t-test.js';

/** x * log(x / y) with SciPy's conventions: 0 when x = 0, infinite when y = 0 < x. */
function xlogxy(x: number, y: number): number {
  if (x === 0) return 0;
  if (y === 0) return Infinity;
  return x * Math.log(x / y);
}

/** Pearson's chi-square goodness of fit (SciPy `chisquare`), k - 1 degrees of freedom. */
export function chiSquareGoodnessOfFit(
  observed: ArrayLike<number>,
  expected: ArrayLike<number>,
): TestResult {
  let stat = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i]!;
    const d = observed[i]! - e;
    stat += e === 0 ? (d === 0 ? Number.NaN : Infinity) : (d * d) / e;
  }
  return { statistic: stat, pvalue: chi2Sf(stat, observed.length - 1) };
}

/** G-test, the log-likelihood power divergence (SciPy `power_divergence(lambda_='log-likelihood')`). */
export function gTest(observed: ArrayLike<number>, expected: ArrayLike<number>): TestResult {
  let stat = 0;
  for (let i = 0; i < observed.length; i++) stat += xlogxy(observed[i]!, expected[i]!);
  stat *= 2;
  return { statistic: stat, pvalue: chi2Sf(stat, observed.length - 1) };
}

export interface ContingencyResult extends TestResult {
  dof: number;
}

/**
 * Chi-square test of independence on a contingency table (SciPy `chi2_contingency`). As in
 * SciPy, `correction` applies Yates' continuity correction, and only with one degree of freedom.
 */
export function chi2Contingency(
  table: readonly (readonly number[])[],
  correction = true,
): ContingencyResult {
  const rows = table.length;
  const cols = table[0]?.length ?? 0;
  const rowSums = table.map((r) => r.reduce((s, v) => s + v, 0));
  const colSums = Array.from({ length: cols }, (_, c) => table.reduce((s, r) => s + r[c]!, 0));
  const total = rowSums.reduce((s, v) => s + v, 0);
  const dof = (rows - 1) * (cols - 1);
  if (dof === 0) return { statistic: 0, pvalue: 1, dof };
  let stat = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const expected = (rowSums[r]! * colSums[c]!) / total;
      let observed = table[r]![c]!;
      if (dof === 1 && correction) {
        const gap = expected - observed;
        observed += Math.sign(gap) * Math.min(0.5, Math.abs(gap));
      }
      stat += (observed - expected) ** 2 / expected;
    }
  }
  return { statistic: stat, pvalue: chi2Sf(stat, dof), dof };
}
