import { isSlipwayError, isTerminalStepStatus, outputsDigest } from '@slipway/core';
import type { CacheKeyParts, PipelineStep, PlannedStep } from '@slipway/core';
import type { PipelinesApi, PipelineStepsState } from '@slipway/sdk';
import type { RunContext } from '../run-context.js';
import type { StepEnd } from '../runner-events.js';
import type { StepExecutor } from '../step-executor.js';
import { codeStep, uploadCode } from './code-package.js';
import type { CodeFile } from './code-package.js';
import { stepJobId } from './queue-location.js';
import type { StepJobData } from './queue-location.js';
import { readSteps } from './read-steps.js';
import { StepChanges } from './step-changes.js';
import type { StepQueue } from './step-queue.js';

export interface QueueExecutorOptions {
  queue: StepQueue;
  /** The server URL workers report to. */
  serverUrl: string;
  /** The calls the orchestrator makes besides the runner's own. */
  pipelines: Pick<PipelinesApi, 'queueStep' | 'readLogs' | 'getSteps'>;
  /** The pipeline directory's files, collected (and size-checked) before the run is recorded. */
  code: readonly CodeFile[];
  /**
   * How long a running step's heartbeat may stay unchanged before its worker counts as lost and
   * the step is handed to another; the server's stale limit (60 s by default).
   */
  staleAfterMs: number;
  /**
   * How often every waiting step is read, 1 s by default: the safety net under the queue's job
   * events (on which the steps they name are read at once), and the pace of heartbeat and log
   * checks on running steps.
   */
  pollMs?: number;
}

/** The run's state besides its steps, as the last read saw it. */
type RunState = Pick<PipelineStepsState, 'cancelRequested'> & { runId: string };

/** One step handed to the queue, until it ends. */
interface Waiter {
  step: PlannedStep;
  cacheKey: string;
  data: StepJobData;
  resolve(end: StepEnd): void;
  startedAttempt: number;
  retriedAttempt: number;
  /** The job last added for this step, the attempt it is for, and when (local monotonic ms). */
  jobId: string;
  jobAttempt: number;
  jobAddedAt: number;
  /** Jobs added for the same attempt after the first (each needs its own id). */
  extraJobs: number;
  heartbeat: { attempt: number; at: number | undefined; seenAt: number };
  logSeq: number;
}

/**
 * Runs steps on `slipway worker` processes: each step to run is marked queued and added to the
 * BullMQ queue; what happens to it is read from the server (the queue is transport, the server
 * the truth): a step as soon as the queue says one of its jobs started or ended, every waiting
 * step every `pollMs`. Only those steps are read, never the whole run. A step whose worker stops heartbeating for the stale limit is added
 * again under the next attempt's job id, for another worker to take over; a queued step whose
 * job is gone is added again too, and one whose job BullMQ gave up on fails with its reason.
 * Logs are read as they arrive.
 */
export class QueueExecutor implements StepExecutor {
  private readonly waiters = new Map<string, Waiter>();
  private codeDigest: string | undefined;
  private ctx: RunContext | undefined;
  private polling: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private readonly pollMs: number;
  private readonly changes = new StepChanges();

  constructor(private readonly options: QueueExecutorOptions) {
    this.pollMs = options.pollMs ?? 1000;
  }

  extraSteps(): PlannedStep[] {
    return [codeStep()];
  }

  async prepare(ctx: RunContext): Promise<void> {
    this.ctx = ctx;
    this.codeDigest = await uploadCode(ctx.recorder, ctx.runId, this.options.code);
    this.changes.watch(this.options.queue, ctx.runId);
  }

