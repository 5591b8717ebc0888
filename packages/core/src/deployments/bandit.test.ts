import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import {
  armMeanReward,
  chooseBanditArm,
  createBanditState,
  reconcileBanditState,
  recordReward,
} from './bandit.js';
import type { BanditChoice, BanditState } from './bandit.js';
import { mulberry32 } from './seeded-random.js';

function withRewards(state: BanditState, variant: string, rewards: number[]): BanditState {
  return rewards.reduce((s, reward) => recordReward(s, variant, reward), state);
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof SlipwayError ? error.code : 'not a SlipwayError';
  }
  return undefined;
}

describe('bandit state', () => {
  it('starts every arm at the uniform prior', () => {
    expect(createBanditState(['a', 'b'])).toEqual({
      reward: { min: 0, max: 1 },
      arms: [
        { id: 'a', pulls: 0, rewardSum: 0, alpha: 1, beta: 1 },
        { id: 'b', pulls: 0, rewardSum: 0, alpha: 1, beta: 1 },
      ],
    });
  });

  it('adds a reward r as alpha += r, beta += 1 - r, without touching the old state', () => {
    const start = createBanditState(['a', 'b']);
    const next = withRewards(start, 'a', [1, 0, 0.25]);
    expect(next.arms[0]).toEqual({ id: 'a', pulls: 3, rewardSum: 1.25, alpha: 2.25, beta: 2.75 });
    expect(next.arms[1]).toEqual(start.arms[1]);
    expect(start.arms[0]).toEqual({ id: 'a', pulls: 0, rewardSum: 0, alpha: 1, beta: 1 });
    expect(armMeanReward(next.arms[0]!)).toBeCloseTo(1.25 / 3, 12);
    expect(armMeanReward(next.arms[1]!)).toBeUndefined();
  });

  it('scales rewards by the reward range', () => {
    const state = recordReward(createBanditState(['a'], { min: 0, max: 10 }), 'a', 7.5);
    expect(state.arms[0]).toEqual({ id: 'a', pulls: 1, rewardSum: 7.5, alpha: 1.75, beta: 1.25 });
  });

  it('refuses rewards outside the range and unknown variants', () => {
    const state = createBanditState(['a']);
    expect(codeOf(() => recordReward(state, 'a', 1.5))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => recordReward(state, 'a', -0.1))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => recordReward(state, 'a', Number.NaN))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => recordReward(state, 'z', 1))).toBe('NOT_FOUND');
  });

  it('keeps statistics of remaining variants when the variants change', () => {
    const state = withRewards(createBanditState(['a', 'b']), 'b', [1, 1]);
    const next = reconcileBanditState(state, ['c', 'b']);
    expect(next.arms).toEqual([
      { id: 'c', pulls: 0, rewardSum: 0, alpha: 1, beta: 1 },
      { id: 'b', pulls: 2, rewardSum: 2, alpha: 3, beta: 1 },
    ]);
    expect(reconcileBanditState(state, ['a', 'b'], { min: 0, max: 5 })).toEqual(
      createBanditState(['a', 'b'], { min: 0, max: 5 }),
    );
  });
});

function shareOfFirst(state: BanditState, choice: BanditChoice, seed: number, n: number): number {
  const random = mulberry32(seed);
  let first = 0;
  for (let i = 0; i < n; i += 1) {
    if (chooseBanditArm(state, choice, random) === state.arms[0]?.id) first += 1;
  }
  return first / n;
}

