import { invalidArgument } from '../errors.js';
import { chooseBanditArm } from './bandit.js';
import type { DeploymentState, ResolvedModel } from './deployment-state.js';
import { lookupHashRing } from './hash-ring.js';
import { murmur3 } from './murmur3.js';
import type { RandomSource } from './random-variates.js';
import type { VariantId } from './variants.js';

export interface RouteContext {
  /** Value of the sticky routing header (ab: `policy.routeKey`), when the request carries one. */
  routeKey?: string | undefined;
  random: RandomSource;
}

export interface RouteDecision {
  /** The variant whose answer is returned. */
  primary: VariantId;
  /** A variant to mirror the request to; its answer is logged, never returned. */
  shadow?: VariantId;
}

// A seed of its own, so canary bucketing is independent of any other use of the key's hash.
const CANARY_SEED = 0x2c1b3c6d;
const TWO_POW_32 = 4294967296;

const SINGLE: RouteDecision = Object.freeze({ primary: 'model' });
const STABLE: RouteDecision = Object.freeze({ primary: 'stable' });
const CANDIDATE: RouteDecision = Object.freeze({ primary: 'candidate' });
const PRIMARY: RouteDecision = Object.freeze({ primary: 'primary' });
const MIRRORED: RouteDecision = Object.freeze({ primary: 'primary', shadow: 'challenger' });

/**
 * Chooses the variant for one request. Pure: it reads the state and draws from `random`, and
 * changes nothing (bandit pulls count when rewards are recorded).
 *
 * - single: the model. blue-green: the live slot (the preview is kept warm, never routed).
 * - canary: the candidate with probability weight%; with a route key the choice is sticky (the
 *   key's hash picks a fixed point in [0, 100), so raising the weight only moves keys to the
 *   candidate).
 * - shadow: the primary answers; the challenger is mirrored with probability percent%.
 * - ab: sticky through the hash ring with a route key; weighted random without one.
 * - bandit: Thompson sampling or epsilon-greedy over the recorded rewards.
 */
export function route(state: DeploymentState, context: RouteContext): RouteDecision {
  switch (state.type) {
    case 'single':
      return SINGLE;
    case 'blue-green':
      return { primary: state.blueGreen.active };
    case 'canary': {
      const draw =
        context.routeKey === undefined
          ? context.random()
          : murmur3(context.routeKey, CANARY_SEED) / TWO_POW_32;
      return draw * 100 < state.canary.weight ? CANDIDATE : STABLE;
    }
    case 'shadow':
      return context.random() * 100 < state.policy.percent ? MIRRORED : PRIMARY;
    case 'ab':
      if (context.routeKey !== undefined) {
        return { primary: lookupHashRing(state.ring, context.routeKey) };
      }
      return { primary: weightedChoice(state.policy.variants, context.random()) };
    case 'bandit':
      return { primary: chooseBanditArm(state.bandit, state.policy, context.random) };
  }
}

function weightedChoice(
  variants: ReadonlyArray<{ name: VariantId; weight: number }>,
  uniform: number,
): VariantId {
  let total = 0;
  for (const variant of variants) total += variant.weight;
  let point = uniform * total;
  let last: VariantId | undefined;
  for (const variant of variants) {
    if (variant.weight <= 0) continue;
    if (point < variant.weight) return variant.name;
    point -= variant.weight;
    last = variant.name;
  }
  // Floating-point rounding can leave `point` a hair above the last weight.
  if (last === undefined) throw invalidArgument('No variant has a weight above 0.');
  return last;
}

/** The version a variant serves in this state. */
export function resolveVariant(state: DeploymentState, variant: VariantId): ResolvedModel {
  const model = Object.hasOwn(state.models, variant) ? state.models[variant] : undefined;
  if (model === undefined) {
    throw invalidArgument(`Deployment '${state.spec.name}' has no variant '${variant}'.`);
  }
  return model;
}
