import { failedPrecondition } from '../errors.js';
import type { CanaryPolicy } from './deployment-spec.js';
import { formatDurationMs } from './duration.js';

export type CanaryPhase = 'progressing' | 'promoted' | 'rolled-back' | 'paused';
export type CanaryAction = 'start' | 'advance' | 'promote' | 'rollback' | 'pause' | 'resume';

/** One recorded change of a canary; `from` and `to` are the candidate's share of traffic in percent. */
export interface CanaryTransition {
  at: number;
  action: CanaryAction;
  from: number;
  to: number;
  /** Phase after the transition. */
  phase: CanaryPhase;
  reason: string;
}

/** Plain JSON, so the service can persist it; every function returns a new state. */
export interface CanaryState {
  stepIndex: number;
  /** Percent of traffic the candidate receives now. */
  weight: number;
  phase: CanaryPhase;
  /** When the current step (or the resumed step) began, in ms since the epoch. */
  stepStartedAt: number;
  history: CanaryTransition[];
}

/** Candidate traffic over the analysis window; a WindowSnapshot of RollingStats fits. */
export interface CanaryWindowStats {
  requests: number;
  errors: number;
  p95LatencyMs: number;
}

export interface CanaryUpdate {
  state: CanaryState;
  /** Present when the state changed; also appended to `state.history`. */
  transition?: CanaryTransition;
  /** What happened or why nothing did, for logs and `deployments get`. */
  status: string;
}

function transition(
  state: CanaryState,
  at: number,
  action: CanaryAction,
  change: Pick<CanaryState, 'weight' | 'phase'> & Partial<CanaryState>,
  reason: string,
): CanaryUpdate {
  const record: CanaryTransition = {
    at,
    action,
    from: state.weight,
    to: change.weight,
    phase: change.phase,
    reason,
  };
  return {
    state: { ...state, ...change, history: [...state.history, record] },
    transition: record,
    status: reason,
  };
}

export function createCanaryState(policy: CanaryPolicy, now: number): CanaryState {
  const weight = policy.steps[0] as number;
  const record: CanaryTransition = {
    at: now,
    action: 'start',
    from: 0,
    to: weight,
    phase: 'progressing',
    reason: `canary started: ${weight}% of traffic to the candidate`,
  };
  return { stepIndex: 0, weight, phase: 'progressing', stepStartedAt: now, history: [record] };
}

/** When the current step is due for analysis, or undefined when the canary is not progressing. */
export function canaryDueAt(policy: CanaryPolicy, state: CanaryState): number | undefined {
  return state.phase === 'progressing' ? state.stepStartedAt + policy.interval : undefined;
}

const num = (value: number): string => String(Number(value.toPrecision(4)));

function stepLabel(policy: CanaryPolicy, state: CanaryState): string {
  return `step ${state.stepIndex + 1} of ${policy.steps.length} (${state.weight}%)`;
}

/**
 * Judges the current step once its interval has passed. A breach of maxErrorRate or
 * maxP95LatencyMs rolls back (strictly above the limit is a breach); a clean window advances to the
 * next step, or promotes after the last one. Fewer than minRequests candidate requests are not
 * judged: the step is held and judged again at the next call. The window should cover the step's
 * candidate traffic (e.g. RollingStats read over `now - stepStartedAt`).
 */