describe('chooseBanditArm', () => {
  const greedy: BanditChoice = { algorithm: 'epsilon-greedy', epsilon: 0 };
  const thompson: BanditChoice = { algorithm: 'thompson', epsilon: 0 };

  it('epsilon-greedy with epsilon 0 always exploits the best mean', () => {
    let state = createBanditState(['low', 'high']);
    state = withRewards(state, 'low', [0, 0, 1, 0, 0]);
    state = withRewards(state, 'high', [1, 1, 0, 1, 1]);
    expect(shareOfFirst(state, greedy, 1, 1000)).toBe(0);
  });

  it('epsilon-greedy tries an arm without rewards first', () => {
    const state = withRewards(createBanditState(['tried', 'new']), 'tried', [1, 1, 1]);
    expect(shareOfFirst(state, greedy, 2, 1000)).toBe(0);
  });

  it('epsilon-greedy breaks ties at random', () => {
    // Two untried arms tie; each should win half the time: 5 standard errors of 20,000 trials is 0.018.
    expect(
      Math.abs(shareOfFirst(createBanditState(['a', 'b']), greedy, 3, 20_000) - 0.5),
    ).toBeLessThan(0.018);
  });

  it('epsilon-greedy explores a uniform arm with probability epsilon', () => {
    let state = createBanditState(['best', 'b', 'c', 'd']);
    state = withRewards(state, 'best', [1]);
    for (const id of ['b', 'c', 'd']) state = withRewards(state, id, [0]);
    // P(best) = (1 - 0.4) + 0.4 / 4 = 0.7; 5 standard errors of 20,000 trials is 0.016.
    const share = shareOfFirst(state, { algorithm: 'epsilon-greedy', epsilon: 0.4 }, 4, 20_000);
    expect(Math.abs(share - 0.7)).toBeLessThan(0.017);
  });

  it('Thompson sampling picks an arm with the probability that its draw is largest', () => {
    // X ~ Beta(2, 1) (density 2x) against Y ~ Beta(1, 1): P(X > Y) = integral of 2x * x = 2/3.
    const state = withRewards(createBanditState(['a', 'b']), 'a', [1]);
    const share = shareOfFirst(state, thompson, 5, 20_000);
    expect(Math.abs(share - 2 / 3)).toBeLessThan(0.017);
  });

  it('Thompson sampling all but never picks an arm that is clearly worse', () => {
    let state = createBanditState(['good', 'bad']);
    state = withRewards(state, 'good', new Array<number>(100).fill(1));
    state = withRewards(state, 'bad', new Array<number>(100).fill(0));
    expect(shareOfFirst(state, thompson, 6, 2_000)).toBe(1);
  });
});

/**
 * Serves `n` requests to arms with Bernoulli reward rates; feedback arrives after `delay` requests
 * (as it would through the feedback API). Returns the better arm's share of the second half.
 */
function simulate(choice: BanditChoice, seed: number, delay = 0, n = 5_000): number {
  const rates: Record<string, number> = { worse: 0.05, better: 0.15 };
  const random = mulberry32(seed);
  let state = createBanditState(['worse', 'better']);
  const pending: Array<{ arm: string; reward: number }> = [];
  let better = 0;
  for (let i = 0; i < n; i += 1) {
    const arm = chooseBanditArm(state, choice, random);
    if (i >= n / 2 && arm === 'better') better += 1;
    pending.push({ arm, reward: random() < (rates[arm] as number) ? 1 : 0 });
    while (pending.length > delay) {
      const feedback = pending.shift()!;
      state = recordReward(state, feedback.arm, feedback.reward);
    }
  }
  return better / (n / 2);
}

describe('bandit simulation: rates 0.05 and 0.15 over 5,000 requests', () => {
  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);

  it.each<[string, BanditChoice]>([
    ['thompson', { algorithm: 'thompson', epsilon: 0.1 }],
    ['epsilon-greedy', { algorithm: 'epsilon-greedy', epsilon: 0.1 }],
  ])('%s gives the better arm over 70%% of the second half, for 20 seeds', (_name, choice) => {
    const shares = seeds.map((seed) => simulate(choice, seed));
    expect(Math.min(...shares)).toBeGreaterThan(0.7);
  });

  it('Thompson sampling still converges when feedback lags 100 requests behind', () => {
    const shares = seeds
      .slice(0, 5)
      .map((seed) => simulate({ algorithm: 'thompson', epsilon: 0 }, seed, 100));
    expect(Math.min(...shares)).toBeGreaterThan(0.7);
  });
});
