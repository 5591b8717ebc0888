import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { checkMeanSummary, checkProbability } from './ab-summaries.js';
import type { MeanSummary } from './ab-summaries.js';
import { isSignificant } from './difference-test.js';
import type { DifferenceTest, TestOutcome } from './difference-test.js';

export interface WelchTTest extends DifferenceTest {
  /** Welch–Satterthwaite degrees of freedom. */
  readonly degreesOfFreedom: number;
  readonly standardError: number;
}

/**
 * Welch's t-test of candidate against control from summaries (SciPy's ttest_ind_from_stats with
 * equal_var=False), with the t interval of the difference at Welch–Satterthwaite degrees of freedom.
 */
export function welchTTest(
  control: MeanSummary,
  candidate: MeanSummary,
  alpha = 0.05,
): TestOutcome<WelchTTest> {
  checkMeanSummary('control', control);
  checkMeanSummary('candidate', candidate);
  checkProbability('alpha', alpha);
  if (control.count < 2 || candidate.count < 2) {
    return {
      defined: false,
      reason: 'Each arm needs at least two values to estimate its variance.',
    };
  }
  const vControl = control.variance / control.count;
  const vCandidate = candidate.variance / candidate.count;
  const standardError = Math.sqrt(vControl + vCandidate);
  if (standardError === 0) {
    return { defined: false, reason: 'Both arms have zero variance, so there is nothing to test.' };
  }
  const degreesOfFreedom =
    (vControl + vCandidate) ** 2 /
    (vControl ** 2 / (control.count - 1) + vCandidate ** 2 / (candidate.count - 1));
  const difference = candidate.mean - control.mean;
  const statistic = difference / standardError;
  const pValue = 2 * tCdf(-Math.abs(statistic), degreesOfFreedom);
  const margin = tQuantile(1 - alpha / 2, degreesOfFreedom) * standardError;
  const lower = difference - margin;
  const upper = difference + margin;
  return {
    defined: true,
    difference,
    statistic,
    pValue,
    degreesOfFreedom,
    standardError,
    confidenceInterval: { lower, upper, level: 1 - alpha },
    significant: isSignificant(pValue, lower, upper, alpha),
  };
}
