import type { Insertable, Selectable, Updateable } from 'kysely';
import type {
  CacheKeyParts,
  NewPipelineRun,
  PipelineOutput,
  PipelineRunInfo,
  PipelineRunStatus,
  PipelineStep,
  PipelineTriggerType,
  PlannedStep,
  StepChange,
  StepStatus,
} from '@slipway/core';
import type { PipelineRunsTable, PipelineStepsTable } from './schema-pipelines.js';

/** The planned step's fields kept as one JSON column: the runner needs them, no query does. */
type StoredPlan = Omit<PlannedStep, 'key' | 'name' | 'needs' | 'command'>;

export function runRow(run: NewPipelineRun): Insertable<PipelineRunsTable> {
  return {
    run_id: run.runId,
    pipeline: run.pipeline,
    status: 'running',
    params: JSON.stringify(run.params),
    spec: JSON.stringify(run.spec),
    trigger_type: run.trigger.type,
    trigger_detail: run.trigger.detail ?? null,
    resume_of: run.resumeOf ?? null,
    created_by: run.createdBy,
    created_at: run.createdAt,
    started_at: null,
    finished_at: null,
    updated_at: run.createdAt,
    cancel_requested: 0,
  };
}

export function stepRow(
  runId: string,
  step: PlannedStep,
  position: number,
): Insertable<PipelineStepsTable> {
  const { key, name, needs, command, ...plan } = step;
  return {
    run_id: runId,
    step_key: key,
    position,
    name,
    needs: JSON.stringify(needs),
    command,
    plan: JSON.stringify(plan satisfies StoredPlan),
    status: 'pending',
    attempt: 0,
    outputs: '[]',
  };
}

export function runFromRow(row: Selectable<PipelineRunsTable>): PipelineRunInfo {
  const run: PipelineRunInfo = {
    runId: row.run_id,
    pipeline: row.pipeline,
    status: row.status as PipelineRunStatus,
    params: JSON.parse(row.params) as PipelineRunInfo['params'],
    spec: JSON.parse(row.spec) as PipelineRunInfo['spec'],
    trigger: { type: row.trigger_type as PipelineTriggerType },
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    cancelRequested: Number(row.cancel_requested) === 1,
  };
  if (row.trigger_detail !== null) run.trigger.detail = row.trigger_detail;
  if (row.resume_of !== null) run.resumeOf = row.resume_of;
  if (row.started_at !== null) run.startedAt = Number(row.started_at);
  if (row.finished_at !== null) run.finishedAt = Number(row.finished_at);
  return run;
}

export type StepRowView = Omit<
  Selectable<PipelineStepsTable>,
  'log_seq' | 'log_bytes' | 'log_truncated' | 'position'
>;

/** The step columns a step view reads (not the log counters). */
export const STEP_COLUMNS = [
  'run_id',
  'step_key',
  'name',
  'needs',
  'command',
  'plan',
  'status',
  'attempt',
  'worker',
  'cache_key',
  'cache_parts',
  'cached_from_run',
  'cached_from_step',
  'outputs',
  'outputs_digest',
  'exit_code',
  'error',
  'tracked_run_id',
  'started_at',
  'finished_at',
  'heartbeat_at',
] as const;

export function stepFromRow(row: StepRowView): PipelineStep {
  const plan = JSON.parse(row.plan) as StoredPlan;
  const step: PipelineStep = {
    key: row.step_key,
    name: row.name,
    ...plan,
    needs: JSON.parse(row.needs) as string[],
    command: row.command,
    status: row.status as StepStatus,
    attempt: Number(row.attempt),
    outputs: JSON.parse(row.outputs) as PipelineOutput[],
  };
  if (row.cache_key !== null) step.cacheKey = row.cache_key;
  if (row.cache_parts !== null) step.cacheParts = JSON.parse(row.cache_parts) as CacheKeyParts;
  if (row.cached_from_run !== null && row.cached_from_step !== null) {
    step.cachedFrom = { runId: row.cached_from_run, stepKey: row.cached_from_step };
  }
  if (row.outputs_digest !== null) step.outputsDigest = row.outputs_digest;
  if (row.exit_code !== null) step.exitCode = Number(row.exit_code);
  if (row.error !== null) step.error = row.error;
  if (row.worker !== null) step.worker = row.worker;
  if (row.tracked_run_id !== null) step.trackedRunId = row.tracked_run_id;
  if (row.started_at !== null) step.startedAt = Number(row.started_at);
  if (row.finished_at !== null) step.finishedAt = Number(row.finished_at);
  if (row.heartbeat_at !== null) step.heartbeatAt = Number(row.heartbeat_at);
  if (step.startedAt !== undefined && step.finishedAt !== undefined) {
    step.durationMs = Math.max(0, step.finishedAt - step.startedAt);
  }
  return step;
}

/** The columns a change sets (`undefined` leaves a column); `attempt` is the caller's SQL. */
export function changeValues(change: StepChange): Updateable<PipelineStepsTable> {
  const values: Updateable<PipelineStepsTable> = {
    status: change.status,
    worker: change.worker,
    cache_key: change.cacheKey,
    cache_parts: json(change.cacheParts),
    outputs: change.outputs === undefined ? undefined : JSON.stringify(change.outputs),
    outputs_digest: change.outputsDigest,
    exit_code: change.exitCode,
    error: change.error,
    tracked_run_id: change.trackedRunId,
    started_at: change.startedAt,
    finished_at: change.finishedAt,
    heartbeat_at: change.heartbeatAt,
  };
  if (change.cachedFrom !== undefined) {
    values.cached_from_run = change.cachedFrom?.runId ?? null;
    values.cached_from_step = change.cachedFrom?.stepKey ?? null;
  }
  // Kysely would bind an undefined value; leaving the key out leaves the column.
  for (const key of Object.keys(values) as Array<keyof typeof values>) {
    if (values[key] === undefined) delete values[key];
  }
  return values;
}

function json(value: object | null | undefined): string | null | undefined {
  return value === undefined || value === null ? value : JSON.stringify(value);
}