  async execute(
    ctx: RunContext,
    step: PlannedStep,
    cacheKey: string,
    cacheParts: CacheKeyParts,
  ): Promise<StepEnd> {
    let queued: PipelineStep;
    try {
      queued = await this.options.pipelines.queueStep(ctx.runId, step.key);
    } catch (err) {
      // CONFLICT: the run was cancelled before the step could be handed out.
      if (isSlipwayError(err) && err.code === 'CONFLICT') {
        return { status: 'cancelled', cacheKey, error: err.message };
      }
      throw err;
    }
    const data: StepJobData = {
      serverUrl: this.options.serverUrl,
      runId: ctx.runId,
      stepKey: step.key,
      code: this.codeDigest ?? '',
      cacheKey,
      cacheParts,
    };
    const jobId = stepJobId(ctx.runId, step.key, queued.attempt + 1);
    await this.options.queue.add(data, jobId);
    return new Promise<StepEnd>((resolve) => {
      this.waiters.set(step.key, {
        step,
        cacheKey,
        data,
        resolve,
        startedAttempt: queued.attempt,
        retriedAttempt: queued.attempt,
        jobId,
        jobAttempt: queued.attempt + 1,
        jobAddedAt: performance.now(),
        extraJobs: 0,
        heartbeat: { attempt: queued.attempt, at: undefined, seenAt: performance.now() },
        logSeq: 0,
      });
      this.polling ??= this.poll();
    });
  }

  /** Waits for the polling to end and closes the queue; a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.polling;
      await this.changes.close();
      await this.options.queue.close();
    })();
    return this.closing;
  }

  /**
   * Reads the steps marked changed as soon as they are, and every waiting step every `pollMs`,
   * until no step waits. Ends (and clears `polling`) in the same turn that finds no waiter, so a
   * step added later starts a new loop.
   */
  private async poll(): Promise<void> {
    let failures = 0;
    let lastFull = performance.now();
    try {
      while (this.waiters.size > 0) {
        await this.changes.sleep(lastFull + this.pollMs - performance.now());
        const ctx = this.ctx as RunContext;
        const full = performance.now() - lastFull >= this.pollMs;
        if (full) lastFull = performance.now();
        const changed = this.changes.take((key) => this.waiters.has(key));
        const keys = full ? [...this.waiters.keys()] : changed;
        if (keys.length === 0) continue;
        let state: PipelineStepsState | undefined;
        try {
          state = await readSteps(this.options.pipelines, ctx.runId, keys);
          failures = 0;
        } catch (err) {
          // A server briefly away should not end the run (the next full read looks again);
          // say so now and then.
          if (failures++ % 25 === 0) {
            ctx.events.warning?.(`could not read run ${ctx.runId}: ${String(err)}`);
          }
          continue;
        }
        if (state === undefined) continue;
        const run: RunState = { runId: ctx.runId, cancelRequested: state.cancelRequested };
        for (const recorded of state.steps) {
          const waiter = this.waiters.get(recorded.key);
          if (waiter === undefined) continue;
          try {
            await this.observe(ctx, run, waiter, recorded);
          } catch (err) {
            ctx.events.warning?.(`${waiter.step.key}: ${String(err)}`);
          }
        }
      }
    } finally {
      this.polling = undefined;
    }
  }

  private async observe(
    ctx: RunContext,
    run: RunState,
    w: Waiter,
    step: PipelineStep,
  ): Promise<void> {
    const key = w.step.key;
    this.reportAttempts(ctx, w, step);
    if (step.attempt > 0) await this.readLogs(ctx, w);
    if (isTerminalStepStatus(step.status)) {
      this.waiters.delete(key);
      if (step.status === 'succeeded' || step.status === 'cached') {
        ctx.finished.set(key, {
          outputs: step.outputs,
          outputsDigest: step.outputsDigest ?? outputsDigest(step.outputs),
        });
      }
      w.resolve(stepEnd(step, w.cacheKey));
      return;
    }
    const now = performance.now();
    if (step.status === 'queued') {
      let waitMs = this.options.staleAfterMs;
      if (step.attempt > 0) {
        // An attempt failed and its worker recorded a retry; it adds the next job, delayed.
        waitMs += this.retryDelay(w, step.attempt);
        if (w.jobAttempt !== step.attempt + 1) {
          w.jobAttempt = step.attempt + 1;
          w.jobId = stepJobId(run.runId, key, w.jobAttempt);
          w.jobAddedAt = now;
          w.extraJobs = 0;
        }
      }
      if (now - w.jobAddedAt <= waitMs) return;
      const job = await this.options.queue.jobState(w.jobId);
      if (job.state === 'failed') {
        // The workers tried the job and could not run the step (no server, no code): say why.
        await ctx.recorder.finishStep(run.runId, key, {
          status: 'failed',
          error: `its job failed on the workers: ${job.reason}`,
          cacheKey: w.cacheKey,
        });
      } else if (job.state === 'gone') {
        // Nothing will pick the step up (its job was lost): hand it out again.
        await this.addAgain(w, step.attempt + 1, now);
      }
      return;
    }
    if (step.status !== 'running') return;
    const beat = w.heartbeat;
    if (beat.attempt !== step.attempt || beat.at !== step.heartbeatAt) {
      w.heartbeat = { attempt: step.attempt, at: step.heartbeatAt, seenAt: now };
      return;
    }
    // Unchanged for the stale limit on this machine's clock means at least as old on the
    // server's (it was written before it was first seen here), whatever the clocks say.
    if (now - beat.seenAt <= this.options.staleAfterMs + this.pollMs) return;
    beat.seenAt = now;
    if (run.cancelRequested) {
      // Nobody will see the cancellation on a heartbeat: end the step here.
      await ctx.recorder
        .finishStep(run.runId, key, {
          status: 'cancelled',
          error: 'cancelled (its worker was lost)',
        })
        .catch(() => undefined);
      return;
    }
    w.retriedAttempt = Math.max(w.retriedAttempt, step.attempt);
    ctx.events.warning?.(
      `${key}: worker ${step.worker ?? '?'} stopped reporting (no heartbeat for ${Math.round(this.options.staleAfterMs / 1000)} s); handing the step to another worker`,
    );
    await this.addAgain(w, step.attempt + 1, now);
  }

