import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import {
  canaryDueAt,
  createCanaryState,
  evaluateCanary,
  pauseCanary,
  promoteCanary,
  resumeCanary,
  rollbackCanary,
} from './canary-controller.js';
import type { CanaryState } from './canary-controller.js';
import type { CanaryPolicy } from './deployment-spec.js';
import { parseDeploymentSpec } from './parse-deployment-spec.js';

function canaryPolicy(
  analysis: Record<string, unknown> = { maxErrorRate: 0.01, maxP95LatencyMs: 50 },
): CanaryPolicy {
  const spec = parseDeploymentSpec({
    name: 'fraud',
    policy: {
      type: 'canary',
      stable: 'models:/fraud@champion',
      candidate: 'models:/fraud/7',
      steps: [10, 50, 100],
      interval: '30s',
      analysis,
    },
  });
  if (spec.policy.type !== 'canary') throw new Error('expected a canary policy');
  return spec.policy;
}

const T0 = 1_700_000_000_000;
const INTERVAL = 30_000;
const HEALTHY = { requests: 100, errors: 0, p95LatencyMs: 20 };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof SlipwayError ? error.code : 'not a SlipwayError';
  }
  return undefined;
}

describe('canary controller', () => {
  const policy = canaryPolicy();

  it('starts at the first step and records the start', () => {
    expect(createCanaryState(policy, T0)).toEqual({
      stepIndex: 0,
      weight: 10,
      phase: 'progressing',
      stepStartedAt: T0,
      history: [
        {
          at: T0,
          action: 'start',
          from: 0,
          to: 10,
          phase: 'progressing',
          reason: 'canary started: 10% of traffic to the candidate',
        },
      ],
    });
    expect(canaryDueAt(policy, createCanaryState(policy, T0))).toBe(T0 + INTERVAL);
  });

  it('waits until the interval has passed', () => {
    const state = createCanaryState(policy, T0);
    const update = evaluateCanary(policy, state, HEALTHY, T0 + INTERVAL - 1);
    expect(update.state).toBe(state);
    expect(update.transition).toBeUndefined();
    expect(update.status).toBe('step 1 of 3 (10%): 29999ms of 30s elapsed');
  });

  it('walks 10% -> 50% -> 100% -> promoted on healthy windows, recording each reason', () => {
    let state = deepFreeze(createCanaryState(policy, T0));
    const at = [T0 + INTERVAL, T0 + 2 * INTERVAL, T0 + 3 * INTERVAL];
    const first = evaluateCanary(policy, state, HEALTHY, at[0]!);
    expect(first.transition).toEqual({
      at: at[0],
      action: 'advance',
      from: 10,
      to: 50,
      phase: 'progressing',
      reason:
        'advanced to 50%: analysis passed at step 1 of 3 (10%) over 100 requests: error rate 0 within 0.01, p95 latency 20ms within 50ms',
    });
    state = deepFreeze(first.state);
    expect(state).toMatchObject({
      stepIndex: 1,
      weight: 50,
      phase: 'progressing',
      stepStartedAt: at[0],
    });
    state = deepFreeze(evaluateCanary(policy, state, HEALTHY, at[1]!).state);
    expect(state).toMatchObject({ stepIndex: 2, weight: 100, phase: 'progressing' });
    const last = evaluateCanary(policy, state, HEALTHY, at[2]!);
    expect(last.transition).toMatchObject({
      action: 'promote',
      from: 100,
      to: 100,
      phase: 'promoted',
    });
    expect(last.transition?.reason).toMatch(/^promoted: analysis passed at step 3 of 3 \(100%\)/u);
    expect(last.state.history.map((t) => [t.action, t.from, t.to])).toEqual([
      ['start', 0, 10],
      ['advance', 10, 50],
      ['advance', 50, 100],
      ['promote', 100, 100],
    ]);
    expect(
      evaluateCanary(policy, last.state, HEALTHY, at[2]! + INTERVAL).transition,
    ).toBeUndefined();
  });

  it('treats values equal to the limits as healthy', () => {
    const update = evaluateCanary(
      policy,
      createCanaryState(policy, T0),
      { requests: 200, errors: 2, p95LatencyMs: 50 },
      T0 + INTERVAL,
    );
    expect(update.transition?.action).toBe('advance');
  });

  it('holds a step with too few requests and says so', () => {
    const state = createCanaryState(policy, T0);
    const update = evaluateCanary(
      policy,
      state,
      { requests: 19, errors: 0, p95LatencyMs: 5 },
      T0 + INTERVAL,
    );
    expect(update.state).toBe(state);
    expect(update.transition).toBeUndefined();
    expect(update.status).toBe('step 1 of 3 (10%) held: 19 candidate requests, 20 needed to judge');
    // Judged as soon as enough requests have arrived.
    const later = evaluateCanary(
      policy,
      state,
      { requests: 20, errors: 0, p95LatencyMs: 5 },
      T0 + INTERVAL + 5_000,
    );
    expect(later.transition?.action).toBe('advance');
  });

  it('rolls back on an error-rate breach, naming the metric, its value and the limit', () => {
    const atFifty = evaluateCanary(
      policy,
      createCanaryState(policy, T0),
      HEALTHY,
      T0 + INTERVAL,
    ).state;
    const update = evaluateCanary(
      policy,
      atFifty,
      { requests: 150, errors: 3, p95LatencyMs: 20 },
      T0 + 2 * INTERVAL,
    );
    expect(update.state).toMatchObject({ weight: 0, phase: 'rolled-back' });
    expect(update.transition).toMatchObject({
      action: 'rollback',
      from: 50,
      to: 0,
      phase: 'rolled-back',
    });
    expect(update.transition?.reason).toBe(
      'rolled back at step 2 of 3 (50%): error rate 0.02 above maxErrorRate 0.01 over 150 requests',
    );
  });

  it('rolls back on a latency breach, and names both metrics when both breach', () => {
    const state = createCanaryState(policy, T0);
    const slow = evaluateCanary(
      policy,
      state,
      { requests: 40, errors: 0, p95LatencyMs: 72.5 },
      T0 + INTERVAL,
    );
    expect(slow.transition?.reason).toBe(
      'rolled back at step 1 of 3 (10%): p95 latency 72.5ms above maxP95LatencyMs 50ms over 40 requests',
    );
    const both = evaluateCanary(
      policy,
      state,
      { requests: 40, errors: 4, p95LatencyMs: 51 },
      T0 + INTERVAL,
    );
    expect(both.transition?.reason).toBe(
      'rolled back at step 1 of 3 (10%): error rate 0.1 above maxErrorRate 0.01 and p95 latency 51ms above maxP95LatencyMs 50ms over 40 requests',
    );
    expect(
      evaluateCanary(policy, both.state, HEALTHY, T0 + 5 * INTERVAL).transition,
    ).toBeUndefined();
  });

  it('advances on time and traffic alone when no limits are set', () => {
    const open = canaryPolicy({ minRequests: 5 });
    const update = evaluateCanary(
      open,
      createCanaryState(open, T0),
      { requests: 5, errors: 5, p95LatencyMs: 1e6 },
      T0 + INTERVAL,
    );
    expect(update.transition?.reason).toBe(
      'advanced to 50%: analysis passed at step 1 of 3 (10%) over 5 requests: no limits set',
    );
  });

  it('promotes and rolls back manually, refusing transitions that make no sense', () => {
    const state = createCanaryState(policy, T0);
    const promoted = promoteCanary(state, T0 + 1, 'looks good to me');
    expect(promoted.state).toMatchObject({ weight: 100, phase: 'promoted' });
    expect(promoted.transition).toEqual({
      at: T0 + 1,
      action: 'promote',
      from: 10,
      to: 100,
      phase: 'promoted',
      reason: 'looks good to me',
    });
    expect(codeOf(() => promoteCanary(promoted.state, T0 + 2))).toBe('FAILED_PRECONDITION');
    const rolledBack = rollbackCanary(promoted.state, T0 + 3);
    expect(rolledBack.transition).toMatchObject({
      action: 'rollback',
      from: 100,
      to: 0,
      reason: 'rolled back manually',
    });
    expect(codeOf(() => rollbackCanary(rolledBack.state, T0 + 4))).toBe('FAILED_PRECONDITION');
    expect(codeOf(() => promoteCanary(rolledBack.state, T0 + 4))).toBe('FAILED_PRECONDITION');
    expect(rolledBack.state.history.map((t) => t.action)).toEqual(['start', 'promote', 'rollback']);
  });

  it('pauses (no analysis) and resumes with a fresh interval', () => {
    const paused = pauseCanary(createCanaryState(policy, T0), T0 + 10).state;
    expect(paused).toMatchObject({ weight: 10, phase: 'paused' });
    expect(evaluateCanary(policy, paused, HEALTHY, T0 + 10 * INTERVAL).transition).toBeUndefined();
    expect(canaryDueAt(policy, paused)).toBeUndefined();
    expect(codeOf(() => pauseCanary(paused, T0 + 11))).toBe('FAILED_PRECONDITION');
    const resumed: CanaryState = resumeCanary(paused, T0 + 100_000).state;
    expect(resumed).toMatchObject({
      weight: 10,
      phase: 'progressing',
      stepStartedAt: T0 + 100_000,
    });
    expect(
      evaluateCanary(policy, resumed, HEALTHY, T0 + 100_000 + INTERVAL - 1).transition,
    ).toBeUndefined();
    expect(
      evaluateCanary(policy, resumed, HEALTHY, T0 + 100_000 + INTERVAL).transition?.action,
    ).toBe('advance');
    expect(codeOf(() => resumeCanary(resumed, T0))).toBe('FAILED_PRECONDITION');
    expect(promoteCanary(paused, T0 + 12).state.phase).toBe('promoted');
  });
});
