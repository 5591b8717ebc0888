import { isSlipwayError, nativeRoutes as r } from '@slipway/core';
import type {
  CacheKeyParts,
  PipelineCacheHit,
  PipelineLogEntry,
  PipelineLogStream,
  PipelineOutput,
  PipelineParamValue,
  PipelineRun,
  PipelineRunStatus,
  PipelineRunSummary,
  PipelineStep,
  PipelineStepRef,
  PipelineSummary,
  PipelineTrigger,
  PlannedStep,
} from '@slipway/core';
import { openLocalFile } from './local-file.js';
import type { Transport, UploadBody } from './transport.js';

export interface CreatePipelineRunInput {
  pipeline: string;
  /** The parsed pipeline spec, kept with the run for display. */
  spec?: Record<string, unknown> | undefined;
  params?: Record<string, PipelineParamValue> | undefined;
  /** The planned steps; `needs` name keys of this list. */
  steps: PlannedStep[];
  /** Default `{ type: 'api' }`. */
  trigger?: PipelineTrigger | undefined;
  /** The run this one resumes. */
  resumeOf?: string | undefined;
}

export interface StartPipelineStepInput {
  worker: string;
  cacheKey?: string | undefined;
  cacheParts?: CacheKeyParts | undefined;
  trackedRunId?: string | undefined;
}

export interface FinishPipelineStepInput {
  /** When given, the step must be running under this worker (if it is running). */
  worker?: string | undefined;
  status: 'succeeded' | 'failed' | 'cached' | 'skipped' | 'cancelled';
  exitCode?: number | undefined;
  error?: string | undefined;
  /** Required for `succeeded` (possibly empty); each uploaded with `uploadOutput` first. */
  outputs?: PipelineOutput[] | undefined;
  cacheKey?: string | undefined;
  cacheParts?: CacheKeyParts | undefined;
  /** Required for `cached`: the succeeded step whose outputs the step reuses. */
  cachedFrom?: PipelineStepRef | undefined;
}

/** A step and what a worker needs to know of its run. */
export interface PipelineStepState {
  step: PipelineStep;
  pipeline: string;
  runStatus: PipelineRunStatus;
  cancelRequested: boolean;
}

/** Some steps of a run and the run's state. */
export interface PipelineStepsState {
  steps: PipelineStep[];
  runStatus: PipelineRunStatus;
  cancelRequested: boolean;
}

/**
 * What `uploadOutput` sends: a string is a local file path (Node.js only; its sha256 is computed
 * first so the server checks the upload against it), anything else the content itself.
 */
export type OutputSource = string | Exclude<UploadBody, string>;

/**
 * Pipeline runs as the server records them: runs with their planned steps, each step's
 * transitions (queue, start, heartbeat, retry, finish), its output files stored by content, cache
 * lookups by cache key, and step logs. Runners (the CLI, `slipway worker`) report through this.
 *
 * @example
 * ```ts
 * const run = await client.pipelines.createRun({ pipeline: 'churn', steps: plan.steps });
 * const step = await client.pipelines.startStep(run.runId, 'prepare', { worker: 'host-1' });
 * await client.pipelines.uploadOutput(run.runId, 'prepare', 'rows.csv', '/tmp/out/rows.csv');
 * await client.pipelines.finishStep(run.runId, 'prepare', {
 *   status: 'succeeded',
 *   outputs: [{ path: 'rows.csv', digest, size }],
 * });
 * ```
 */
