import type { PipelineRunStatus, StepStatus } from '@slipway/core';

/** Every status a step or run can show, in the order a run's steps move through them. */
export type ShownStatus = StepStatus | PipelineRunStatus;

/**
 * A symbol for each status, shown next to its word: colour is never the only cue (WCAG 1.4.1),
 * and the symbol tells statuses apart at a glance in a large DAG.
 */
const SYMBOLS: Record<ShownStatus, string> = {
  pending: '○',
  queued: '◔',
  running: '▶',
  succeeded: '✓',
  cached: '↺',
  failed: '✗',
  skipped: '⤼',
  cancelled: '⊘',
};

export function statusSymbol(status: ShownStatus): string {
  return SYMBOLS[status];
}

/** Step statuses in the order the runs table counts them. */
export const STEP_STATUSES: readonly StepStatus[] = [
  'pending',
  'queued',
  'running',
  'succeeded',
  'cached',
  'failed',
  'skipped',
  'cancelled',
];

export const RUN_STATUSES: readonly PipelineRunStatus[] = [
  'running',
  'succeeded',
  'failed',
  'cancelled',
];

export function isRunStatus(value: string | null): value is PipelineRunStatus {
  return value !== null && (RUN_STATUSES as readonly string[]).includes(value);
}

/** Steps that may still change: the page polls while one is shown. */
export function isLiveStep(status: StepStatus): boolean {
  return status === 'pending' || status === 'queued' || status === 'running';
}
