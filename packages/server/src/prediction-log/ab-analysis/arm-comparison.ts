import { abVerdict, twoProportionZTest, welchTTest } from '@slipway/core';
import type { AbVerdict } from '@slipway/core';
import type { AbComparisonView } from './analysis-types.js';
import type { ArmTally } from './arm-tally.js';

export interface ComparisonSettings {
  kind: 'proportion' | 'mean';
  higherIsBetter: boolean;
  alpha: number;
  power: number;
  /** Null when no default could be derived (the control has no rows, or a zero mean error). */
  minimumDetectableEffect: number | null;
}

/** Four significant digits: enough to read, and no float noise in a sentence. */
export function round(value: number): number {
  return Number(value.toPrecision(4));
}

type Decision = Pick<
  AbVerdict,
  'verdict' | 'winner' | 'test' | 'requiredPerArm' | 'observedPerArm'
>;

/** abVerdict without the sample-size rule, for when no minimum effect is known. */
function decideWithoutEffect(
  control: ArmTally,
  candidate: ArmTally,
  settings: ComparisonSettings,
): Decision {
  const test =
    settings.kind === 'proportion'
      ? twoProportionZTest(control.proportion(), candidate.proportion(), settings.alpha)
      : welchTTest(control.meanSummary(), candidate.meanSummary(), settings.alpha);
  const observedPerArm = Math.min(control.count, candidate.count);
  if (test.defined && test.significant) {
    const winner = test.difference > 0 === settings.higherIsBetter ? 'candidate' : 'control';
    return { verdict: 'winner', winner, test, requiredPerArm: null, observedPerArm };
  }
  return { verdict: 'no_difference_yet', test, requiredPerArm: null, observedPerArm };
}

function decide(control: ArmTally, candidate: ArmTally, settings: ComparisonSettings): Decision {
  const { minimumDetectableEffect, alpha, power, higherIsBetter } = settings;
  if (minimumDetectableEffect === null) return decideWithoutEffect(control, candidate, settings);
  const base = { minimumDetectableEffect, alpha, power, higherIsBetter };
  return settings.kind === 'proportion'
    ? abVerdict({
        ...base,
        kind: 'proportion',
        control: control.proportion(),
        candidate: candidate.proportion(),
      })
    : abVerdict({
        ...base,
        kind: 'mean',
        control: control.meanSummary(),
        candidate: candidate.meanSummary(),
      });
}

function sentence(decision: Decision, settings: ComparisonSettings): string {
  const { test, verdict, winner, requiredPerArm, observedPerArm } = decision;
  const needed =
    requiredPerArm === null
      ? settings.minimumDetectableEffect === null
        ? 'no sample size without an mde'
        : 'the rows needed cannot be estimated yet'
      : `${requiredPerArm} needed per arm`;
  if (!test.defined)
    return `No test yet: ${test.reason} ${observedPerArm} rows per arm, ${needed}.`;
  const p = `p = ${round(test.pValue)}`;
  const difference = `difference ${round(test.difference)}`;
  if (verdict === 'winner') return `The ${winner ?? 'candidate'} is better: ${difference}, ${p}.`;
  if (verdict === 'stop') {
    return `No difference of ${settings.minimumDetectableEffect ?? '?'} or more: ${observedPerArm} rows per arm reached the ${requiredPerArm ?? '?'} needed (${p}).`;
  }
  return `No significant difference yet (${difference}, ${p}): ${observedPerArm} rows per arm, ${needed}.`;
}

/** One candidate against the control, as the API shows it. */
export function compareArms(
  control: ArmTally,
  candidate: ArmTally,
  settings: ComparisonSettings,
): AbComparisonView {
  const decision = decide(control, candidate, settings);
  const { test, requiredPerArm, observedPerArm } = decision;
  const view: AbComparisonView = {
    verdict: decision.verdict,
    difference: test.defined ? test.difference : null,
    confidenceInterval: test.defined ? { ...test.confidenceInterval } : null,
    statistic: test.defined ? test.statistic : null,
    pValue: test.defined ? test.pValue : null,
    degreesOfFreedom:
      test.defined && 'degreesOfFreedom' in test ? (test.degreesOfFreedom as number) : null,
    significant: test.defined && test.significant,
    requiredPerArm,
    neededMore: requiredPerArm === null ? null : Math.max(0, requiredPerArm - observedPerArm),
    summary: sentence(decision, settings),
  };
  if (decision.winner !== undefined) view.winner = decision.winner;
  if (!test.defined) view.reason = test.reason;
  return view;
}
