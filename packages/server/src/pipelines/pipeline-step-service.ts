import { invalidArgument } from '@slipway/core';
import type {
  CacheKeyParts,
  Caller,
  NewAuditEvent,
  PipelineRunInfo,
  PipelineRunStatus,
  PipelineStep,
  StepChange,
  StepGuard,
  TransactionStores,
} from '@slipway/core';
import { baseFinishChange, cachedCopy, checkedOutputs, storableText } from './finish-change.js';
import type { FinishStepRequest } from './finish-change.js';
import { pipelineEvent, runFor } from './pipeline-access.js';
import type { PipelineDeps } from './pipeline-access.js';
import type { PipelineBlobs } from './pipeline-blobs.js';
import { FINISH_FROM, refusal, requireNeedsDone, stepNotFound } from './step-rules.js';

export type { FinishStepRequest } from './finish-change.js';

export const DEFAULT_STALE_LIMIT_MS = 60_000;

export interface PipelineStepServiceOptions extends PipelineDeps {
  blobs: PipelineBlobs;
  /** A running step whose heartbeat is older than this may be started again (default 60 s). */
  staleLimitMs?: number | undefined;
}

export interface StartStepRequest {
  worker: string;
  cacheKey?: string | undefined;
  cacheParts?: CacheKeyParts | undefined;
  trackedRunId?: string | undefined;
}

interface TransitionOptions {
  /** The audit action after `pipeline.step.`. */
  action: 'queue' | 'start' | 'retry' | 'finish';
  /** What the step could not do, for a refusal: "cannot <verb>". */
  verb: string;
  /** Answers a refused change with the step as it is (an idempotent repeat). */
  accept?: (found: {
    step: PipelineStep | undefined;
    cancelRequested: boolean;
  }) => PipelineStep | undefined;
  now?: number;
  /** More changes in the same transaction, returning their audit events. */
  after?: (stores: TransactionStores) => Promise<NewAuditEvent[]>;
}

/**
 * The steps of pipeline runs as their runners report them: queue, start (or take over from a
 * lost worker), heartbeat, retry, finish. Each change is one guarded update (see StepGuard) in
 * one transaction with its audit event and, for a step's last change, the run's completion, so
 * several servers and workers can report at once. Heartbeats change no state and are not audited.
 */
export class PipelineStepService {
  readonly staleLimitMs: number;

  constructor(private readonly deps: PipelineStepServiceOptions) {
    this.staleLimitMs = deps.staleLimitMs ?? DEFAULT_STALE_LIMIT_MS;
  }

  /** pending -> queued; a step already queued is answered as it is (queueing is idempotent). */
  async queue(caller: Caller, runId: string, stepKey: string): Promise<PipelineStep> {
    const info = await runFor(this.deps, caller, runId, 'update');
    const guard: StepGuard = { statuses: ['pending'], notCancelled: true };
    return this.transition(
      caller,
      info,
      stepKey,
      guard,
      { status: 'queued' },
      {
        action: 'queue',
        verb: 'be queued',
        accept: (found) =>
          found.step?.status === 'queued' && !found.cancelRequested ? found.step : undefined,
      },
    );
  }

  /**
   * A new attempt: from pending or queued, or from running when the heartbeat is older than the
   * stale limit (the worker is presumed lost and the step runs again). Every step it needs must
   * have succeeded or been cached.
   */
  async start(
    caller: Caller,
    runId: string,
    stepKey: string,
    request: StartStepRequest,
  ): Promise<PipelineStep> {
    const info = await runFor(this.deps, caller, runId, 'update');
    const step = await this.step(runId, stepKey);
    await this.requireNeeds(runId, step);
    const now = this.deps.clock.now();
    const change: StepChange = {
      status: 'running',
      newAttempt: true,
      worker: request.worker,
      startedAt: now,
      heartbeatAt: now,
      finishedAt: null,
      exitCode: null,
    };
    if (request.cacheKey !== undefined) change.cacheKey = request.cacheKey;
    if (request.cacheParts !== undefined) change.cacheParts = request.cacheParts;
    if (request.trackedRunId !== undefined) change.trackedRunId = request.trackedRunId;
    const guard: StepGuard = {
      statuses: ['pending', 'queued'],
      staleBefore: now - this.staleLimitMs,
      notCancelled: true,
    };
    return this.transition(caller, info, stepKey, guard, change, {
      action: 'start',
      verb: 'start',
      now,
    });
  }

  /** Keeps a running step alive; the answer tells the runner whether the run was cancelled. */
  async heartbeat(
    caller: Caller,
    runId: string,
    stepKey: string,
    worker: string,
  ): Promise<{ cancelRequested: boolean }> {
    await runFor(this.deps, caller, runId, 'update');
    const { store } = this.deps;
    const alive = await store.heartbeat(runId, stepKey, worker, this.deps.clock.now());
    const cancelRequested = (await store.getRunInfo(runId))?.cancelRequested ?? false;
    if (!alive) {
      const [step] = await store.getSteps(runId, [stepKey]);
      const found = { step, cancelRequested };
      throw refusal('report a heartbeat', runId, stepKey, found, { from: ['running'], worker });
    }
    return { cancelRequested };
  }

