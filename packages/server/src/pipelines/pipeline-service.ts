import { randomUUID } from 'node:crypto';
import { invalidArgument, notFound } from '@slipway/core';
import type {
  Caller,
  PipelineCacheHit,
  PipelineParamValue,
  PipelineRun,
  PipelineRunStatus,
  PipelineRunSummary,
  PipelineStep,
  PipelineSummary,
  PipelineTrigger,
  PlannedStep,
} from '@slipway/core';
import { nextToken, resolveWindow } from '../support/paging.js';
import type { PageRequest } from '../support/paging.js';
import { pipelineEvent, runFor, runNotFound } from './pipeline-access.js';
import type { PipelineDeps } from './pipeline-access.js';
import { checkPipelineName, checkPlannedSteps } from './run-validation.js';
import { conflict, stepNotFound } from './step-rules.js';

/** The most steps one listPipelineSteps call may name (its URL must stay short). */
const MAX_STEP_KEYS = 500;

export interface CreatePipelineRunRequest {
  pipeline: string;
  spec: Record<string, unknown>;
  params: Record<string, PipelineParamValue>;
  steps: PlannedStep[];
  trigger: PipelineTrigger;
  resumeOf?: string | undefined;
}

/**
 * Pipeline runs: the system of record runners report to. Runs are created with every step
 * pending, read, listed and cancelled here; their steps move in PipelineStepService, their
 * outputs and logs are kept by PipelineStepFiles.
 *
 * Access as for datasets, by pipeline name: the first run of a new pipeline makes its creator
 * MANAGE it; READ sees runs, logs and outputs; EDIT creates runs, reports steps and cancels.
 * Every state change is audited in the transaction that makes it.
 */
export class PipelineService {
  constructor(private readonly deps: PipelineDeps) {}

  async createRun(caller: Caller, request: CreatePipelineRunRequest): Promise<PipelineRun> {
    const { pipeline } = request;
    const { store, access } = this.deps;
    checkPipelineName(pipeline);
    const steps = checkPlannedSteps(request.steps);
    if (request.resumeOf !== undefined) {
      const previous = await store.getRunInfo(request.resumeOf);
      if (previous === undefined) throw runNotFound(request.resumeOf);
      if (previous.pipeline !== pipeline) {
        throw invalidArgument(
          `Run '${request.resumeOf}' is a run of pipeline '${previous.pipeline}', not '${pipeline}'; it cannot be resumed as one.`,
        );
      }
    }
    // A new pipeline needs no permission: its creator gets MANAGE on it (as a new dataset).
    const exists = await store.hasRuns(pipeline);
    if (exists) await access.require(caller, 'pipeline', pipeline, 'update');
    const now = this.deps.clock.now();
    return this.deps.uow.run(async (s) => {
      const run = await s.pipelines.createRun({
        runId: randomUUID().replaceAll('-', ''),
        pipeline,
        params: request.params,
        spec: request.spec,
        trigger: request.trigger,
        resumeOf: request.resumeOf,
        createdBy: caller.username,
        createdAt: now,
        steps,
      });
      if (!exists) await access.grantCreator(s, caller, 'pipeline', pipeline);
      await s.audit.append([
        pipelineEvent(this.deps, caller, 'pipeline.run.create', pipeline, {
          runId: run.runId,
          steps: steps.length,
          trigger: request.trigger.type,
          ...(request.resumeOf === undefined ? {} : { resumeOf: request.resumeOf }),
        }),
      ]);
      return run;
    });
  }

