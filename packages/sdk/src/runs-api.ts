import { nativeRoutes as r } from '@slipway/core';
import type {
  DatasetInput,
  Metric,
  Run,
  RunInfo,
  RunLoggedModels,
  RunMetricHistory,
  RunStatus,
  Tag,
  ViewType,
} from '@slipway/core';
import type { Transport } from './transport.js';

export interface CreateRunOptions {
  /** Defaults to the Default experiment ("0"). */
  experimentId?: string;
  /** Generated (adjective-noun-number) when absent. */
  runName?: string;
  startTime?: number;
  tags?: Tag[];
  /** Defaults to the caller as the server sees it. */
  userId?: string;
}

export interface UpdateRunOptions {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

/** A metric to log; `step` defaults to 0 and `timestamp` to now. */
export interface MetricInput {
  key: string;
  value: number;
  step?: number;
  timestamp?: number;
}

export interface LogBatchOptions {
  metrics?: MetricInput[];
  params?: Array<{ key: string; value: string }>;
  tags?: Tag[];
}

export interface SearchRunsOptions {
  experimentIds: string[];
  /** MLflow search syntax, e.g. `metrics.acc > 0.9 AND params.lr = '0.01'`. */
  filter?: string;
  orderBy?: string[];
  viewType?: ViewType;
  maxResults?: number;
  pageToken?: string;
  /** Runs' info only, without metrics, params, tags and inputs: much faster for listings. */
  runInfoOnly?: boolean;
}

export interface MetricHistoryIntervalOptions {
  /** Steps to sample: 1 to 2500 (the default). */
  maxResults?: number;
  /** Only steps from `startStep` to `endStep` (give both), e.g. the zoomed part of a chart. */
  startStep?: number;
  endStep?: number;
}

export interface PageOptions {
  maxResults?: number;
  pageToken?: string;
}

/**
 * Runs: one execution of training or evaluation code, with its metrics, params and tags. For
 * buffered logging from training code use `client.startRun()` instead of these calls.
 *
 * @example
 * ```ts
 * const run = await client.runs.create({ experimentId: '1', runName: 'baseline' });
 * await client.runs.logBatch(run.info.runId, { metrics: [{ key: 'acc', value: 0.91 }] });
 * await client.runs.update(run.info.runId, { status: 'FINISHED' });
 * ```
 */
export class RunsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Starts a run in RUNNING state.
   *
   * @example
   * ```ts
   * const run = await client.runs.create({ experimentId: '1', tags: [{ key: 'git', value: 'abc123' }] });
   * ```
   */
  async create(options: CreateRunOptions = {}): Promise<Run> {
    return (await this.transport.call(r.createRun, { body: options })).run;
  }

  /**
   * Gets a run with the latest value of each metric.
   *
   * @example
   * ```ts
   * const { info, data } = await client.runs.get(runId);
   * ```
   */
  async get(runId: string): Promise<Run> {
    return (await this.transport.call(r.getRun, { params: { runId } })).run;
  }

  /**
   * Changes status, end time or name. A terminal status without `endTime` ends the run now.
   *
   * @example
   * ```ts
   * await client.runs.update(runId, { status: 'FINISHED' });
   * ```
   */
  async update(runId: string, options: UpdateRunOptions): Promise<RunInfo> {
    return (await this.transport.call(r.updateRun, { params: { runId }, body: options })).runInfo;
  }

  /**
   * Ends a run: shorthand for `update(runId, { status })`.
   *
   * @example
   * ```ts
   * await client.runs.end(runId, 'FAILED');
   * ```
   */
  async end(runId: string, status: RunStatus = 'FINISHED'): Promise<RunInfo> {
    return this.update(runId, { status });
  }

  /**
   * Soft-deletes a run.
   *
   * @example
   * ```ts
   * await client.runs.delete(runId);
   * ```
   */
  async delete(runId: string): Promise<void> {
    await this.transport.call(r.deleteRun, { params: { runId } });
  }

  /**
   * Restores a deleted run.
   *
   * @example
   * ```ts
   * await client.runs.restore(runId);
   * ```
   */
  async restore(runId: string): Promise<void> {
    await this.transport.call(r.restoreRun, { params: { runId } });
  }