  /** running -> queued after a failed attempt that another will follow; attempts are kept. */
  async retry(
    caller: Caller,
    runId: string,
    stepKey: string,
    request: { worker: string; error: string },
  ): Promise<PipelineStep> {
    const info = await runFor(this.deps, caller, runId, 'update');
    const guard: StepGuard = { statuses: ['running'], worker: request.worker, notCancelled: true };
    const change: StepChange = {
      status: 'queued',
      error: storableText(request.error),
      heartbeatAt: null,
    };
    return this.transition(caller, info, stepKey, guard, change, {
      action: 'retry',
      verb: 'be retried',
    });
  }

  /** Finishes a step, and the run with its last step. */
  async finish(
    caller: Caller,
    runId: string,
    stepKey: string,
    request: FinishStepRequest,
  ): Promise<{ step: PipelineStep; runStatus: PipelineRunStatus }> {
    const info = await runFor(this.deps, caller, runId, 'update');
    const step = await this.step(runId, stepKey);
    const now = this.deps.clock.now();
    const change = {
      ...baseFinishChange(request, now),
      ...(await this.finishExtras(caller, runId, step, request, now)),
    };
    const guard: StepGuard = { statuses: FINISH_FROM[request.status], worker: request.worker };
    let runStatus: PipelineRunStatus = 'running';
    const finished = await this.transition(caller, info, stepKey, guard, change, {
      action: 'finish',
      verb: `finish as ${request.status}`,
      now,
      after: async (s) => {
        const status = await s.pipelines.completeRun(runId, now);
        if (status === undefined) return [];
        runStatus = status;
        return [
          pipelineEvent(this.deps, caller, 'pipeline.run.finish', info.pipeline, {
            runId,
            status,
          }),
        ];
      },
    });
    return { step: finished, runStatus };
  }

  private async step(runId: string, stepKey: string): Promise<PipelineStep> {
    const [step] = await this.deps.store.getSteps(runId, [stepKey]);
    if (step === undefined) throw stepNotFound(runId, stepKey);
    return step;
  }

  /** Needs only move forward (to finished), so checking them before the change is enough. */
  private async requireNeeds(runId: string, step: PipelineStep): Promise<void> {
    if (step.needs.length === 0) return;
    requireNeedsDone(runId, step, await this.deps.store.getSteps(runId, step.needs));
  }

  /** What `succeeded` and `cached` set besides the common finish fields. */
  private async finishExtras(
    caller: Caller,
    runId: string,
    step: PipelineStep,
    request: FinishStepRequest,
    now: number,
  ): Promise<Partial<StepChange>> {
    if (request.status === 'succeeded') {
      if (request.outputs === undefined) {
        throw invalidArgument(
          "A succeeded step needs 'outputs': the files it wrote (an empty list when none).",
        );
      }
      return { ...(await checkedOutputs(request.outputs, this.deps.blobs)), error: null };
    }
    if (request.outputs !== undefined) {
      throw invalidArgument(
        `Only a succeeded step records 'outputs', not a ${request.status} one.`,
      );
    }
    if (request.status !== 'cached') return {};
    const ref = request.cachedFrom;
    if (ref === undefined) {
      throw invalidArgument("A cached step needs 'cachedFrom': the step whose outputs it reuses.");
    }
    await this.requireNeeds(runId, step);
    await runFor(this.deps, caller, ref.runId, 'read');
    const copy = cachedCopy(request, await this.step(ref.runId, ref.stepKey), ref);
    return step.startedAt === undefined ? { ...copy, startedAt: now } : copy;
  }

  /**
   * One step change in one transaction with its audit event (and whatever `how.after` adds
   * there): 409 or 404 from the step as it is when the guard does not hold, unless `how.accept`
   * takes it as it is.
   */
  private async transition(
    caller: Caller,
    info: PipelineRunInfo,
    stepKey: string,
    guard: StepGuard,
    change: StepChange,
    how: TransitionOptions,
  ): Promise<PipelineStep> {
    const { runId } = info;
    const now = how.now ?? this.deps.clock.now();
    return this.deps.uow.run(async (s) => {
      const t = await s.pipelines.transitionStep(runId, stepKey, guard, change, now);
      if (!t.changed) {
        const accepted = how.accept?.(t);
        if (accepted !== undefined) return accepted;
        throw refusal(how.verb, runId, stepKey, t, {
          from: guard.statuses,
          worker: guard.worker,
          notCancelled: guard.notCancelled === true,
          ...(guard.staleBefore === undefined ? {} : { staleLimitMs: this.staleLimitMs }),
        });
      }
      const { step } = t;
      const after: Record<string, unknown> = {
        runId,
        step: stepKey,
        status: step.status,
        attempt: step.attempt,
      };
      if (step.worker !== undefined) after.worker = step.worker;
      if (change.error !== undefined && step.error !== undefined) {
        after.error = step.error.slice(0, 1000);
      }
      const extra = (await how.after?.(s)) ?? [];
      await s.audit.append([
        pipelineEvent(this.deps, caller, `pipeline.step.${how.action}`, info.pipeline, after),
        ...extra,
      ]);
      return step;
    });
  }
}