  /**
   * Start and retry lines for the attempts made since the last look, even those begun and ended
   * between two looks (a fast step that failed once shows both attempts, as in-process).
   */
  private reportAttempts(ctx: RunContext, w: Waiter, step: PipelineStep): void {
    const key = w.step.key;
    const error = step.error ?? 'failed';
    while (w.startedAttempt < step.attempt) {
      w.startedAttempt += 1;
      const previous = w.startedAttempt - 1;
      // Attempts taken over from a lost worker were marked retried when handed out again.
      if (previous > 0 && w.retriedAttempt < previous) {
        w.retriedAttempt = previous;
        ctx.events.stepRetrying?.(key, previous, error, this.retryDelay(w, previous));
      }
      ctx.events.stepStarted?.(key, w.startedAttempt);
    }
    if (step.status === 'queued' && step.attempt > w.retriedAttempt) {
      w.retriedAttempt = step.attempt;
      ctx.events.stepRetrying?.(key, step.attempt, error, this.retryDelay(w, step.attempt));
    }
  }

  private retryDelay(w: Waiter, attempt: number): number {
    return w.step.retryDelayMs * 2 ** (attempt - 1);
  }

  private async addAgain(w: Waiter, attempt: number, now: number): Promise<void> {
    if (w.jobAttempt === attempt) w.extraJobs += 1;
    else {
      w.jobAttempt = attempt;
      w.extraJobs = 0;
    }
    w.jobId = stepJobId(w.data.runId, w.step.key, attempt, w.extraJobs);
    w.jobAddedAt = now;
    await this.options.queue.add(w.data, w.jobId);
  }

  private async readLogs(ctx: RunContext, w: Waiter): Promise<void> {
    const onLine = ctx.events.stepLine;
    if (onLine === undefined) return;
    for (;;) {
      const page = await this.options.pipelines.readLogs(ctx.runId, w.step.key, {
        after: w.logSeq,
      });
      for (const entry of page.entries) onLine(w.step.key, entry.stream, entry.text);
      if (page.nextSeq <= w.logSeq) return;
      w.logSeq = page.nextSeq;
    }
  }
}

/** How a step ended, from its record. */
function stepEnd(step: PipelineStep, cacheKey: string): StepEnd {
  return {
    status: step.status as StepEnd['status'],
    cacheKey: step.cacheKey ?? cacheKey,
    ...(step.durationMs === undefined || step.status === 'cached'
      ? {}
      : { durationMs: step.durationMs }),
    ...(step.exitCode === undefined ? {} : { exitCode: step.exitCode }),
    ...(step.error === undefined ? {} : { error: step.error }),
    ...(step.cachedFrom === undefined ? {} : { cachedFrom: step.cachedFrom }),
  };
}