  /**
   * Sets a tag on a run.
   *
   * @example
   * ```ts
   * await client.runs.setTag(runId, 'phase', 'tuning');
   * ```
   */
  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.transport.call(r.setRunTag, { params: { runId, key }, body: { value } });
  }

  /**
   * Deletes a tag of a run.
   *
   * @example
   * ```ts
   * await client.runs.deleteTag(runId, 'phase');
   * ```
   */
  async deleteTag(runId: string, key: string): Promise<void> {
    await this.transport.call(r.deleteRunTag, { params: { runId, key } });
  }

  /**
   * Logs a param. Params are write-once: the same value again is accepted, another is refused.
   *
   * @example
   * ```ts
   * await client.runs.logParam(runId, 'learning_rate', '0.01');
   * ```
   */
  async logParam(runId: string, key: string, value: string): Promise<void> {
    await this.transport.call(r.logParam, { params: { runId, key }, body: { value } });
  }

  /**
   * Logs one metric value immediately (unbuffered).
   *
   * @example
   * ```ts
   * await client.runs.logMetric(runId, 'loss', 0.31, { step: 10 });
   * ```
   */
  async logMetric(
    runId: string,
    key: string,
    value: number,
    options: { step?: number; timestamp?: number } = {},
  ): Promise<void> {
    await this.logBatch(runId, { metrics: [{ key, value, ...options }] });
  }

  /**
   * Logs up to 1000 metrics, 100 params and 100 tags in one atomic write.
   *
   * @example
   * ```ts
   * await client.runs.logBatch(runId, {
   *   metrics: [{ key: 'loss', value: 0.3, step: 1 }],
   *   params: [{ key: 'lr', value: '0.01' }],
   * });
   * ```
   */
  async logBatch(runId: string, batch: LogBatchOptions): Promise<void> {
    const now = Date.now();
    const metrics = batch.metrics?.map((m) => ({
      key: m.key,
      value: m.value,
      step: m.step ?? 0,
      timestamp: m.timestamp ?? now,
    }));
    await this.transport.call(r.logBatch, {
      params: { runId },
      body: { ...batch, ...(metrics ? { metrics } : {}) },
    });
  }

  /**
   * Every logged value of one metric, ordered by step then timestamp.
   *
   * @example
   * ```ts
   * const { metrics } = await client.runs.getMetricHistory(runId, 'loss');
   * ```
   */
  async getMetricHistory(
    runId: string,
    key: string,
    options: PageOptions = {},
  ): Promise<{ metrics: Metric[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.getMetricHistory, {
      params: { runId, key },
      query: { ...options },
    });
  }

  /**
   * Every value of one metric, following pages until the end.
   *
   * @example
   * ```ts
   * const all = await client.runs.getFullMetricHistory(runId, 'loss');
   * ```
   */
  async getFullMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const all: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.getMetricHistory(runId, key, pageToken ? { pageToken } : {});
      all.push(...page.metrics);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return all;
  }

  /**
   * One metric of up to 100 runs, downsampled on the server for charts (MLflow's
   * get-history-bulk-interval): about `maxResults` steps spread over the steps the runs logged,
   * plus each run's first and last step, with every point logged at those steps.
   *
   * @example
   * ```ts
   * const histories = await client.runs.getMetricHistoryInterval([runA, runB], 'loss', { maxResults: 500 });
   * for (const { runId, metrics } of histories) console.log(runId, metrics.length);
   * ```
   */
  async getMetricHistoryInterval(
    runIds: string[],
    key: string,
    options: MetricHistoryIntervalOptions = {},
  ): Promise<RunMetricHistory[]> {
    const response = await this.transport.call(r.getMetricHistoryInterval, {
      params: { key },
      query: { runIds, ...options },
    });
    return response.runs;
  }

  /**
   * Records the datasets a run used.
   *
   * @example
   * ```ts
   * await client.runs.logInputs(runId, [{ tags: [], dataset: { name: 'iris', digest: 'd1', sourceType: 'local', source: 'iris.csv' } }]);
   * ```
   */
  async logInputs(runId: string, datasetInputs: DatasetInput[]): Promise<void> {
    await this.transport.call(r.logInputs, { params: { runId }, body: { datasetInputs } });
  }

  /**
   * The MLflow 3 logged models a run produced: those created with it as their source run and
   * those it logged as outputs (with the steps in `outputs`).
   *
   * @example
   * ```ts
   * const { models } = await client.runs.listLoggedModels(runId);
   * for (const m of models) console.log(m.modelId, m.name, m.status);
   * ```
   */
  async listLoggedModels(runId: string): Promise<RunLoggedModels> {
    return this.transport.call(r.listRunLoggedModels, { params: { runId } });
  }

  /**
   * One page of runs matching a filter.
   *
   * @example
   * ```ts
   * const { runs } = await client.runs.search({ experimentIds: ['1'], filter: 'metrics.acc > 0.9', orderBy: ['metrics.acc DESC'] });
   * ```
   */
  async search(
    options: SearchRunsOptions,
  ): Promise<{ runs: Run[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.searchRuns, { body: options });
  }
}
