import { TRAFFIC_WINDOW_MS, TrafficTally, deploymentVariants } from '@slipway/core';
import type {
  DeploymentState,
  DeploymentStats,
  DeploymentVersionStats,
  VariantId,
} from '@slipway/core';
import type { DeploymentEntry } from './deployment-entry.js';
import { banditStats, canaryStats, shadowStats } from './policy-stats.js';
import { trafficWeights } from './policy-facts.js';

/**
 * A generation's state never changes, and a bandit's shares take thousands of draws to estimate:
 * computed once per generation rather than once a second per watched deployment.
 */
const weightsOf = new WeakMap<DeploymentState, Record<VariantId, number>>();

function cachedWeights(state: DeploymentState | undefined): Record<VariantId, number> {
  if (state === undefined) return {};
  let weights = weightsOf.get(state);
  if (weights === undefined) {
    weights = trafficWeights(state);
    weightsOf.set(state, weights);
  }
  return weights;
}

/**
 * A deployment's live statistics on this server (GET /api/v1/deployments/{name}/stats and each
 * event of its stream). The live generation's state is the truth for weights and policy state;
 * without one (loading, failed, unloaded) the persisted record's is shown with no weights.
 */
export function deploymentStats(
  entry: DeploymentEntry,
  state: DeploymentState | undefined,
  now: number,
): DeploymentStats {
  const { record } = entry;
  const { policy } = record.spec;
  const weights = cachedWeights(state);
  const overall = new TrafficTally();
  const one = new TrafficTally();
  let coveredMs = 0;
  const versions: DeploymentVersionStats[] = deploymentVariants(policy).map((variant) => {
    const traffic = entry.traffic.variant(variant.id);
    const shadow = policy.type === 'shadow' && variant.id === 'challenger';
    one.clear();
    if (traffic !== undefined) {
      traffic.window.addTo(one, now);
      if (!shadow) overall.merge(one);
      coveredMs = Math.max(coveredMs, one.coveredMs);
    }
    const model = traffic?.model ?? record.resolved[variant.id];
    return {
      variant: variant.id,
      model: { name: model?.name ?? '', version: model?.version ?? '' },
      role: shadow ? 'shadow' : 'serving',
      trafficPercent: weights[variant.id] ?? 0,
      observedPercent: null,
      ...one.figures(),
    };
  });
  const total = overall.requests;
  for (const version of versions) {
    if (version.role === 'serving' && total > 0) {
      version.observedPercent = (100 * version.requests) / total;
    }
  }
  const stats: DeploymentStats = {
    deployment: record.name,
    policy: policy.type,
    status: entry.status,
    revision: record.revision,
    time: now,
    windowSeconds: TRAFFIC_WINDOW_MS / 1000,
    coveredSeconds: coveredMs / 1000,
    overall: overall.figures(),
    versions,
  };
  const canary = canaryStats(entry, state, now);
  if (canary !== undefined) stats.canary = canary;
  const shadow = shadowStats(entry, now);
  if (shadow !== undefined) stats.shadow = shadow;
  const bandit = banditStats(entry, state, weights);
  if (bandit !== undefined) stats.bandit = bandit;
  return stats;
}
