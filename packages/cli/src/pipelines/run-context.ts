import type { CacheKeyParts, PipelineOutput, PipelineRun, PlannedStep } from '@slipway/core';
import type { PipelineRecorder } from './pipeline-recorder.js';
import type { RunWorkspace } from './run-workspace.js';
import type { RunnerEvents, StepEnd } from './runner-events.js';
import type { TrackedRuns } from './tracked-runs.js';

/** A finished step's outputs, which the steps that need it read. */
export interface FinishedOutputs {
  outputs: PipelineOutput[];
  outputsDigest: string;
}

export interface StepCredentials {
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

/** What every step of one pipeline run shares. */
export interface RunContext {
  runId: string;
  pipeline: string;
  recorder: PipelineRecorder;
  trackedRuns: TrackedRuns;
  workspace: RunWorkspace;
  events: RunnerEvents;
  /** The pipeline file's directory; step workdirs are relative to it. */
  pipelineDir: string;
  /** The environment steps inherit (the CLI's), before declared and Slipway variables. */
  baseEnv: Record<string, string | undefined>;
  serverUrl: string;
  /** The CLI's credentials, handed to steps so that clients inside them can log too. */
  credentials: StepCredentials;
  /** Identifies this runner to the server (start, heartbeat and finish calls). */
  worker: string;
  heartbeatMs: number;
  /** Skip the cache lookup (steps still record their keys). */
  force: boolean;
  /** The run being resumed, whose succeeded and cached steps are reused. */
  resumeOf: PipelineRun | undefined;
  /** Outputs of the finished steps of this run, by step key. */
  finished: Map<string, FinishedOutputs>;
  /** Aborted when the run is cancelled (here, or by someone else through the API). */
  signal: AbortSignal;
  /** Called when a heartbeat answers that the run was cancelled through the API. */
  cancelledRemotely(): void;
  /** Runs a step that must run (here, or on queue workers); see StepExecutor. */
  execute(
    ctx: RunContext,
    step: PlannedStep,
    cacheKey: string,
    cacheParts: CacheKeyParts,
  ): Promise<StepEnd>;
}