  async listPipelines(
    caller: Caller,
    request: PageRequest,
  ): Promise<{ pipelines: PipelineSummary[]; nextPageToken?: string | undefined }> {
    const readableBy = this.deps.access.readableBy(caller);
    const window = resolveWindow(request, { pipelines: readableBy }, { default: 100, max: 1000 });
    const page = await this.deps.store.listPipelines(window, readableBy);
    return { pipelines: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  async listRuns(
    caller: Caller,
    request: PageRequest & {
      pipeline?: string | undefined;
      status?: PipelineRunStatus | undefined;
    },
  ): Promise<{ runs: PipelineRunSummary[]; nextPageToken?: string | undefined }> {
    const { maxResults, pageToken, ...filter } = request;
    const readableBy = this.deps.access.readableBy(caller);
    const window = resolveWindow(
      { maxResults, pageToken },
      { pipelineRuns: filter, readableBy },
      { default: 100, max: 1000 },
    );
    const page = await this.deps.store.listRuns(filter, window, readableBy);
    return { runs: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  async getRun(caller: Caller, runId: string): Promise<PipelineRun> {
    const run = await this.deps.store.getRun(runId);
    if (run === undefined) throw runNotFound(runId);
    await this.deps.access.require(caller, 'pipeline', run.pipeline, 'read');
    return run;
  }

  /**
   * One step and its run's state, without the run's other steps: what a worker reads per job,
   * at a cost that does not grow with the run.
   */
  async getStep(
    caller: Caller,
    runId: string,
    stepKey: string,
  ): Promise<{
    step: PipelineStep;
    pipeline: string;
    runStatus: PipelineRunStatus;
    cancelRequested: boolean;
  }> {
    const info = await runFor(this.deps, caller, runId, 'read');
    const [step] = await this.deps.store.getSteps(runId, [stepKey]);
    if (step === undefined) throw stepNotFound(runId, stepKey);
    return {
      step,
      pipeline: info.pipeline,
      runStatus: info.status,
      cancelRequested: info.cancelRequested,
    };
  }

  /**
   * The named steps (those the run has, in plan order) and the run's state as read just before
   * them: what an orchestrator reads when some of its steps changed.
   */
  async getSteps(
    caller: Caller,
    runId: string,
    keys: readonly string[],
  ): Promise<{ steps: PipelineStep[]; runStatus: PipelineRunStatus; cancelRequested: boolean }> {
    if (keys.length === 0 || keys.length > MAX_STEP_KEYS) {
      throw invalidArgument(
        `Name between 1 and ${MAX_STEP_KEYS} steps with 'key' (got ${keys.length}); read the whole run with GET /api/v1/pipelines/runs/${runId} instead.`,
      );
    }
    const info = await runFor(this.deps, caller, runId, 'read');
    const steps = await this.deps.store.getSteps(runId, [...new Set(keys)]);
    return { steps, runStatus: info.status, cancelRequested: info.cancelRequested };
  }

  /** Pending and queued steps are cancelled now; running ones when their runner hears of it. */
  async cancelRun(caller: Caller, runId: string): Promise<PipelineRun> {
    const info = await runFor(this.deps, caller, runId, 'update');
    const now = this.deps.clock.now();
    await this.deps.uow.run(async (s) => {
      const cancelled = await s.pipelines.requestCancel(runId, now);
      if (cancelled === undefined) {
        const current = await s.pipelines.getRunInfo(runId);
        throw conflict(
          `Pipeline run '${runId}' already finished as ${current?.status ?? info.status}; there is nothing to cancel.`,
        );
      }
      const status = await s.pipelines.completeRun(runId, now);
      await s.audit.append([
        pipelineEvent(this.deps, caller, 'pipeline.run.cancel', info.pipeline, {
          runId,
          cancelled,
        }),
        ...(status === undefined
          ? []
          : [
              pipelineEvent(this.deps, caller, 'pipeline.run.finish', info.pipeline, {
                runId,
                status,
              }),
            ]),
      ]);
    });
    return this.getRun(caller, runId);
  }

  /** The newest succeeded (not cached) step with the key, within the TTL, that caller may read. */
  async findCached(
    caller: Caller,
    cacheKey: string,
    ttlSeconds?: number,
  ): Promise<PipelineCacheHit> {
    const notBefore =
      ttlSeconds === undefined ? undefined : this.deps.clock.now() - ttlSeconds * 1000;
    const readableBy = this.deps.access.readableBy(caller);
    const hit = await this.deps.store.findCached(cacheKey, notBefore, readableBy);
    if (hit === undefined) {
      const within = ttlSeconds === undefined ? '' : ` within the last ${ttlSeconds} s`;
      throw notFound(`No succeeded step has cache key ${cacheKey}${within}.`);
    }
    return hit;
  }
}
