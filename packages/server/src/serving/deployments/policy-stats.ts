import { armMeanReward, canaryDueAt } from '@slipway/core';
import type { DeploymentState, DeploymentStats, VariantId } from '@slipway/core';
import type { DeploymentEntry } from './deployment-entry.js';

type CanaryStats = NonNullable<DeploymentStats['canary']>;
type ShadowStats = NonNullable<DeploymentStats['shadow']>;
type BanditStats = NonNullable<DeploymentStats['bandit']>;

const HISTORY = 20;

const finiteOrNull = (value: number | undefined): number | null =>
  value !== undefined && Number.isFinite(value) ? value : null;

/** The live state when there is a generation, else the persisted one (as deploymentView does). */
function runtimeOf(entry: DeploymentEntry, state: DeploymentState | undefined) {
  return state === undefined ? entry.record.runtime : undefined;
}

/**
 * The canary's phase and step, and the candidate's traffic since the step began read exactly as
 * the analysis reads it (judgeCanaryStep: the canary's own window, client errors left out), next
 * to the thresholds it is judged against.
 */
export function canaryStats(
  entry: DeploymentEntry,
  state: DeploymentState | undefined,
  now: number,
): CanaryStats | undefined {
  const { policy } = entry.record.spec;
  if (policy.type !== 'canary') return undefined;
  const canary = state?.type === 'canary' ? state.canary : runtimeOf(entry, state)?.canary;
  if (canary === undefined) return undefined;
  const window = entry.stats.get('candidate')?.snapshot(now, now - canary.stepStartedAt);
  const due = canaryDueAt(policy, canary);
  const { minRequests, maxErrorRate, maxP95LatencyMs } = policy.analysis;
  return {
    phase: canary.phase,
    weight: canary.weight,
    stepIndex: canary.stepIndex,
    steps: [...policy.steps],
    stepStartedAt: canary.stepStartedAt,
    ...(due === undefined ? {} : { nextAnalysisAt: due }),
    ...(entry.canaryStatus === undefined ? {} : { verdict: entry.canaryStatus }),
    analysis: {
      requests: window?.requests ?? 0,
      errors: window?.errors ?? 0,
      errorRate: finiteOrNull(window?.errorRate),
      p95LatencyMs: finiteOrNull(window?.p95LatencyMs),
      minRequests,
      ...(maxErrorRate === undefined ? {} : { maxErrorRate }),
      ...(maxP95LatencyMs === undefined ? {} : { maxP95LatencyMs }),
    },
    history: canary.history.slice(-HISTORY).map((transition) => ({ ...transition })),
  };
}

/** Challenger against primary over the window: mirrors, failures and agreement. */
export function shadowStats(entry: DeploymentEntry, now: number): ShadowStats | undefined {
  const { policy } = entry.record.spec;
  if (policy.type !== 'shadow') return undefined;
  const sums = entry.traffic.shadowSums(now);
  if (sums === undefined) return undefined;
  return {
    percent: policy.percent,
    mirrored: sums.mirrored,
    dropped: sums.dropped,
    completed: sums.completed,
    errors: sums.errors,
    comparedRows: sums.comparedRows,
    agreedRows: sums.agreedRows,
    agreementRate: sums.comparedRows === 0 ? null : sums.agreedRows / sums.comparedRows,
    meanAbsoluteDifference: sums.elements === 0 ? null : sums.absDiffSum / sums.elements,
  };
}

/** The bandit's arms: rewards so far (shared through the store) and the share each gets now. */
export function banditStats(
  entry: DeploymentEntry,
  state: DeploymentState | undefined,
  weights: Readonly<Record<VariantId, number>>,
): BanditStats | undefined {
  const { policy } = entry.record.spec;
  if (policy.type !== 'bandit') return undefined;
  const bandit = state?.type === 'bandit' ? state.bandit : runtimeOf(entry, state)?.bandit;
  if (bandit === undefined) return undefined;
  return {
    algorithm: policy.algorithm,
    arms: bandit.arms.map((arm) => ({
      id: arm.id,
      pulls: arm.pulls,
      rewardSum: arm.rewardSum,
      meanReward: armMeanReward(arm) ?? null,
      trafficPercent: weights[arm.id] ?? 0,
    })),
  };
}
