import { invalidArgument, notFound } from '../errors.js';
import type { BanditAlgorithm, RewardRange } from './deployment-spec.js';
import { sampleBeta } from './random-variates.js';
import type { RandomSource } from './random-variates.js';
import type { VariantId } from './variants.js';

/** Uniform Beta(1, 1) prior: no opinion about an arm before its first reward. */
export const BANDIT_PRIOR = { alpha: 1, beta: 1 } as const;

export interface BanditArm {
  id: VariantId;
  /** Rewards recorded; routing alone does not count, so a request without feedback is no pull. */
  pulls: number;
  /** Sum of the rewards as posted, in the units of the reward range. */
  rewardSum: number;
  /** Beta posterior over the reward scaled to [0, 1]: alpha += r, beta += 1 - r. */
  alpha: number;
  beta: number;
}

/** Plain JSON, so the service can persist it and share it between replicas. */
export interface BanditState {
  reward: RewardRange;
  arms: BanditArm[];
}

export interface BanditChoice {
  algorithm: BanditAlgorithm;
  /** Epsilon-greedy's exploration probability. */
  epsilon: number;
}

const DEFAULT_RANGE: RewardRange = { min: 0, max: 1 };

function freshArm(id: VariantId): BanditArm {
  return { id, pulls: 0, rewardSum: 0, alpha: BANDIT_PRIOR.alpha, beta: BANDIT_PRIOR.beta };
}

export function createBanditState(
  ids: readonly VariantId[],
  reward: RewardRange = DEFAULT_RANGE,
): BanditState {
  return { reward: { ...reward }, arms: ids.map(freshArm) };
}

/**
 * Carries statistics across a spec change: arms that stay keep their statistics, new arms start
 * from the prior, removed arms are dropped. A changed reward range restarts every arm, because
 * rewards scaled by the old range cannot be compared with new ones.
 */
export function reconcileBanditState(
  previous: BanditState,
  ids: readonly VariantId[],
  reward: RewardRange = DEFAULT_RANGE,
): BanditState {
  if (previous.reward.min !== reward.min || previous.reward.max !== reward.max) {
    return createBanditState(ids, reward);
  }
  const kept = new Map(previous.arms.map((arm) => [arm.id, arm]));
  return { reward: { ...reward }, arms: ids.map((id) => ({ ...(kept.get(id) ?? freshArm(id)) })) };
}

/** Returns a new state with one reward added to a variant's arm. */
export function recordReward(state: BanditState, variant: VariantId, reward: number): BanditState {
  const { min, max } = state.reward;
  if (typeof reward !== 'number' || !Number.isFinite(reward) || reward < min || reward > max) {
    throw invalidArgument(
      `Reward ${String(reward)} is outside this bandit's reward range [${min}, ${max}].`,
    );
  }
  const index = state.arms.findIndex((arm) => arm.id === variant);
  if (index < 0) {
    throw notFound(
      `This bandit has no variant '${variant}'; its variants are ${state.arms.map((arm) => `'${arm.id}'`).join(', ')}.`,
    );
  }
  const scaled = (reward - min) / (max - min);
  const arms = state.arms.slice();
  const arm = arms[index] as BanditArm;
  arms[index] = {
    id: arm.id,
    pulls: arm.pulls + 1,
    rewardSum: arm.rewardSum + reward,
    alpha: arm.alpha + scaled,
    beta: arm.beta + (1 - scaled),
  };
  return { reward: state.reward, arms };
}

/** Mean posted reward of an arm, or undefined before its first reward. */
export function armMeanReward(arm: BanditArm): number | undefined {
  return arm.pulls === 0 ? undefined : arm.rewardSum / arm.pulls;
}

/**
 * Picks the arm for one request. Thompson sampling draws from each arm's Beta posterior and takes
 * the largest draw; epsilon-greedy explores a uniformly random arm with probability epsilon and
 * otherwise exploits the best mean reward, trying arms without rewards first. Ties are broken at
 * random so that no arm is favoured by its position in the list.
 */
export function chooseBanditArm(
  state: BanditState,
  choice: BanditChoice,
  random: RandomSource,
): VariantId {
  const { arms } = state;
  if (arms.length === 0) throw invalidArgument('A bandit needs at least one variant.');
  if (choice.algorithm === 'epsilon-greedy' && random() < choice.epsilon) {
    return (arms[Math.floor(random() * arms.length)] as BanditArm).id;
  }
  let best = arms[0] as BanditArm;
  let bestScore = -Infinity;
  let ties = 0;
  for (const arm of arms) {
    const score =
      choice.algorithm === 'thompson'
        ? sampleBeta(arm.alpha, arm.beta, random)
        : (armMeanReward(arm) ?? Infinity);
    if (score > bestScore) {
      best = arm;
      bestScore = score;
      ties = 1;
    } else if (score === bestScore) {
      // Reservoir choice among equals: each of n tied arms ends up chosen with probability 1/n.
      ties += 1;
      if (random() * ties < 1) best = arm;
    }
  }
  return best.id;
}
