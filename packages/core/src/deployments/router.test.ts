import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { recordReward } from './bandit.js';
import { switchBlueGreen } from './blue-green.js';
import { evaluateCanary, promoteCanary, rollbackCanary } from './canary-controller.js';
import { createDeploymentState, deploymentRuntime } from './deployment-state.js';
import type { DeploymentState, ResolvedModel } from './deployment-state.js';
import { parseDeploymentSpec } from './parse-deployment-spec.js';
import { resolveVariant, route } from './router.js';
import type { RouteDecision } from './router.js';
import { mulberry32 } from './seeded-random.js';
import { deploymentVariants } from './variants.js';

const T0 = 1_700_000_000_000;

/** Resolves every variant to a made-up version, as the service would from the registry. */
function stateFor(policy: Record<string, unknown>): DeploymentState {
  const spec = parseDeploymentSpec({ name: 'fraud', policy });
  const resolved: Record<string, ResolvedModel> = {};
  deploymentVariants(spec.policy).forEach((variant, i) => {
    resolved[variant.id] = { name: 'fraud', version: String(i + 1) };
  });
  return createDeploymentState(spec, resolved, { now: T0 });
}

function tally(state: DeploymentState, n: number, seed = 1): Map<string, number> {
  const random = mulberry32(seed);
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i += 1) {
    const decision = route(state, { random });
    counts.set(decision.primary, (counts.get(decision.primary) ?? 0) + 1);
    if (decision.shadow !== undefined) {
      const key = `shadow:${decision.shadow}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** |observed share - p| within 5 binomial standard errors. */
function expectShare(count: number | undefined, n: number, p: number): void {
  expect(Math.abs((count ?? 0) / n - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
}

const CANARY = {
  type: 'canary',
  stable: 'models:/fraud@champion',
  candidate: 'models:/fraud/7',
  steps: [10, 50, 100],
  interval: '30s',
};

describe('route', () => {
  it('single: always the one model, and says which version serves', () => {
    const state = stateFor({ type: 'single', model: 'models:/fraud/3' });
    expect(tally(state, 100)).toEqual(new Map([['model', 100]]));
    expect(resolveVariant(state, 'model')).toEqual({ name: 'fraud', version: '1' });
  });

  it('canary: weight% to the candidate, none after rollback, all after promotion', () => {
    const state = stateFor(CANARY);
    if (state.type !== 'canary') throw new Error('canary expected');
    const n = 20_000;
    expectShare(tally(state, n).get('candidate'), n, 0.1);
    const rolledBack = { ...state, canary: rollbackCanary(state.canary, T0).state };
    expect(tally(rolledBack, 1000).get('candidate')).toBeUndefined();
    const promoted = { ...state, canary: promoteCanary(state.canary, T0).state };
    expect(tally(promoted, 1000).get('candidate')).toBe(1000);
  });

  it('canary: a route key makes the choice sticky, and a higher weight only moves keys to the candidate', () => {
    const state = stateFor(CANARY);
    if (state.type !== 'canary') throw new Error('canary expected');
    const at50 = {
      ...state,
      canary: evaluateCanary(
        state.policy,
        state.canary,
        { requests: 100, errors: 0, p95LatencyMs: 1 },
        T0 + 30_000,
      ).state,
    };
    expect(at50.canary.weight).toBe(50);
    const random = mulberry32(3);
    const keys = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
    const at10 = keys.map((routeKey) => route(state, { routeKey, random }).primary);
    const again = keys.map((routeKey) => route(state, { routeKey, random }).primary);
    const later = keys.map((routeKey) => route(at50, { routeKey, random }).primary);
    expect(again).toEqual(at10);
    expectShare(at10.filter((v) => v === 'candidate').length, keys.length, 0.1);
    expectShare(later.filter((v) => v === 'candidate').length, keys.length, 0.5);
    expect(keys.filter((_, i) => at10[i] === 'candidate' && later[i] !== 'candidate')).toEqual([]);
  });

  it('blue-green: only the live slot takes traffic, and a switch moves it at once', () => {
    const state = stateFor({
      type: 'blue-green',
      active: 'models:/fraud/6',
      preview: 'models:/fraud/7',
    });
    if (state.type !== 'blue-green') throw new Error('blue-green expected');
    expect(tally(state, 500)).toEqual(new Map([['blue', 500]]));
    const switched = { ...state, blueGreen: switchBlueGreen(state.blueGreen, T0).state };
    expect(tally(switched, 500)).toEqual(new Map([['green', 500]]));
    expect(resolveVariant(switched, 'green')).toEqual({ name: 'fraud', version: '2' });
  });

  it('shadow: the primary always answers; the challenger is mirrored percent% of the time', () => {
    const policy = { type: 'shadow', primary: 'models:/fraud/6', challenger: 'models:/fraud/7' };
    const n = 20_000;
    const quarter = tally(stateFor({ ...policy, percent: 25 }), n);
    expect(quarter.get('primary')).toBe(n);
    expectShare(quarter.get('shadow:challenger'), n, 0.25);
    expect(
      tally(stateFor({ ...policy, percent: 0 }), 1000).get('shadow:challenger'),
    ).toBeUndefined();
    expect(tally(stateFor(policy), 1000).get('shadow:challenger')).toBe(1000);
  });

  it('ab: weighted random without a key, sticky by key with one', () => {
    const state = stateFor({
      type: 'ab',
      variants: [
        { name: 'old', model: 'models:/fraud/6', weight: 70 },
        { name: 'new', model: 'models:/fraud/7', weight: 30 },
        { name: 'off', model: 'models:/fraud/5', weight: 0 },
      ],
    });
    const n = 20_000;
    const counts = tally(state, n);
    expectShare(counts.get('new'), n, 0.3);
    expect(counts.get('off')).toBeUndefined();
    const random = mulberry32(9);
    const keys = Array.from({ length: 5_000 }, (_, i) => `session-${i}`);
    const first = keys.map((routeKey) => route(state, { routeKey, random }).primary);
    expect(keys.map((routeKey) => route(state, { routeKey, random }).primary)).toEqual(first);
    // The ring's shares are within a few percent of the weights (see hash-ring tests).
    expect(Math.abs(first.filter((v) => v === 'new').length / keys.length - 0.3)).toBeLessThan(
      0.04,
    );
  });

  it('bandit: routes mostly to the arm with better rewards, and routing changes nothing', () => {
    const state = stateFor({
      type: 'bandit',
      variants: [
        { name: 'a', model: 'models:/fraud/6' },
        { name: 'b', model: 'models:/fraud/7' },
      ],
    });
    if (state.type !== 'bandit') throw new Error('bandit expected');
    let bandit = state.bandit;
    for (let i = 0; i < 50; i += 1) bandit = recordReward(recordReward(bandit, 'a', 0), 'b', 1);
    const learned = { ...state, bandit };
    const before = structuredClone(learned.bandit);
    expect(tally(learned, 1000).get('b')).toBe(1000);
    expect(learned.bandit).toEqual(before);
  });

  it('returns decisions a caller cannot corrupt', () => {
    const decision: RouteDecision = route(stateFor({ type: 'single', model: 'models:/fraud/3' }), {
      random: Math.random,
    });
    expect(Object.isFrozen(decision)).toBe(true);
  });
});

describe('createDeploymentState', () => {
  it('needs a resolved version for every variant', () => {
    const spec = parseDeploymentSpec({ name: 'fraud', policy: CANARY });
    try {
      createDeploymentState(spec, { stable: { name: 'fraud', version: '6' } }, { now: T0 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SlipwayError);
      expect((error as SlipwayError).code).toBe('INVALID_ARGUMENT');
      expect((error as SlipwayError).message).toContain("variant 'candidate' (models:/fraud/7)");
    }
  });

  it('lists the variants of each policy', () => {
    const variantsOf = (policy: Record<string, unknown>): string[] =>
      deploymentVariants(parseDeploymentSpec({ name: 'x', policy }).policy).map(
        (v) => `${v.id}=${v.model}`,
      );
    expect(variantsOf(CANARY)).toEqual([
      'stable=models:/fraud@champion',
      'candidate=models:/fraud/7',
    ]);
    expect(variantsOf({ type: 'blue-green', active: 'models:/a/1' })).toEqual(['blue=models:/a/1']);
    expect(
      variantsOf({ type: 'shadow', primary: 'models:/a/1', challenger: 'models:/a/2' }),
    ).toEqual(['primary=models:/a/1', 'challenger=models:/a/2']);
  });

  it('carries runtime state over: canary as is, bandit statistics by variant name, blue-green slot', () => {
    const canary = stateFor(CANARY);
    if (canary.type !== 'canary') throw new Error('canary expected');
    const advanced = {
      ...canary,
      canary: evaluateCanary(
        canary.policy,
        canary.canary,
        { requests: 50, errors: 0, p95LatencyMs: 1 },
        T0 + 30_000,
      ).state,
    };
    const restored = createDeploymentState(advanced.spec, advanced.models, {
      now: T0 + 60_000,
      runtime: deploymentRuntime(advanced),
    });
    expect(restored.type === 'canary' && restored.canary).toEqual(advanced.canary);

    const bandit = stateFor({
      type: 'bandit',
      variants: [
        { name: 'a', model: 'models:/fraud/6' },
        { name: 'b', model: 'models:/fraud/7' },
      ],
    });
    if (bandit.type !== 'bandit') throw new Error('bandit expected');
    const rewarded = { ...bandit, bandit: recordReward(bandit.bandit, 'b', 1) };
    const reordered = parseDeploymentSpec({
      name: 'fraud',
      policy: {
        type: 'bandit',
        variants: [
          { name: 'b', model: 'models:/fraud/7' },
          { name: 'a', model: 'models:/fraud/6' },
        ],
      },
    });
    const next = createDeploymentState(reordered, rewarded.models, {
      now: T0,
      runtime: deploymentRuntime(rewarded),
    });
    expect(next.type === 'bandit' && next.bandit.arms.map((arm) => [arm.id, arm.pulls])).toEqual([
      ['b', 1],
      ['a', 0],
    ]);

    const blueGreen = stateFor({
      type: 'blue-green',
      active: 'models:/fraud/6',
      preview: 'models:/fraud/7',
    });
    if (blueGreen.type !== 'blue-green') throw new Error('blue-green expected');
    const switched = { ...blueGreen, blueGreen: switchBlueGreen(blueGreen.blueGreen, T0).state };
    const kept = createDeploymentState(switched.spec, switched.models, {
      now: T0,
      runtime: deploymentRuntime(switched),
    });
    expect(kept.type === 'blue-green' && kept.blueGreen.active).toBe('green');
    // Without a preview in the new spec, a state whose live slot is green cannot be kept.
    const alone = parseDeploymentSpec({
      name: 'fraud',
      policy: { type: 'blue-green', active: 'models:/fraud/6' },
    });
    const fresh = createDeploymentState(alone, switched.models, {
      now: T0,
      runtime: deploymentRuntime(switched),
    });
    expect(
      fresh.type === 'blue-green' && [fresh.blueGreen.active, fresh.blueGreen.preview],
    ).toEqual(['blue', undefined]);
  });
});
