import { armMeanReward, canaryDueAt, deploymentVariants } from '@slipway/core';
import type { DeploymentEvent, DeploymentState, DeploymentView } from '@slipway/core';
import type { DeploymentEntry } from './deployment-entry.js';
import { statsWindowMs } from './deployment-entry.js';
import { trafficWeights } from './policy-facts.js';

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * A deployment as the API shows it. The live generation's state is the truth for routing; without
 * one (loading, failed, unloaded) the persisted record is shown and no variant is ready.
 */
export function deploymentView(
  entry: DeploymentEntry,
  state: DeploymentState | undefined,
  now: number,
  recentEvents?: readonly DeploymentEvent[],
): DeploymentView {
  const { record } = entry;
  const spec = record.spec;
  const weights = state === undefined ? {} : trafficWeights(state);
  const windowMs = statsWindowMs(spec);
  const view: DeploymentView = {
    name: record.name,
    policy: spec.policy.type,
    spec,
    revision: record.revision,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
    status: entry.status,
    ...(entry.statusMessage === undefined ? {} : { statusMessage: entry.statusMessage }),
    variants: deploymentVariants(spec.policy).map((variant) => {
      const snapshot = entry.stats.get(variant.id)?.snapshot(now);
      const resolved = record.resolved[variant.id] ?? { name: '', version: '' };
      return {
        id: variant.id,
        model: variant.model,
        resolved: { name: resolved.name, version: resolved.version },
        trafficPercent: weights[variant.id] ?? 0,
        ready: entry.live?.variantReady(variant.id) ?? false,
        stats: {
          requests: snapshot?.requests ?? 0,
          errors: snapshot?.errors ?? 0,
          errorRate: finiteOrNull(snapshot?.errorRate ?? Number.NaN),
          p50LatencyMs: finiteOrNull(snapshot?.p50LatencyMs ?? Number.NaN),
          p95LatencyMs: finiteOrNull(snapshot?.p95LatencyMs ?? Number.NaN),
          p99LatencyMs: finiteOrNull(snapshot?.p99LatencyMs ?? Number.NaN),
          windowMs,
        },
      };
    }),
  };
  const runtime = state === undefined ? record.runtime : undefined;
  if (spec.policy.type === 'canary') {
    const canary = state?.type === 'canary' ? state.canary : runtime?.canary;
    if (canary !== undefined) {
      const due = canaryDueAt(spec.policy, canary);
      view.canary = {
        phase: canary.phase,
        weight: canary.weight,
        stepIndex: canary.stepIndex,
        steps: spec.policy.steps,
        stepStartedAt: canary.stepStartedAt,
        ...(due === undefined ? {} : { nextAnalysisAt: due }),
        ...(entry.canaryStatus === undefined ? {} : { status: entry.canaryStatus }),
      };
    }
  }
  const blueGreen = state?.type === 'blue-green' ? state.blueGreen : runtime?.blueGreen;
  if (spec.policy.type === 'blue-green' && blueGreen !== undefined) {
    view.blueGreen = {
      active: blueGreen.active,
      ...(blueGreen.preview === undefined ? {} : { preview: blueGreen.preview }),
    };
  }
  const bandit = state?.type === 'bandit' ? state.bandit : runtime?.bandit;
  if (spec.policy.type === 'bandit' && bandit !== undefined) {
    view.bandit = {
      algorithm: spec.policy.algorithm,
      arms: bandit.arms.map((arm) => ({
        id: arm.id,
        pulls: arm.pulls,
        meanReward: armMeanReward(arm) ?? null,
        alpha: arm.alpha,
        beta: arm.beta,
      })),
    };
  }
  if (spec.policy.type === 'shadow') {
    const counters = entry.shadow;
    view.shadow = {
      percent: spec.policy.percent,
      mirrored: counters.mirrored,
      completed: counters.completed,
      errors: counters.errors,
      dropped: counters.dropped,
      comparedRows: counters.comparedRows,
      agreementRate:
        counters.comparedRows === 0 ? null : counters.agreedRows / counters.comparedRows,
      meanAbsoluteDifference:
        counters.elements === 0 ? null : counters.absDiffSum / counters.elements,
    };
  }
  if (recentEvents !== undefined) view.recentEvents = [...recentEvents];
  return view;
}
