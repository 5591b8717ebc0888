import { isTerminalStepStatus, outputsDigest } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import { sdkRecorder } from '../pipeline-recorder.js';
import type { FinishedOutputs, RunContext, StepCredentials } from '../run-context.js';
import { RunWorkspace } from '../run-workspace.js';
import type { RunnerEvents } from '../runner-events.js';
import { runAttempt, runAttempts } from '../step-attempts.js';
import type { AttemptOutcome } from '../step-attempts.js';
import { sdkTrackedRuns } from '../tracked-runs.js';
import type { CodeCache } from './code-cache.js';
import { stepJobId } from './queue-location.js';
import type { StepJobData } from './queue-location.js';
import type { StepQueue } from './step-queue.js';

export interface StepWorkerOptions {
  /** This worker, as the server records it on the steps it runs (host:pid:random). */
  workerId: string;
  /** The client for the server a job names, and the URL its steps are given. */
  clientFor(serverUrl: string): SlipwayClient;
  credentials: StepCredentials;
  baseEnv: Record<string, string | undefined>;
  heartbeatMs: number;
  code: CodeCache;
  /** Where the next attempt's job goes when an attempt fails and the step retries. */
  queue: StepQueue;
  events: RunnerEvents;
}

/** What a job came to: an attempt's outcome, or why nothing ran. */
export type JobResult = AttemptOutcome | { kind: 'not-run'; reason: string };

/**
 * Runs one queued attempt of a step: reads the run (the truth; the job only says which step),
 * brings the pipeline directory and the needed steps' outputs here, and runs the attempt exactly
 * as the CLI does in-process (runAttempt). A step already finished, or held by another worker
 * under a live heartbeat, is left alone. After a failed attempt the step's retry policy decides:
 * the next attempt's job is added, delayed by the backoff.
 */
export async function processStepJob(
  options: StepWorkerOptions,
  data: StepJobData,
): Promise<JobResult> {
  const client = options.clientFor(data.serverUrl);
  const recorder = sdkRecorder(client);
  const run = await recorder.getRun(data.runId);
  const step = run.steps.find((s) => s.key === data.stepKey);
  if (step === undefined) return { kind: 'not-run', reason: 'the run has no such step' };
  if (isTerminalStepStatus(step.status)) {
    return { kind: 'not-run', reason: `the step already ended as ${step.status}` };
  }
  if (run.cancelRequested) return { kind: 'not-run', reason: 'the run was cancelled' };
  const pipelineDir = await options.code.dirFor(run, recorder);
  const finished = new Map<string, FinishedOutputs>();
  for (const need of run.steps.filter((s) => step.needs.includes(s.key))) {
    finished.set(need.key, {
      outputs: need.outputs,
      outputsDigest: need.outputsDigest ?? outputsDigest(need.outputs),
    });
  }
  const workspace = await RunWorkspace.create();
  const stop = new AbortController();
  const ctx: RunContext = {
    runId: run.runId,
    pipeline: run.pipeline,
    recorder,
    trackedRuns: sdkTrackedRuns(client, run.pipeline, run.runId),
    workspace,
    events: options.events,
    pipelineDir,
    baseEnv: options.baseEnv,
    serverUrl: client.baseUrl,
    credentials: options.credentials,
    worker: options.workerId,
    heartbeatMs: options.heartbeatMs,
    force: false,
    resumeOf: undefined,
    finished,
    signal: stop.signal,
    cancelledRemotely: () => stop.abort(),
    execute: runAttempts,
  };
  try {
    const outcome = await runAttempt(ctx, step, {
      cacheKey: data.cacheKey,
      cacheParts: data.cacheParts,
      attempt: step.attempt + 1,
    });
    if (outcome.kind === 'retry') {
      const next = stepJobId(run.runId, step.key, outcome.attempt + 1);
      await options.queue.add(data, next, outcome.delayMs);
    }
    return outcome;
  } finally {
    await workspace.dispose().catch(() => undefined);
  }
}
