import { invalidArgument } from '../errors.js';
import type { MeanSummary, ProportionSummary } from './ab-summaries.js';
import type { DifferenceTest, TestOutcome } from './difference-test.js';
import { sampleSizePerArmForMeans, sampleSizePerArmForProportions } from './sample-size.js';
import type { PowerOptions } from './sample-size.js';
import { twoProportionZTest } from './two-proportion-z-test.js';
import { welchTTest } from './welch-t-test.js';

interface ExperimentBase extends PowerOptions {
  /** Smallest absolute difference worth acting on (rate points, or units of the metric). */
  minimumDetectableEffect: number;
  /** Whether a larger value is better (conversion) or worse (error rate, latency); true by default. */
  higherIsBetter?: boolean;
}

export interface ProportionExperiment extends ExperimentBase {
  kind: 'proportion';
  control: ProportionSummary;
  candidate: ProportionSummary;
}

export interface MeanExperiment extends ExperimentBase {
  kind: 'mean';
  control: MeanSummary;
  candidate: MeanSummary;
}

export type AbExperiment = ProportionExperiment | MeanExperiment;

export type AbVerdictKind = 'winner' | 'no_difference_yet' | 'stop';

export interface AbVerdict {
  /**
   * winner: significant, the interval excludes 0; no_difference_yet: not significant and fewer
   * rows per arm than needed; stop: not significant with the needed rows reached, so no difference
   * of the minimum size or more.
   */
  readonly verdict: AbVerdictKind;
  /** The better arm, for a winner. */
  readonly winner?: 'candidate' | 'control';
  readonly test: TestOutcome<DifferenceTest>;
  /** Rows per arm needed for the chosen effect, alpha and power; null while it cannot be estimated. */
  readonly requiredPerArm: number | null;
  /** Rows in the smaller arm. */
  readonly observedPerArm: number;
  /** One sentence for people. */
  readonly summary: string;
}

function testAndSize(experiment: AbExperiment): {
  test: TestOutcome<DifferenceTest>;
  requiredPerArm: number | null;
  observedPerArm: number;
} {
  const alpha = experiment.alpha ?? 0.05;
  const power = { alpha, power: experiment.power ?? 0.8 };
  if (experiment.kind === 'proportion') {
    const { control, candidate } = experiment;
    const test = twoProportionZTest(control, candidate, alpha);
    const requiredPerArm =
      control.trials === 0
        ? null
        : sampleSizePerArmForProportions(
            control.successes / control.trials,
            experiment.minimumDetectableEffect,
            power,
          );
    return { test, requiredPerArm, observedPerArm: Math.min(control.trials, candidate.trials) };
  }
  const { control, candidate } = experiment;
  const test = welchTTest(control, candidate, alpha);
  const requiredPerArm =
    control.count < 2 || candidate.count < 2
      ? null
      : sampleSizePerArmForMeans(
          control.variance,
          candidate.variance,
          experiment.minimumDetectableEffect,
          power,
        );
  return { test, requiredPerArm, observedPerArm: Math.min(control.count, candidate.count) };
}

/**
 * Decides a candidate-against-control experiment from per-arm summaries: `winner` when the test is
 * significant and its interval excludes 0, else `stop` once both arms hold the rows needed to detect
 * the minimum effect (baseline rate or variances estimated from the data so far), else
 * `no_difference_yet`.
 */
export function abVerdict(experiment: AbExperiment): AbVerdict {
  const kind: unknown = experiment.kind;
  if (kind !== 'proportion' && kind !== 'mean') {
    throw invalidArgument(
      `Experiment kind must be 'proportion' or 'mean', got ${JSON.stringify(kind)}.`,
    );
  }
  const { test, requiredPerArm, observedPerArm } = testAndSize(experiment);
  const base = { test, requiredPerArm, observedPerArm };
  if (test.defined && test.significant) {
    const candidateHigher = test.difference > 0;
    const winner =
      candidateHigher === (experiment.higherIsBetter ?? true) ? 'candidate' : 'control';
    return {
      ...base,
      verdict: 'winner',
      winner,
      summary: `The ${winner} is better: difference ${test.difference} (candidate − control), p = ${test.pValue}.`,
    };
  }
  if (requiredPerArm !== null && observedPerArm >= requiredPerArm) {
    return {
      ...base,
      verdict: 'stop',
      summary: `No meaningful difference: ${observedPerArm} rows per arm reached the ${requiredPerArm} needed to detect ${experiment.minimumDetectableEffect}, without a significant result.`,
    };
  }
  const needed =
    requiredPerArm === null ? 'an estimate of the rows needed' : `${requiredPerArm} rows per arm`;
  return {
    ...base,
    verdict: 'no_difference_yet',
    summary: `No significant difference yet: ${observedPerArm} rows per arm of ${needed}.`,
  };
}