export class PipelinesApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Records a new run with every step pending. 400 for duplicate keys, unknown needs or a cycle.
   *
   * @example
   * ```ts
   * const run = await client.pipelines.createRun({
   *   pipeline: 'churn',
   *   params: { rows: 1000 },
   *   steps: plan.steps,
   *   trigger: { type: 'manual' },
   * });
   * ```
   */
  async createRun(input: CreatePipelineRunInput): Promise<PipelineRun> {
    return (await this.transport.call(r.createPipelineRun, { body: input })).run;
  }

  /**
   * Pipelines by name, with their run count and last run.
   *
   * @example
   * ```ts
   * for (const p of (await client.pipelines.listPipelines()).pipelines) {
   *   console.log(p.name, p.runCount, p.lastRun.status);
   * }
   * ```
   */
  async listPipelines(
    options: { maxResults?: number; pageToken?: string } = {},
  ): Promise<{ pipelines: PipelineSummary[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.listPipelines, { query: options });
  }

  /**
   * Runs newest first, each with its steps counted by status.
   *
   * @example
   * ```ts
   * const { runs } = await client.pipelines.listRuns({ pipeline: 'churn', status: 'failed' });
   * ```
   */
  async listRuns(
    options: {
      pipeline?: string;
      status?: PipelineRunStatus;
      maxResults?: number;
      pageToken?: string;
    } = {},
  ): Promise<{ runs: PipelineRunSummary[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.listPipelineRuns, { query: options });
  }

  /**
   * A run and its steps in plan order.
   *
   * @example
   * ```ts
   * const run = await client.pipelines.getRun(runId);
   * console.log(run.status, run.steps.map((s) => `${s.key}: ${s.status}`));
   * ```
   */
  async getRun(runId: string): Promise<PipelineRun> {
    return (await this.transport.call(r.getPipelineRun, { params: { runId } })).run;
  }

  /**
   * One step, with its run's pipeline and state but not the run's other steps (NOT_FOUND for a
   * step the run does not have).
   *
   * @example
   * ```ts
   * const { step, cancelRequested } = await client.pipelines.getStep(runId, 'train');
   * ```
   */
  async getStep(runId: string, stepKey: string): Promise<PipelineStepState> {
    return this.transport.call(r.getPipelineStep, { params: { runId, stepKey } });
  }

  /**
   * The named steps the run has (1 to 500 keys), in plan order, with the run's state.
   *
   * @example
   * ```ts
   * const { steps, runStatus } = await client.pipelines.getSteps(runId, ['prep', 'train']);
   * ```
   */
  async getSteps(runId: string, keys: readonly string[]): Promise<PipelineStepsState> {
    return this.transport.call(r.listPipelineSteps, {
      params: { runId },
      query: { key: [...keys] },
    });
  }

  /**
   * Marks a pending step queued (handed to a queue of workers); a queued step is answered as is.
   *
   * @example
   * ```ts
   * await client.pipelines.queueStep(runId, 'train');
   * ```
   */
  async queueStep(runId: string, stepKey: string): Promise<PipelineStep> {
    const res = await this.transport.call(r.queuePipelineStep, { params: { runId, stepKey } });
    return res.step;
  }

  /**
   * Starts an attempt: from pending or queued, or taking over a running step whose heartbeat is
   * stale. CONFLICT when the run was cancelled, the step finished or another worker runs it;
   * FAILED_PRECONDITION when a step it needs has not succeeded.
   *
   * @example
   * ```ts
   * const step = await client.pipelines.startStep(runId, 'train', { worker: 'host-1:4242', cacheKey });
   * console.log(step.attempt);
   * ```
   */
  async startStep(
    runId: string,
    stepKey: string,
    input: StartPipelineStepInput,
  ): Promise<PipelineStep> {
    const res = await this.transport.call(r.startPipelineStep, {
      params: { runId, stepKey },
      body: input,
    });
    return res.step;
  }

  /**
   * Reports a running step alive; stop it when `cancelRequested` comes back true.
   *
   * @example
   * ```ts
   * const { cancelRequested } = await client.pipelines.heartbeat(runId, 'train', 'host-1:4242');
   * if (cancelRequested) child.kill();
   * ```
   */
  async heartbeat(
    runId: string,
    stepKey: string,
    worker: string,
  ): Promise<{ cancelRequested: boolean }> {
    return this.transport.call(r.heartbeatPipelineStep, {
      params: { runId, stepKey },
      body: { worker },
    });
  }

  /**
   * Records a failed attempt that another will follow (running -> queued; attempts are kept).
   *
   * @example
   * ```ts
   * await client.pipelines.retryStep(runId, 'train', { worker, error: 'exit code 1' });
   * ```
   */
  async retryStep(
    runId: string,
    stepKey: string,
    input: { worker: string; error: string },
  ): Promise<PipelineStep> {
    const res = await this.transport.call(r.retryPipelineStep, {
      params: { runId, stepKey },
      body: input,
    });
    return res.step;
  }

  /**
   * Finishes a step; `runStatus` is the run's status after it (no longer `running` once this was
   * its last unfinished step).
   *
   * @example
   * ```ts
   * const { runStatus } = await client.pipelines.finishStep(runId, 'train', {
   *   worker,
   *   status: 'failed',
   *   exitCode: 2,
   *   error: 'exit code 2',
   * });
   * ```
   */
  async finishStep(
    runId: string,
    stepKey: string,
    input: FinishPipelineStepInput,
  ): Promise<{ step: PipelineStep; runStatus: PipelineRunStatus }> {
    return this.transport.call(r.finishPipelineStep, { params: { runId, stepKey }, body: input });
  }

  /**
   * Stores one output file of a step (streamed; the server keeps one copy per content) and
   * answers its path, sha256 and size for the finish call. `source` is a local file path (Node.js)
   * or the content; `digest`, when known, makes the server check the content against it.
   *
   * @example
   * ```ts
   * const model = await client.pipelines.uploadOutput(runId, 'train', 'model.onnx', './out/model.onnx');
   * const notes = await client.pipelines.uploadOutput(runId, 'train', 'notes.txt', new Blob(['ok']));
   * ```
   */
  async uploadOutput(
    runId: string,
    stepKey: string,
    path: string,
    source: OutputSource,
    options: { digest?: string | undefined } = {},
  ): Promise<PipelineOutput> {
    let body: UploadBody;
    let digest = options.digest;
    if (typeof source === 'string') {
      const file = await openLocalFile(source);
      body = file.body;
      digest ??= file.digest;
    } else {
      body = source;
    }
    return this.transport.uploadForJson(
      r.uploadPipelineOutput,
      { runId, stepKey, path },
      body,
      digest === undefined ? undefined : { digest },
    );
  }

  /**
   * A recorded output of a step as a stream.
   *
   * @example
   * ```ts
   * const stream = await client.pipelines.downloadOutput(runId, 'prepare', 'rows.csv');
   * ```
   */
  async downloadOutput(
    runId: string,
    stepKey: string,
    path: string,
  ): Promise<ReadableStream<Uint8Array>> {
    const response = await this.transport.download(r.downloadPipelineOutput, {
      runId,
      stepKey,
      path,
    });
    return response.body ?? new Blob([]).stream();
  }

  /**
   * A recorded output of a step, read whole into memory (for small files).
   *
   * @example
   * ```ts
   * const bytes = await client.pipelines.downloadOutputBytes(runId, 'prepare', 'rows.csv');
   * ```
   */
  async downloadOutputBytes(runId: string, stepKey: string, path: string): Promise<Uint8Array> {
    const response = await this.transport.download(r.downloadPipelineOutput, {
      runId,
      stepKey,
      path,
    });
    return new Uint8Array(await response.arrayBuffer());
  }

  /**
   * The newest succeeded step with `cacheKey` (finished within `ttlSeconds`, when given), whose
   * outputs a step may reuse by finishing as `cached`; undefined when there is none.
   *
   * @example
   * ```ts
   * const hit = await client.pipelines.findCached(cacheKey, 3600);
   * if (hit) await client.pipelines.finishStep(runId, 'train', { status: 'cached', cacheKey, cachedFrom: hit });
   * ```
   */
  async findCached(cacheKey: string, ttlSeconds?: number): Promise<PipelineCacheHit | undefined> {
    try {
      return await this.transport.call(r.findPipelineCache, {
        params: { cacheKey },
        query: { ttlSeconds },
      });
    } catch (err) {
      if (isSlipwayError(err) && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  /**
   * Appends lines to a step's log (at most 1 MiB of text per call; a step keeps 16 MiB, then a
   * truncation marker).
   *
   * @example
   * ```ts
   * await client.pipelines.appendLogs(runId, 'train', [{ stream: 'stdout', text: 'epoch 1\n' }]);
   * ```
   */
  async appendLogs(
    runId: string,
    stepKey: string,
    entries: Array<{ stream: PipelineLogStream; text: string }>,
  ): Promise<{ appended: number; truncated: boolean }> {
    return this.transport.call(r.appendPipelineStepLogs, {
      params: { runId, stepKey },
      body: { entries },
    });
  }

  /**
   * A step's log entries after `after` (default 0: from the start); pass `nextSeq` back as
   * `after` to read on.
   *
   * @example
   * ```ts
   * let after = 0;
   * const page = await client.pipelines.readLogs(runId, 'train', { after });
   * for (const e of page.entries) process.stdout.write(e.text);
   * after = page.nextSeq;
   * ```
   */
  async readLogs(
    runId: string,
    stepKey: string,
    options: { after?: number; limit?: number } = {},
  ): Promise<{ entries: PipelineLogEntry[]; nextSeq: number; truncated: boolean }> {
    return this.transport.call(r.readPipelineStepLogs, {
      params: { runId, stepKey },
      query: options,
    });
  }

  /**
   * Cancels a run: pending and queued steps at once, running ones when their runner sees
   * `cancelRequested` on its next heartbeat. CONFLICT when the run already finished.
   *
   * @example
   * ```ts
   * const run = await client.pipelines.cancelRun(runId);
   * ```
   */
  async cancelRun(runId: string): Promise<PipelineRun> {
    return (await this.transport.call(r.cancelPipelineRun, { params: { runId } })).run;
  }
}
