import { SlipwayError, failedPrecondition, isTerminalStepStatus, notFound } from '@slipway/core';
import type { PipelineStep, StepStatus } from '@slipway/core';

export type FinishStatus = 'succeeded' | 'failed' | 'cached' | 'skipped' | 'cancelled';

/**
 * Where each finish may come from: only a started step succeeds; a step may fail or be found
 * cached before it starts (its runner could not prepare it, or need not run it); only a step
 * that never started is skipped; any unfinished step may be cancelled.
 */
export const FINISH_FROM: Record<FinishStatus, readonly StepStatus[]> = {
  succeeded: ['running'],
  failed: ['pending', 'queued', 'running'],
  cached: ['pending', 'queued', 'running'],
  skipped: ['pending', 'queued'],
  cancelled: ['pending', 'queued', 'running'],
};

/** Statuses a step's needs must have before it runs (or reuses a cached result). */
const DONE: readonly StepStatus[] = ['succeeded', 'cached'];

export function conflict(message: string, details?: Record<string, unknown>): SlipwayError {
  return new SlipwayError({ code: 'CONFLICT', message, ...(details ? { details } : {}) });
}

export function stepNotFound(runId: string, stepKey: string): SlipwayError {
  return notFound(`Pipeline run '${runId}' has no step '${stepKey}'.`);
}

/**
 * Why a transition did not happen, from the step as it is now: 404 when there is no such step,
 * 409 otherwise, naming what stood in the way so the runner (or a person) knows what to do.
 */
export function refusal(
  verb: string,
  runId: string,
  stepKey: string,
  found: { step: PipelineStep | undefined; cancelRequested: boolean },
  context: {
    from: readonly StepStatus[];
    worker?: string | undefined;
    /** The transition is refused once the run is cancelled. */
    notCancelled?: boolean;
    /** For a start: how old a heartbeat must be for a takeover. */
    staleLimitMs?: number;
  },
): SlipwayError {
  const { step, cancelRequested } = found;
  if (step === undefined) return stepNotFound(runId, stepKey);
  const where = `Step '${stepKey}' of pipeline run '${runId}'`;
  const details = { status: step.status, worker: step.worker, cancelRequested };
  if (isTerminalStepStatus(step.status)) {
    return conflict(`${where} already finished as ${step.status}; it cannot ${verb}.`, details);
  }
  if (cancelRequested && context.notCancelled === true) {
    return conflict(
      `Pipeline run '${runId}' was cancelled; step '${stepKey}' cannot ${verb}.`,
      details,
    );
  }
  if (step.status === 'running' && context.from.includes('running')) {
    return conflict(
      `${where} is running under worker '${step.worker ?? '?'}', not '${context.worker ?? '?'}'.`,
      details,
    );
  }
  if (step.status === 'running' && context.staleLimitMs !== undefined) {
    return conflict(
      `${where} is already running under worker '${step.worker ?? '?'}'; another worker may take it over once its heartbeat is ${context.staleLimitMs / 1000} s old.`,
      details,
    );
  }
  return conflict(
    `${where} is ${step.status}; to ${verb} it must be ${context.from.join(' or ')}.`,
    details,
  );
}

/** FAILED_PRECONDITION unless every step `step` needs succeeded or was cached. */
export function requireNeedsDone(runId: string, step: PipelineStep, needs: PipelineStep[]): void {
  const waiting = needs.filter((n) => !DONE.includes(n.status));
  if (waiting.length === 0) return;
  const list = waiting.map((n) => `'${n.key}' (${n.status})`).join(', ');
  throw failedPrecondition(
    `Step '${step.key}' of pipeline run '${runId}' needs ${list} to succeed first.`,
    { waiting: waiting.map((n) => n.key) },
  );
}
