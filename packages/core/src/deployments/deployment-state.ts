import { invalidArgument } from '../errors.js';
import { reconcileBanditState, createBanditState } from './bandit.js';
import type { BanditState } from './bandit.js';
import { createBlueGreenState } from './blue-green.js';
import type { BlueGreenState } from './blue-green.js';
import { createCanaryState } from './canary-controller.js';
import type { CanaryState } from './canary-controller.js';
import type {
  AbPolicy,
  BanditPolicy,
  BlueGreenPolicy,
  CanaryPolicy,
  DeploymentSpec,
  ShadowPolicy,
  SinglePolicy,
} from './deployment-spec.js';
import { buildHashRing } from './hash-ring.js';
import type { HashRing } from './hash-ring.js';
import { BLUE, GREEN, deploymentVariants } from './variants.js';
import type { VariantId } from './variants.js';

/** The registry version a variant's model URI resolved to when the deployment was applied. */
export interface ResolvedModel {
  name: string;
  version: string;
}

interface StateBase<T extends string, P> {
  type: T;
  spec: DeploymentSpec;
  /** Same object as `spec.policy`, narrowed to this policy type. */
  policy: P;
  /** Every variant of the policy (see deploymentVariants) and the version it serves. */
  models: Readonly<Record<VariantId, ResolvedModel>>;
}

/**
 * Everything `route` needs, as one immutable value: swap in a new one to change policy, versions
 * or weights, and requests already routed with the old value finish unaffected.
 */
export type DeploymentState =
  | StateBase<'single', SinglePolicy>
  | (StateBase<'canary', CanaryPolicy> & { canary: CanaryState })
  | (StateBase<'blue-green', BlueGreenPolicy> & { blueGreen: BlueGreenState })
  | StateBase<'shadow', ShadowPolicy>
  | (StateBase<'ab', AbPolicy> & { ring: HashRing })
  | (StateBase<'bandit', BanditPolicy> & { bandit: BanditState });

/** The mutable, persisted part of a deployment's state (plain JSON). */
export interface DeploymentRuntime {
  canary?: CanaryState;
  blueGreen?: BlueGreenState;
  bandit?: BanditState;
}

export interface CreateDeploymentStateOptions {
  now: number;
  /**
   * Runtime state to carry over (after a restart or a spec change). A canary state is taken as
   * is; bandit statistics are kept per variant name; a blue-green state is kept when its live
   * slot still exists. Leave a part out to start it fresh, e.g. the canary state when the
   * candidate changed, or the blue-green state when the spec names new models (a kept state may
   * have the spec's preview live).
   */
  runtime?: DeploymentRuntime;
}

/**
 * Builds the routing state of a deployment from its spec and the versions its variants resolved
 * to (resolution needs the registry, so it is the caller's job; deploymentVariants lists what to
 * resolve). Throws INVALID_ARGUMENT when a variant has no resolved model.
 */
export function createDeploymentState(
  spec: DeploymentSpec,
  resolved: Readonly<Record<VariantId, ResolvedModel>>,
  options: CreateDeploymentStateOptions,
): DeploymentState {
  const models: Record<VariantId, ResolvedModel> = {};
  for (const variant of deploymentVariants(spec.policy)) {
    const model = Object.hasOwn(resolved, variant.id) ? resolved[variant.id] : undefined;
    if (model === undefined) {
      throw invalidArgument(
        `Deployment '${spec.name}': variant '${variant.id}' (${variant.model}) has no resolved model version.`,
      );
    }
    models[variant.id] = { name: model.name, version: model.version };
  }
  const { now, runtime } = options;
  const policy = spec.policy;
  switch (policy.type) {
    case 'single':
      return { type: 'single', spec, policy, models };
    case 'shadow':
      return { type: 'shadow', spec, policy, models };
    case 'canary':
      return {
        type: 'canary',
        spec,
        policy,
        models,
        canary: runtime?.canary ?? createCanaryState(policy, now),
      };
    case 'blue-green': {
      const kept = runtime?.blueGreen;
      const usable =
        kept !== undefined && (policy.preview !== undefined || kept.active !== GREEN)
          ? { ...kept, preview: policy.preview === undefined ? undefined : otherSlot(kept.active) }
          : undefined;
      return {
        type: 'blue-green',
        spec,
        policy,
        models,
        blueGreen: usable ?? createBlueGreenState(policy, now),
      };
    }
    case 'ab':
      return {
        type: 'ab',
        spec,
        policy,
        models,
        ring: buildHashRing(policy.variants.map((v) => ({ id: v.name, weight: v.weight }))),
      };
    case 'bandit': {
      const ids = policy.variants.map((variant) => variant.name);
      return {
        type: 'bandit',
        spec,
        policy,
        models,
        bandit:
          runtime?.bandit === undefined
            ? createBanditState(ids, policy.reward)
            : reconcileBanditState(runtime.bandit, ids, policy.reward),
      };
    }
  }
}

function otherSlot(slot: BlueGreenState['active']): BlueGreenState['active'] {
  return slot === BLUE ? GREEN : BLUE;
}

/** The parts of a state to persist so createDeploymentState can carry them over. */
export function deploymentRuntime(state: DeploymentState): DeploymentRuntime {
  switch (state.type) {
    case 'canary':
      return { canary: state.canary };
    case 'blue-green':
      return { blueGreen: state.blueGreen };
    case 'bandit':
      return { bandit: state.bandit };
    default:
      return {};
  }
}
