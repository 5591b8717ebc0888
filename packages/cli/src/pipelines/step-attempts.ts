import { resolve } from 'node:path';
import { isSlipwayError } from '@slipway/core';
import type { CacheKeyParts, PipelineOutput, PlannedStep } from '@slipway/core';
import type { FinishPipelineStepInput } from '@slipway/sdk';
import { LogBatcher } from './log-batcher.js';
import { finishStep } from './finish-step.js';
import type { RunContext } from './run-context.js';
import type { StepEnd } from './runner-events.js';
import { startHeartbeat } from './step-heartbeat.js';
import { stepEnv } from './step-env.js';
import { runStepProcess } from './step-process.js';
import type { StepProcessResult } from './step-process.js';

/**
 * Executes a step here: one attempt after another (each with its own tracked run, a fresh outputs
 * directory and a heartbeat), waiting `retryDelayMs`, then twice that, ... between them, until
 * one succeeds, the retries are spent, or the run is cancelled.
 */
export async function runAttempts(
  ctx: RunContext,
  step: PlannedStep,
  cacheKey: string,
  cacheParts: CacheKeyParts,
): Promise<StepEnd> {
  for (let attempt = 1; ; attempt += 1) {
    if (ctx.signal.aborted) {
      return finishStep(ctx, step.key, { status: 'cancelled', error: 'cancelled', cacheKey });
    }
    const outcome = await runAttempt(ctx, step, { cacheKey, cacheParts, attempt });
    if (outcome.kind === 'ended') return outcome.end;
    // CONFLICT on start: here, with no other runner, only a cancelled run refuses it.
    if (outcome.kind === 'refused') return { status: 'cancelled', cacheKey, error: outcome.error };
    ctx.events.stepRetrying?.(step.key, outcome.attempt, outcome.error, outcome.delayMs);
    await sleep(outcome.delayMs, ctx.signal);
  }
}

/** How one attempt ended, as recorded on the server. */
export type AttemptOutcome =
  /** The step ended (finished as succeeded, failed or cancelled). */
  | { kind: 'ended'; end: StepEnd }
  /** The attempt failed and was recorded as retried (the step is queued): another should follow. */
  | { kind: 'retry'; attempt: number; error: string; delayMs: number }
  /**
   * The server refused to start it (CONFLICT): the run was cancelled, the step already ended, or
   * another runner holds it under a live heartbeat. Nothing ran and nothing was recorded.
   */
  | { kind: 'refused'; error: string };

export interface AttemptInput {
  cacheKey: string;
  cacheParts: CacheKeyParts;
  /** The attempt this should be (names its tracked run); the server's count decides retries. */
  attempt: number;
}

/**
 * One attempt of a step, whoever runs it (the CLI in-process, or `slipway worker` for a queued
 * step): starts it on the server, runs its command with heartbeat, logs and outputs, and records
 * how it ended: finished, or retried when the step's retries allow another attempt.
 */
export async function runAttempt(
  ctx: RunContext,
  step: PlannedStep,
  input: AttemptInput,
): Promise<AttemptOutcome> {
  const { cacheKey, cacheParts } = input;
  const tracked = await ctx.trackedRuns.start(step.key, input.attempt);
  const trackedRunId = tracked.runId;
  let attempt: number;
  try {
    const started = await ctx.recorder.startStep(ctx.runId, step.key, {
      worker: ctx.worker,
      cacheKey,
      cacheParts,
      trackedRunId,
    });
    attempt = started.attempt;
  } catch (err) {
    await ctx.trackedRuns.end(trackedRunId, 'KILLED').catch(() => undefined);
    if (isSlipwayError(err) && err.code === 'CONFLICT')
      return { kind: 'refused', error: err.message };
    throw err;
  }
  ctx.events.stepStarted?.(step.key, attempt);
  const started = Date.now();
  const result = await attemptOnce(ctx, step, tracked).catch((err: unknown): AttemptResult => ({
    status: 'failed',
    error: `could not run: ${err instanceof Error ? err.message : String(err)}`,
  }));
  const durationMs = Date.now() - started;
  const ended = async (input: FinishPipelineStepInput): Promise<AttemptOutcome> => ({
    kind: 'ended',
    end: await finishStep(ctx, step.key, input, { durationMs }),
  });
  if (result.status === 'succeeded' && result.outputs !== undefined) {
    await ctx.trackedRuns.end(trackedRunId, 'FINISHED').catch(() => undefined);
    return ended({ status: 'succeeded', exitCode: 0, outputs: result.outputs, cacheKey });
  }
  const withCode = result.exitCode === undefined ? {} : { exitCode: result.exitCode };
  const error = result.error ?? 'failed';
  if (result.status === 'cancelled') {
    await ctx.trackedRuns.end(trackedRunId, 'KILLED').catch(() => undefined);
    return ended({ status: 'cancelled', ...withCode, error, cacheKey });
  }
  await ctx.trackedRuns.end(trackedRunId, 'FAILED').catch(() => undefined);
  if (attempt > step.retries || ctx.signal.aborted) {
    return ended({ status: 'failed', ...withCode, error, cacheKey });
  }
  await ctx.recorder.retryStep(ctx.runId, step.key, { worker: ctx.worker, error });
  return { kind: 'retry', attempt, error, delayMs: step.retryDelayMs * 2 ** (attempt - 1) };
}

