import type { Page } from '../domain/common.js';
import type {
  PipelineCacheHit,
  PipelineLogEntry,
  PipelineLogStream,
  PipelineOutput,
  PipelineRun,
  PipelineRunInfo,
  PipelineRunSummary,
  PipelineStep,
  PipelineStepRef,
  PipelineSummary,
  PipelineTrigger,
} from '../domain/pipeline-run.js';
import type {
  CacheKeyParts,
  PipelineParamValue,
  PipelineRunStatus,
  PlannedStep,
  StepStatus,
} from '../pipelines/pipeline-types.js';
import type { PipelineStepLink } from '../lineage/lineage-links.js';
import type { ReadableBy } from './permission-store.js';
import type { SearchWindow } from './queries.js';

/** A run to record: every step starts `pending`, the run `running`. */
export interface NewPipelineRun {
  runId: string;
  pipeline: string;
  params: Record<string, PipelineParamValue>;
  spec: Record<string, unknown>;
  trigger: PipelineTrigger;
  resumeOf?: string | undefined;
  createdBy: string;
  createdAt: number;
  /** In plan (topological) order. */
  steps: PlannedStep[];
}

export interface PipelineRunFilter {
  pipeline?: string | undefined;
  status?: PipelineRunStatus | undefined;
}

/**
 * When a step may change. The update is one conditional statement, so of two servers racing for
 * the same step exactly one wins; the other sees `changed: false`.
 */
export interface StepGuard {
  /** The step is in one of these states... */
  statuses: readonly StepStatus[];
  /** ...or it is running with a heartbeat older than this (its worker is presumed lost). */
  staleBefore?: number | undefined;
  /** A running step must be running under this worker (other states ignore it). */
  worker?: string | undefined;
  /** Refused once cancel was requested for the run. */
  notCancelled?: boolean | undefined;
}

/** What a transition sets; `null` clears a field, absent leaves it. */
export interface StepChange {
  status: StepStatus;
  /** Start a new attempt: attempt + 1. */
  newAttempt?: boolean | undefined;
  worker?: string | null | undefined;
  cacheKey?: string | null | undefined;
  cacheParts?: CacheKeyParts | null | undefined;
  cachedFrom?: PipelineStepRef | null | undefined;
  outputs?: PipelineOutput[] | undefined;
  outputsDigest?: string | null | undefined;
  exitCode?: number | null | undefined;
  error?: string | null | undefined;
  trackedRunId?: string | null | undefined;
  startedAt?: number | null | undefined;
  finishedAt?: number | null | undefined;
  heartbeatAt?: number | null | undefined;
}

export type StepTransition =
  | { changed: true; step: PipelineStep }
  /** The guard did not hold: the step as it is now (undefined if absent) and the run's cancel flag. */
  | { changed: false; step: PipelineStep | undefined; cancelRequested: boolean };

export interface LogAppendLimits {
  /** Bytes of text a step keeps; past it, one truncation marker and nothing more. */
  maxBytes: number;
  /** The marker's text. */
  marker: string;
}

/**
 * Pipeline runs, their steps and step logs. Runs and steps are created together and only move
 * forward: every state change is a conditional update (see StepGuard) in a transaction that first
 * locks the run's row, so concurrent step changes of one run are serialized and the run is
 * finished exactly once, by whichever change finished its last step.
 */
export interface PipelineStore {
  createRun(run: NewPipelineRun): Promise<PipelineRun>;
  getRun(runId: string): Promise<PipelineRun | undefined>;
  getRunInfo(runId: string): Promise<PipelineRunInfo | undefined>;
  /** Newest first; only runs of pipelines `readableBy` may read, when given. */
  listRuns(
    filter: PipelineRunFilter,
    window: SearchWindow,
    readableBy?: ReadableBy,
  ): Promise<Page<PipelineRunSummary>>;
  /** By name. */
  listPipelines(window: SearchWindow, readableBy?: ReadableBy): Promise<Page<PipelineSummary>>;
  /** Whether any run of the pipeline exists. */
  hasRuns(pipeline: string): Promise<boolean>;
  /** The steps of a run with these keys (all steps when absent), in plan order. */
  getSteps(runId: string, keys?: readonly string[]): Promise<PipelineStep[]>;
  /** Applies `change` when `guard` holds; marks the run started at `now` if it was not yet. */
  transitionStep(
    runId: string,
    stepKey: string,
    guard: StepGuard,
    change: StepChange,
    now: number,
  ): Promise<StepTransition>;
  /** Sets the heartbeat of a step running under `worker`; false when it is not. */
  heartbeat(runId: string, stepKey: string, worker: string, now: number): Promise<boolean>;
  /**
   * Finishes a running run whose steps are all terminal: failed if any failed, else cancelled if
   * cancel was requested or any was cancelled, else succeeded. Returns the status it set, or
   * undefined when the run is not finished (or already was).
   */
  completeRun(runId: string, now: number): Promise<PipelineRunStatus | undefined>;
  /**
   * Requests cancellation of a running run and cancels its pending and queued steps. Returns the
   * keys cancelled, or undefined when the run is not running.
   */
  requestCancel(runId: string, now: number): Promise<string[] | undefined>;
  /**
   * The newest succeeded (not cached) step with the key that finished at or after `notBefore`,
   * in a pipeline `readableBy` may read.
   */
  findCached(
    cacheKey: string,
    notBefore: number | undefined,
    readableBy?: ReadableBy,
  ): Promise<PipelineCacheHit | undefined>;
  /** Lineage: the steps that logged to these tracking runs (with `trackedRunId`), by run, key. */
  stepsTrackedTo(runIds: readonly string[]): Promise<PipelineStepLink[]>;
  /** Lineage: the cached steps that reuse these steps' outputs (with `cachedFrom`), by run, key. */
  stepsCachedFrom(steps: readonly PipelineStepRef[]): Promise<PipelineStepLink[]>;
  /**
   * Appends entries numbered on from the step's last, within the step's byte budget (an entry
   * that crosses it is cut, then the marker follows). False for `truncated` until the budget is
   * reached. undefined when the step does not exist.
   */
  appendLogs(
    runId: string,
    stepKey: string,
    entries: ReadonlyArray<{ stream: PipelineLogStream; text: string }>,
    now: number,
    limits: LogAppendLimits,
  ): Promise<{ appended: number; truncated: boolean } | undefined>;
  /** Entries with seq > after, oldest first; undefined when the step does not exist. */
  readLogs(
    runId: string,
    stepKey: string,
    after: number,
    limit: number,
  ): Promise<{ entries: PipelineLogEntry[]; truncated: boolean } | undefined>;
}
