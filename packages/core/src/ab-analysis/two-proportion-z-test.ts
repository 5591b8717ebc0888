import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { checkProbability, checkProportionSummary } from './ab-summaries.js';
import type { ProportionSummary } from './ab-summaries.js';
import { isSignificant } from './difference-test.js';
import type { DifferenceTest, TestOutcome } from './difference-test.js';

export interface TwoProportionZTest extends DifferenceTest {
  readonly controlRate: number;
  readonly candidateRate: number;
  /** Standard error under H0 (pooled rate), used for z. */
  readonly pooledStandardError: number;
  /** Standard error of the difference (unpooled), used for the interval. */
  readonly standardError: number;
}

/**
 * Two-proportion z-test of candidate against control: z with the pooled standard error (as
 * statsmodels' proportions_ztest), and the Wald interval of the difference with the unpooled one
 * (as confint_proportions_2indep(method='wald')).
 */
export function twoProportionZTest(
  control: ProportionSummary,
  candidate: ProportionSummary,
  alpha = 0.05,
): TestOutcome<TwoProportionZTest> {
  checkProportionSummary('control', control);
  checkProportionSummary('candidate', candidate);
  checkProbability('alpha', alpha);
  if (control.trials === 0 || candidate.trials === 0) {
    return { defined: false, reason: 'Each arm needs at least one trial.' };
  }
  const controlRate = control.successes / control.trials;
  const candidateRate = candidate.successes / candidate.trials;
  const difference = candidateRate - controlRate;
  const pooled = (control.successes + candidate.successes) / (control.trials + candidate.trials);
  const pooledStandardError = Math.sqrt(
    pooled * (1 - pooled) * (1 / control.trials + 1 / candidate.trials),
  );
  if (pooledStandardError === 0) {
    return {
      defined: false,
      reason: `Every trial in both arms has the same outcome (rate ${pooled}), so there is no variation to test.`,
    };
  }
  const statistic = difference / pooledStandardError;
  const pValue = 2 * normalCdf(-Math.abs(statistic), 0, 1);
  const standardError = Math.sqrt(
    (controlRate * (1 - controlRate)) / control.trials +
      (candidateRate * (1 - candidateRate)) / candidate.trials,
  );
  const margin = normalQuantile(1 - alpha / 2, 0, 1) * standardError;
  const lower = difference - margin;
  const upper = difference + margin;
  return {
    defined: true,
    controlRate,
    candidateRate,
    difference,
    statistic,
    pValue,
    pooledStandardError,
    standardError,
    confidenceInterval: { lower, upper, level: 1 - alpha },
    significant: isSignificant(pValue, lower, upper, alpha),
  };
}