interface AttemptResult extends StepProcessResult {
  /** Set when the attempt succeeded and its outputs are stored. */
  outputs?: PipelineOutput[];
}

async function attemptOnce(
  ctx: RunContext,
  step: PlannedStep,
  tracked: { runId: string; experimentId: string },
): Promise<AttemptResult> {
  const outputsDir = await ctx.workspace.freshOutputs(step.key);
  const inputsDir = await ctx.workspace.prepareInputs(
    step.key,
    step.needs.map((key) => ({ key, outputs: ctx.finished.get(key)?.outputs ?? [] })),
    (key, path) => ctx.recorder.downloadOutput(ctx.runId, key, path),
  );
  const logs = new LogBatcher({
    send: async (entries) => {
      await ctx.recorder.appendLogs(ctx.runId, step.key, entries);
    },
    onError: (err) =>
      ctx.events.warning?.(
        `${step.key}: log lines could not be sent (${err instanceof Error ? err.message : String(err)})`,
      ),
  });
  // Stops this attempt when the run is cancelled or the server gives the step to another worker.
  const stop = new AbortController();
  const onRunAbort = () => stop.abort();
  ctx.signal.addEventListener('abort', onRunAbort, { once: true });
  const heartbeat = startHeartbeat(ctx, step.key, stop);
  let result: StepProcessResult;
  try {
    result = await runStepProcess({
      command: step.command,
      cwd: resolve(ctx.pipelineDir, step.workdir),
      env: stepEnv(ctx, step, { tracked, outputsDir, inputsDir }),
      timeoutMs: step.timeoutMs,
      signal: stop.signal,
      onLine: (stream, text) => {
        logs.add(stream, text);
        ctx.events.stepLine?.(step.key, stream, text);
      },
    });
  } finally {
    heartbeat.stop();
    ctx.signal.removeEventListener('abort', onRunAbort);
  }
  if (result.status === 'cancelled' && heartbeat.lost !== undefined) {
    result = { ...result, error: heartbeat.lost };
  }
  if (result.status !== 'succeeded') {
    logs.add('system', `attempt failed: ${result.error ?? 'failed'}`);
    await logs.flush();
    return result;
  }
  await logs.flush();
  try {
    const files = await ctx.workspace.listOutputs(outputsDir);
    const outputs: PipelineOutput[] = [];
    for (const file of files) {
      // A path: the SDK hashes the file first and the server checks what arrives against it.
      outputs.push(
        await ctx.recorder.uploadOutput(ctx.runId, step.key, file.relativePath, file.diskPath),
      );
    }
    await ctx.workspace.keepOutputs(step.key, outputsDir, files);
    return { ...result, outputs };
  } catch (err) {
    const error = `its outputs could not be stored: ${err instanceof Error ? err.message : String(err)}`;
    return { status: 'failed', exitCode: 0, error };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal.aborted) return done();
    const timer = setTimeout(finish, ms);
    signal.addEventListener('abort', finish, { once: true });
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      done();
    }
  });
}
