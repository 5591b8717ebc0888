import type {
  CacheKeyParts,
  PipelineParamValue,
  PipelineRunStatus,
  PlannedStep,
  StepStatus,
} from '../pipelines/pipeline-types.js';

/** What started a pipeline run. */
export const PIPELINE_TRIGGER_TYPES = [
  'manual',
  'api',
  'schedule',
  'dataset',
  'retraining',
  'resume',
] as const;
export type PipelineTriggerType = (typeof PIPELINE_TRIGGER_TYPES)[number];

export interface PipelineTrigger {
  type: PipelineTriggerType;
  /** e.g. the schedule's name, the dataset version, the retraining trigger's id. */
  detail?: string | undefined;
}

/** Steps in these states never change again. */
export const TERMINAL_STEP_STATUSES: readonly StepStatus[] = [
  'succeeded',
  'cached',
  'failed',
  'skipped',
  'cancelled',
];

export function isTerminalStepStatus(status: StepStatus): boolean {
  return TERMINAL_STEP_STATUSES.includes(status);
}

/** One file a step wrote to its outputs directory, stored content-addressed. */
export interface PipelineOutput {
  /** Relative to the step's outputs directory, '/'-separated. */
  path: string;
  /** sha256 of the content, hex: the blob's name in the artifact store. */
  digest: string;
  size: number;
}

/** A step of another (or the same) run, by key. */
export interface PipelineStepRef {
  runId: string;
  stepKey: string;
}

/** A planned step and what happened to it in its run. */
export interface PipelineStep extends PlannedStep {
  status: StepStatus;
  /** Attempts started so far (0 before the first start). */
  attempt: number;
  cacheKey?: string | undefined;
  cacheParts?: CacheKeyParts | undefined;
  /** For a `cached` step: the succeeded step whose outputs it reuses. */
  cachedFrom?: PipelineStepRef | undefined;
  /** Sorted by path; empty until the step succeeds (or is cached). */
  outputs: PipelineOutput[];
  /** sha256 of the sorted `path\tdigest\n` manifest lines of `outputs`. */
  outputsDigest?: string | undefined;
  exitCode?: number | undefined;
  /** Why the last attempt failed (kept while a retry is queued). */
  error?: string | undefined;
  /** Who runs (or last ran) it. */
  worker?: string | undefined;
  /** The tracking run the step logs to, when the runner made one. */
  trackedRunId?: string | undefined;
  startedAt?: number | undefined;
  finishedAt?: number | undefined;
  heartbeatAt?: number | undefined;
  /** finishedAt - startedAt of the last attempt. */
  durationMs?: number | undefined;
}

/** A run without its steps (what listings return). */
export interface PipelineRunInfo {
  runId: string;
  pipeline: string;
  status: PipelineRunStatus;
  params: Record<string, PipelineParamValue>;
  /** The parsed pipeline spec as the client sent it, for display. */
  spec: Record<string, unknown>;
  trigger: PipelineTrigger;
  /** The run this one resumes. */
  resumeOf?: string | undefined;
  createdBy: string;
  createdAt: number;
  /** When its first step started (or was found cached). */
  startedAt?: number | undefined;
  finishedAt?: number | undefined;
  cancelRequested: boolean;
}

/** A run and its steps, in plan (topological) order. */
export interface PipelineRun extends PipelineRunInfo {
  steps: PipelineStep[];
}

/** A run in a listing: its steps counted by status. */
export interface PipelineRunSummary extends PipelineRunInfo {
  stepCounts: Partial<Record<StepStatus, number>>;
}

/** A pipeline as its runs make it known: by name. */
export interface PipelineSummary {
  name: string;
  runCount: number;
  lastRun: { runId: string; status: PipelineRunStatus; createdAt: number };
}

/** A succeeded step whose outputs a step with the same cache key may reuse. */
export interface PipelineCacheHit {
  runId: string;
  stepKey: string;
  outputs: PipelineOutput[];
  outputsDigest: string;
  finishedAt: number;
}

export const PIPELINE_LOG_STREAMS = ['stdout', 'stderr', 'system'] as const;
export type PipelineLogStream = (typeof PIPELINE_LOG_STREAMS)[number];

export interface PipelineLogEntry {
  /** 1, 2, 3... per step. */
  seq: number;
  stream: PipelineLogStream;
  text: string;
  /** When the server received it. */
  at: number;
}
