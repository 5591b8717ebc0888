import { isDeepStrictEqual } from 'node:util';
import { chooseBanditArm, deploymentVariants, mulberry32 } from '@slipway/core';
import type {
  BlueGreenTransition,
  CanaryTransition,
  DeploymentEventAction,
  DeploymentRecord,
  DeploymentRuntime,
  DeploymentSpec,
  DeploymentState,
  NewDeploymentEvent,
  ResolvedModel,
  VariantId,
} from '@slipway/core';

const BANDIT_DRAWS = 2000;

/**
 * The share of requests (percent) each variant gets in this state. For Thompson sampling the
 * share is estimated from a fixed number of seeded draws, so the same state always reports the
 * same figures. The shadow challenger's entry is the mirrored percent.
 */
export function trafficWeights(state: DeploymentState): Record<VariantId, number> {
  switch (state.type) {
    case 'single':
      return { model: 100 };
    case 'canary':
      return { stable: 100 - state.canary.weight, candidate: state.canary.weight };
    case 'blue-green': {
      const weights: Record<VariantId, number> = { [state.blueGreen.active]: 100 };
      if (state.blueGreen.preview !== undefined) weights[state.blueGreen.preview] = 0;
      return weights;
    }
    case 'shadow':
      return { primary: 100, challenger: state.policy.percent };
    case 'ab': {
      const total = state.policy.variants.reduce((sum, variant) => sum + variant.weight, 0);
      return Object.fromEntries(
        state.policy.variants.map((variant) => [variant.name, (100 * variant.weight) / total]),
      );
    }
    case 'bandit': {
      const counts = new Map<VariantId, number>(state.bandit.arms.map((arm) => [arm.id, 0]));
      const random = mulberry32(0x5eed);
      for (let i = 0; i < BANDIT_DRAWS; i += 1) {
        const arm = chooseBanditArm(state.bandit, state.policy, random);
        counts.set(arm, (counts.get(arm) ?? 0) + 1);
      }
      return Object.fromEntries([...counts].map(([id, n]) => [id, (100 * n) / BANDIT_DRAWS]));
    }
  }
}

function sameModels(
  a: Readonly<Record<VariantId, ResolvedModel>>,
  b: Readonly<Record<VariantId, ResolvedModel>>,
  ids: readonly VariantId[],
): boolean {
  return ids.every((id) => isDeepStrictEqual(a[id], b[id]));
}

/**
 * The runtime state a re-applied spec keeps. A canary keeps its progress while its stable and
 * candidate versions and its steps are unchanged; a blue-green deployment keeps its live slot
 * while both slots hold the same versions; a bandit always keeps what it learned about the
 * variants that remain. Anything else starts afresh.
 */
export function carriedRuntime(
  previous: DeploymentRecord,
  spec: DeploymentSpec,
  resolved: Readonly<Record<VariantId, ResolvedModel>>,
): DeploymentRuntime | undefined {
  const before = previous.spec.policy;
  const after = spec.policy;
  if (before.type !== after.type) return undefined;
  const ids = deploymentVariants(after).map((variant) => variant.id);
  const sameIds = isDeepStrictEqual(
    deploymentVariants(before).map((variant) => variant.id),
    ids,
  );
  switch (after.type) {
    case 'canary':
      return before.type === 'canary' &&
        isDeepStrictEqual(before.steps, after.steps) &&
        sameModels(previous.resolved, resolved, ids) &&
        previous.runtime.canary !== undefined
        ? { canary: previous.runtime.canary }
        : undefined;
    case 'blue-green':
      return sameIds &&
        sameModels(previous.resolved, resolved, ids) &&
        previous.runtime.blueGreen !== undefined
        ? { blueGreen: previous.runtime.blueGreen }
        : undefined;
    case 'bandit':
      return previous.runtime.bandit === undefined
        ? undefined
        : { bandit: previous.runtime.bandit };
    default:
      return undefined;
  }
}

const CANARY_ACTIONS: Record<CanaryTransition['action'], DeploymentEventAction> = {
  start: 'updated',
  advance: 'advanced',
  promote: 'promoted',
  rollback: 'rolled-back',
  pause: 'paused',
  resume: 'resumed',
};

export function canaryEvent(transition: CanaryTransition, actor: string): NewDeploymentEvent {
  return {
    time: transition.at,
    action: CANARY_ACTIONS[transition.action],
    reason: transition.reason,
    actor,
    details: {
      policy: 'canary',
      from: transition.from,
      to: transition.to,
      phase: transition.phase,
    },
  };
}

export function blueGreenEvent(
  transition: BlueGreenTransition,
  state: DeploymentState,
  actor: string,
): NewDeploymentEvent {
  const from = state.models[transition.from];
  const to = state.models[transition.to];
  return {
    time: transition.at,
    action: transition.action === 'switch' ? 'switched' : 'rolled-back',
    reason: `${transition.reason}: ${describeModel(from)} -> ${describeModel(to)}`,
    actor,
    details: {
      policy: 'blue-green',
      from: transition.from,
      to: transition.to,
      fromVersion: from?.version,
      toVersion: to?.version,
    },
  };
}

export function describeModel(model: ResolvedModel | undefined): string {
  return model === undefined ? '?' : `${model.name} v${model.version}`;
}

/** `canary: stable fraud v6, candidate fraud v7`. */
export function describeResolved(
  spec: DeploymentSpec,
  resolved: Readonly<Record<VariantId, ResolvedModel>>,
): string {
  const parts = deploymentVariants(spec.policy).map(
    (variant) => `${variant.id} ${describeModel(resolved[variant.id])}`,
  );
  return `${spec.policy.type}: ${parts.join(', ')}`;
}

/** The event of an apply: what the spec resolved to, and how a fresh canary starts. */
export function appliedEvent(
  existing: DeploymentRecord | undefined,
  spec: DeploymentSpec,
  resolved: Readonly<Record<VariantId, ResolvedModel>>,
  state: DeploymentState,
  fresh: boolean,
  actor: string,
  now: number,
): NewDeploymentEvent {
  const verb = existing === undefined ? 'created' : 'updated';
  const started =
    state.type === 'canary' && fresh
      ? `; ${state.canary.history.at(-1)?.reason ?? 'canary started'}`
      : '';
  return {
    time: now,
    action: verb,
    reason: `${verb} by ${actor} (${describeResolved(spec, resolved)})${started}`,
    actor,
    details: { resolved, revision: (existing?.revision ?? 0) + 1 },
  };
}