export function evaluateCanary(
  policy: CanaryPolicy,
  state: CanaryState,
  window: CanaryWindowStats,
  now: number,
): CanaryUpdate {
  if (state.phase !== 'progressing') {
    return { state, status: `canary is ${state.phase}; nothing to evaluate` };
  }
  const elapsed = now - state.stepStartedAt;
  if (elapsed < policy.interval) {
    return {
      state,
      status: `${stepLabel(policy, state)}: ${formatDurationMs(Math.max(0, elapsed))} of ${formatDurationMs(policy.interval)} elapsed`,
    };
  }
  const { maxErrorRate, maxP95LatencyMs, minRequests } = policy.analysis;
  if (window.requests < minRequests) {
    return {
      state,
      status: `${stepLabel(policy, state)} held: ${window.requests} candidate requests, ${minRequests} needed to judge`,
    };
  }
  const errorRate = window.errors / window.requests;
  const breaches: string[] = [];
  const checks: string[] = [];
  if (maxErrorRate !== undefined) {
    const text = `error rate ${num(errorRate)}`;
    if (errorRate > maxErrorRate) breaches.push(`${text} above maxErrorRate ${maxErrorRate}`);
    else checks.push(`${text} within ${maxErrorRate}`);
  }
  if (maxP95LatencyMs !== undefined) {
    const text = `p95 latency ${num(window.p95LatencyMs)}ms`;
    if (window.p95LatencyMs > maxP95LatencyMs) {
      breaches.push(`${text} above maxP95LatencyMs ${maxP95LatencyMs}ms`);
    } else checks.push(`${text} within ${maxP95LatencyMs}ms`);
  }
  const over = `over ${window.requests} requests`;
  if (breaches.length > 0) {
    return transition(
      state,
      now,
      'rollback',
      { weight: 0, phase: 'rolled-back', stepStartedAt: now },
      `rolled back at ${stepLabel(policy, state)}: ${breaches.join(' and ')} ${over}`,
    );
  }
  const passed = `analysis passed at ${stepLabel(policy, state)} ${over}: ${checks.length > 0 ? checks.join(', ') : 'no limits set'}`;
  const next = state.stepIndex + 1;
  if (next >= policy.steps.length) {
    return transition(
      state,
      now,
      'promote',
      { weight: 100, phase: 'promoted', stepStartedAt: now },
      `promoted: ${passed}`,
    );
  }
  const weight = policy.steps[next] as number;
  return transition(
    state,
    now,
    'advance',
    { stepIndex: next, weight, phase: 'progressing', stepStartedAt: now },
    `advanced to ${weight}%: ${passed}`,
  );
}

/** Sends all traffic to the candidate now, skipping the remaining steps. */
export function promoteCanary(
  state: CanaryState,
  now: number,
  reason = 'promoted manually',
): CanaryUpdate {
  if (state.phase !== 'progressing' && state.phase !== 'paused') {
    throw failedPrecondition(
      state.phase === 'promoted'
        ? 'The canary is already promoted.'
        : 'The canary was rolled back; apply the deployment spec again to restart it.',
    );
  }
  return transition(
    state,
    now,
    'promote',
    { weight: 100, phase: 'promoted', stepStartedAt: now },
    reason,
  );
}

/** Sends all traffic back to the stable model; also undoes a promotion. */
export function rollbackCanary(
  state: CanaryState,
  now: number,
  reason = 'rolled back manually',
): CanaryUpdate {
  if (state.phase === 'rolled-back') throw failedPrecondition('The canary is already rolled back.');
  return transition(
    state,
    now,
    'rollback',
    { weight: 0, phase: 'rolled-back', stepStartedAt: now },
    reason,
  );
}

/** Holds the current weight; no analysis runs until resumed. */
export function pauseCanary(
  state: CanaryState,
  now: number,
  reason = 'paused manually',
): CanaryUpdate {
  if (state.phase !== 'progressing') {
    throw failedPrecondition(
      `Only a progressing canary can be paused; this one is ${state.phase}.`,
    );
  }
  return transition(state, now, 'pause', { weight: state.weight, phase: 'paused' }, reason);
}

/** Continues a paused canary; the current step's interval starts over. */
export function resumeCanary(
  state: CanaryState,
  now: number,
  reason = 'resumed manually',
): CanaryUpdate {
  if (state.phase !== 'paused') {
    throw failedPrecondition(`Only a paused canary can be resumed; this one is ${state.phase}.`);
  }
  return transition(
    state,
    now,
    'resume',
    { weight: state.weight, phase: 'progressing', stepStartedAt: now },
    reason,
  );
}
