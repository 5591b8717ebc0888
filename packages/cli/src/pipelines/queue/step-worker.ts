import { isSlipwayError, isTerminalStepStatus, outputsDigest } from '@slipway/core';
import type { PipelineStepState, SlipwayClient } from '@slipway/sdk';
import { sdkRecorder } from '../pipeline-recorder.js';
import type { FinishedOutputs, RunContext, StepCredentials } from '../run-context.js';
import { RunWorkspace } from '../run-workspace.js';
import type { RunnerEvents } from '../runner-events.js';
import { runAttempt, runAttempts } from '../step-attempts.js';
import type { AttemptOutcome } from '../step-attempts.js';
import { sdkTrackedRuns } from '../tracked-runs.js';
import type { CodeCache } from './code-cache.js';
import { CODE_STEP } from './code-package.js';
import { stepJobId } from './queue-location.js';
import type { StepJobData } from './queue-location.js';
import type { StepQueue } from './step-queue.js';
import { readSteps } from './read-steps.js';

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
  /** Experiment ids of tracked runs, kept across this worker's jobs. */
  experiments?: Map<string, Promise<string>>;
}

/** What a job came to: an attempt's outcome, or why nothing ran. */
export type JobResult = AttemptOutcome | { kind: 'not-run'; reason: string };

/**
 * Runs one queued attempt of a step: reads the step (the truth; the job only says which step),
 * brings the pipeline directory and the needed steps' outputs here, and runs the attempt exactly
 * as the CLI does in-process (runAttempt). A step already finished, or held by another worker
 * under a live heartbeat, is left alone. After a failed attempt the step's retry policy decides:
 * the next attempt's job is added, delayed by the backoff. Only the step, its needs and (once
 * per code version) the code step are read, never the whole run: a job costs the same in a run
 * of 10 steps or of 10,000.
 */
export async function processStepJob(
  options: StepWorkerOptions,
  data: StepJobData,
): Promise<JobResult> {
  const client = options.clientFor(data.serverUrl);
  const recorder = sdkRecorder(client);
  const runId = data.runId;
  const found = await readStep(client, runId, data.stepKey);
  if (found === undefined) return { kind: 'not-run', reason: 'the run has no such step' };
  const { step, pipeline } = found;
  if (isTerminalStepStatus(step.status)) {
    return { kind: 'not-run', reason: `the step already ended as ${step.status}` };
  }
  if (found.cancelRequested) return { kind: 'not-run', reason: 'the run was cancelled' };
  const codeDir = options.code.cached(data.code);
  const keys = codeDir === undefined ? [...step.needs, CODE_STEP] : step.needs;
  const others = (await readSteps(client.pipelines, runId, keys))?.steps ?? [];
  const pipelineDir = await (codeDir ??
    options.code.dirFor(
      runId,
      others.find((s) => s.key === CODE_STEP),
      recorder,
    ));
  const finished = new Map<string, FinishedOutputs>();
  for (const need of others.filter((s) => step.needs.includes(s.key))) {
    finished.set(need.key, {
      outputs: need.outputs,
      outputsDigest: need.outputsDigest ?? outputsDigest(need.outputs),
    });
  }
  const workspace = await RunWorkspace.create();
  const stop = new AbortController();
  const ctx: RunContext = {
    runId,
    pipeline,
    recorder,
    trackedRuns: sdkTrackedRuns(client, pipeline, runId, options.experiments),
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
      const next = stepJobId(runId, step.key, outcome.attempt + 1);
      await options.queue.add(data, next, outcome.delayMs);
    }
    return outcome;
  } finally {
    await workspace.dispose().catch(() => undefined);
  }
}

/**
 * The step with its run's pipeline and state; undefined when the run exists without such a step
 * (an unknown run stays an error, for BullMQ to try again and then report).
 */
async function readStep(
  client: SlipwayClient,
  runId: string,
  stepKey: string,
): Promise<PipelineStepState | undefined> {
  try {
    return await client.pipelines.getStep(runId, stepKey);
  } catch (err) {
    if (!isSlipwayError(err) || err.code !== 'NOT_FOUND') throw err;
  }
  // NOT_FOUND is both "no such run" and "no such step": asking for steps tells them apart.
  const state = await client.pipelines.getSteps(runId, [stepKey]);
  if (state.steps.length === 0) return undefined;
  return client.pipelines.getStep(runId, stepKey);
}
