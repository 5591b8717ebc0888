import { canaryDueAt, evaluateCanary } from '@slipway/core';
import type { CanaryPolicy, CanaryState, CanaryUpdate, RollingStats } from '@slipway/core';

/** A held canary step (too few requests to judge) is looked at again after at most this long. */
const MAX_RECHECK_MS = 5_000;

/** Judges the current step on the candidate's traffic since the step began. */
export function judgeCanaryStep(
  policy: CanaryPolicy,
  canary: CanaryState,
  candidateStats: RollingStats | undefined,
  now: number,
): CanaryUpdate {
  const window = candidateStats?.snapshot(now, now - canary.stepStartedAt);
  return evaluateCanary(
    policy,
    canary,
    {
      requests: window?.requests ?? 0,
      errors: window?.errors ?? 0,
      p95LatencyMs: window?.p95LatencyMs ?? Number.NaN,
    },
    now,
  );
}

/**
 * When to look at a canary next: when its step is due, or (a step already due but held) a little
 * later rather than at once, so a held step is not re-judged in a tight loop. Undefined when the
 * canary is not progressing.
 */
export function nextCanaryCheck(
  policy: CanaryPolicy,
  canary: CanaryState,
  now: number,
): number | undefined {
  const due = canaryDueAt(policy, canary);
  if (due === undefined) return undefined;
  return due > now ? due : now + Math.min(policy.interval, MAX_RECHECK_MS);
}
