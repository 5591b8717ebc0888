import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type {
  PipelinePlan,
  PipelineRun,
  PipelineRunStatus,
  PlannedStep,
  StepStatus,
} from '@slipway/core';
import type { PipelineRecorder } from './pipeline-recorder.js';
import type { RunContext, StepCredentials } from './run-context.js';
import { runStep, skipStep } from './run-step.js';
import { RunWorkspace } from './run-workspace.js';
import type { RunnerEvents, StepEnd } from './runner-events.js';
import { inProcessExecutor } from './step-executor.js';
import type { StepExecutor } from './step-executor.js';
import type { TrackedRuns } from './tracked-runs.js';

export interface RunPipelineOptions {
  plan: PipelinePlan;
  /** The parsed pipeline file, stored with the run for display. */
  spec: Record<string, unknown>;
  /** The pipeline file's directory. */
  pipelineDir: string;
  recorder: PipelineRecorder;
  trackedRuns(pipelineRunId: string): TrackedRuns;
  serverUrl: string;
  /** The CLI's credentials, passed on to steps (token, or username and password). */
  credentials?: StepCredentials;
  baseEnv: Record<string, string | undefined>;
  /** Steps running at once; 2 by default. */
  parallel?: number;
  force?: boolean;
  /** The run to resume: its succeeded and cached steps are reused, the rest run. */
  resumeOf?: PipelineRun | undefined;
  heartbeatMs?: number;
  /** Aborting cancels the run (the CLI aborts on SIGINT and SIGTERM). */
  signal?: AbortSignal | undefined;
  events?: RunnerEvents;
  /** Where steps that must run run; here, as child processes, by default. */
  executor?: StepExecutor;
}

export interface PipelineRunResult {
  runId: string;
  status: PipelineRunStatus;
  steps: Array<{ key: string; status: StepStatus; cacheKey?: string }>;
  /** The run as the server recorded it at the end. */
  run: PipelineRun;
}

/**
 * Runs a planned pipeline here, recording everything through `recorder`: creates the run, then
 * starts each step whose needs have all succeeded (or were cached), at most `parallel` at a time,
 * and skips the steps downstream of one that failed. Cancellation (the signal, or a cancel through
 * the API seen on a heartbeat) stops the running steps; the server cancels the ones not started.
 */
export async function runPipeline(options: RunPipelineOptions): Promise<PipelineRunResult> {
  const { plan, recorder } = options;
  const events = options.events ?? {};
  const executor = options.executor ?? inProcessExecutor;
  const created = await recorder.createRun({
    pipeline: plan.name,
    spec: options.spec,
    params: plan.params,
    steps: [...plan.steps, ...executor.extraSteps()],
    trigger:
      options.resumeOf === undefined
        ? { type: 'manual' }
        : { type: 'resume', detail: options.resumeOf.runId },
    ...(options.resumeOf === undefined ? {} : { resumeOf: options.resumeOf.runId }),
  });
  events.runCreated?.(created);
  const cancel = new AbortController();
  let cancelCall: Promise<void> | undefined;
  const onSignal = () => {
    cancelCall ??= recorder.cancelRun(created.runId).then(
      () => undefined,
      (err: unknown) => events.warning?.(`could not cancel run ${created.runId}: ${String(err)}`),
    );
    cancel.abort();
  };
  if (options.signal?.aborted) onSignal();
  options.signal?.addEventListener('abort', onSignal, { once: true });
  const workspace = await RunWorkspace.create();
  const ctx: RunContext = {
    runId: created.runId,
    pipeline: plan.name,
    recorder,
    trackedRuns: options.trackedRuns(created.runId),
    workspace,
    events,
    pipelineDir: options.pipelineDir,
    baseEnv: options.baseEnv,
    serverUrl: options.serverUrl,
    credentials: options.credentials ?? {},
    worker: `cli:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    heartbeatMs: options.heartbeatMs ?? 10_000,
    force: options.force === true,
    resumeOf: options.resumeOf,
    finished: new Map(),
    signal: cancel.signal,
    cancelledRemotely: () => cancel.abort(),
    execute: (...args) => executor.execute(...args),
  };
  let ends: Map<string, StepEnd>;
  try {
    await executor.prepare(ctx);
    ends = await schedule(ctx, plan.steps, options.parallel ?? 2);
    await cancelCall;
  } finally {
    options.signal?.removeEventListener('abort', onSignal);
    await workspace.dispose().catch(() => undefined);
    await executor.close().catch(() => undefined);
  }
  const run = await recorder.getRun(created.runId);
  const recordedSteps = new Map(run.steps.map((s) => [s.key, s]));
  return {
    runId: run.runId,
    status: run.status,
    steps: plan.steps.map((step) => {
      const recorded = recordedSteps.get(step.key);
      const cacheKey = recorded?.cacheKey ?? ends.get(step.key)?.cacheKey;
      return {
        key: step.key,
        status: recorded?.status ?? ends.get(step.key)?.status ?? 'pending',
        ...(cacheKey === undefined ? {} : { cacheKey }),
      };
    }),
    run,
  };
}

/** The scheduling loop: returns when every step has ended (or can no longer start). */
async function schedule(
  ctx: RunContext,
  steps: readonly PlannedStep[],
  parallel: number,
): Promise<Map<string, StepEnd>> {
  const ends = new Map<string, StepEnd>();
  const running = new Map<string, Promise<void>>();
  const waiting = new Set(steps.map((s) => s.key));
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const end = (key: string, result: StepEnd) => {
    ends.set(key, result);
    ctx.events.stepFinished?.(key, result);
  };
  for (;;) {
    if (ctx.signal.aborted) {
      // The server cancels the steps that never started; only running ones are ours to end.
      for (const key of waiting) end(key, { status: 'cancelled', error: 'the run was cancelled' });
      waiting.clear();
    }
    for (const key of [...waiting]) {
      const step = byKey.get(key) as PlannedStep;
      const blocker = step.needs.find((need) => {
        const status = ends.get(need)?.status;
        return status !== undefined && status !== 'succeeded' && status !== 'cached';
      });
      if (blocker !== undefined) {
        waiting.delete(key);
        const because = `${blocker}, which ${describe(ends.get(blocker)?.status)}`;
        running.set(
          key,
          skipStep(ctx, step, because).then((result) => {
            running.delete(key);
            end(key, result);
          }),
        );
        continue;
      }
      if (running.size >= parallel) continue;
      if (!step.needs.every((need) => ends.has(need))) continue;
      waiting.delete(key);
      running.set(
        key,
        runStep(ctx, step).then((result) => {
          running.delete(key);
          end(key, result);
        }),
      );
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  return ends;
}

function describe(status: StepStatus | undefined): string {
  if (status === 'failed') return 'failed';
  if (status === 'skipped') return 'was skipped';
  return 'was cancelled';
}
