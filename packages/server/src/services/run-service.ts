import { randomUUID } from 'node:crypto';
import {
  LIMITS,
  RUN_NAME_TAG,
  RUN_STATUSES,
  failedPrecondition,
  invalidArgument,
  notFound,
  parseRunFilter,
  parseRunOrderBy,
  validateEntityName,
  validateKey,
  validateParamValue,
  validateTag,
} from '@slipway/core';
import type {
  DatasetInput,
  Metric,
  Param,
  Run,
  RunInfo,
  RunStatus,
  RunStore,
  Tag,
  ViewType,
} from '@slipway/core';
import type { ExperimentService } from './experiment-service.js';
import { loggedModelSummary, parseLoggedModel, pythonJsonDumps } from './logged-model.js';
import { sampleMetricSteps } from './metric-sampling.js';
import { nextToken, resolveWindow } from './paging.js';
import type { PageRequest } from './paging.js';
import { generateRunName } from './run-names.js';
import type { ServiceClock } from './service-context.js';

export interface CreateRunRequest {
  experimentId?: string | undefined;
  userId?: string | undefined;
  runName?: string | undefined;
  startTime?: number | undefined;
  tags?: Tag[] | undefined;
}

export interface UpdateRunRequest {
  status?: RunStatus | undefined;
  endTime?: number | undefined;
  runName?: string | undefined;
}

export interface LogBatchRequest {
  metrics?: Metric[] | undefined;
  params?: Param[] | undefined;
  tags?: Tag[] | undefined;
}

export interface MetricHistoryIntervalRequest {
  runIds: string[];
  key: string;
  /** Steps per run to return at most (MLflow: 1..2500, default 2500). */
  maxResults: number;
  startStep?: number | undefined;
  endStep?: number | undefined;
}

/** The run tag in which MLflow keeps every model logged to a run (a JSON array). */
export const LOGGED_MODELS_TAG = 'mlflow.log-model.history';

export interface SearchRunsRequest extends PageRequest {
  experimentIds: string[];
  filter?: string | undefined;
  orderBy?: string[] | undefined;
  viewType?: ViewType | undefined;
}

export class RunService {
  constructor(
    private readonly store: RunStore,
    private readonly experiments: ExperimentService,
    private readonly clock: ServiceClock,
  ) {}

  async create(request: CreateRunRequest): Promise<Run> {
    const experimentId = request.experimentId || '0';
    const experiment = await this.experiments.requireActive(experimentId);
    const tags = (request.tags ?? []).map(validateTag);
    const nameTag = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
    if (request.runName && nameTag && request.runName !== nameTag) {
      throw invalidArgument(
        `Both 'run_name' ('${request.runName}') and tag '${RUN_NAME_TAG}' ('${nameTag}') were set, to different values.`,
      );
    }
    const runName = request.runName || nameTag || generateRunName();
    validateEntityName('Run', runName, LIMITS.maxRunNameLength);
    const runId = randomUUID().replaceAll('-', '');
    if (!nameTag) tags.push({ key: RUN_NAME_TAG, value: runName });
    return this.store.create({
      runId,
      experimentId,
      userId: request.userId ?? '',
      runName,
      status: 'RUNNING',
      startTime: request.startTime ?? this.clock.now(),
      artifactUri: `${experiment.artifactLocation}/${runId}/artifacts`,
      tags,
    });
  }

  async get(runId: string): Promise<Run> {
    const run = await this.store.get(checkRunId(runId));
    if (!run) throw notFound(`Run '${runId}' not found.`);
    return run;
  }

  async getInfo(runId: string): Promise<RunInfo> {
    const info = await this.store.getInfo(checkRunId(runId));
    if (!info) throw notFound(`Run '${runId}' not found.`);
    return info;
  }

  async update(runId: string, request: UpdateRunRequest): Promise<RunInfo> {
    await this.requireActive(runId);
    if (request.status !== undefined && !RUN_STATUSES.includes(request.status)) {
      throw invalidArgument(
        `Invalid run status '${String(request.status)}': use one of ${RUN_STATUSES.join(', ')}.`,
      );
    }
    if (request.runName !== undefined && request.runName !== '') {
      validateEntityName('Run', request.runName, LIMITS.maxRunNameLength);
    }
    const finished =
      request.status !== undefined &&
      request.status !== 'RUNNING' &&
      request.status !== 'SCHEDULED';
    const endTime = request.endTime ?? (finished ? this.clock.now() : undefined);
    return this.store.update(runId, {
      ...(request.status !== undefined ? { status: request.status } : {}),
      ...(endTime !== undefined ? { endTime } : {}),
      ...(request.runName ? { runName: request.runName } : {}),
    });
  }

  async delete(runId: string): Promise<void> {
    await this.getInfo(runId);
    await this.store.update(runId, { lifecycleStage: 'deleted', deletedTime: this.clock.now() });
  }

  async restore(runId: string): Promise<void> {
    await this.getInfo(runId);
    await this.store.update(runId, { lifecycleStage: 'active', deletedTime: null });
  }

  async logBatch(runId: string, request: LogBatchRequest): Promise<void> {
    const metrics = request.metrics ?? [];
    const params = request.params ?? [];
    const tags = request.tags ?? [];
    const { maxMetrics, maxParams, maxTags, maxEntries } = LIMITS.logBatch;
    if (metrics.length > maxMetrics || params.length > maxParams || tags.length > maxTags) {
      throw invalidArgument(
        `A batch logging request can contain at most ${maxMetrics} metrics, ${maxParams} params and ${maxTags} tags. Got ${metrics.length} metrics, ${params.length} params and ${tags.length} tags.`,
      );
    }
    if (metrics.length + params.length + tags.length > maxEntries) {
      throw invalidArgument(
        `A batch logging request can contain at most ${maxEntries} metrics, params and tags in total. Got ${metrics.length + params.length + tags.length}.`,
      );
    }
    const checkedMetrics = metrics.map(checkMetric);
    const checkedParams = params.map(checkParam);
    const seen = new Map<string, string>();
    for (const p of checkedParams) {
      const prior = seen.get(p.key);
      if (prior !== undefined && prior !== p.value) {
        throw invalidArgument(
          `Duplicate parameter keys with different values in the batch: '${p.key}' ('${prior}' and '${p.value}').`,
        );
      }
      seen.set(p.key, p.value);
    }
    const checkedTags = tags.map(validateTag);
    await this.requireActive(runId);
    await this.store.logBatch(runId, {
      metrics: checkedMetrics,
      params: dedupeParams(checkedParams),
      tags: checkedTags,
    });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    const run = await this.get(runId);
    if (run.info.lifecycleStage !== 'active') throw inactive(runId, run.info.lifecycleStage);
    if (!run.data.tags.some((t) => t.key === key)) {
      throw notFound(`No tag with name '${key}' in run with id '${runId}'.`);
    }
    await this.store.deleteTag(runId, key);
  }

  async logInputs(runId: string, inputs: DatasetInput[]): Promise<void> {
    for (const input of inputs) {
      const d = input.dataset;
      if (!d || !d.name || !d.digest || !d.sourceType || d.source === undefined) {
        throw invalidArgument(
          "Each dataset input needs 'dataset' with 'name', 'digest', 'source_type' and 'source'.",
        );
      }
      input.tags.forEach(validateTag);
    }
    await this.requireActive(runId);
    await this.store.logInputs(runId, inputs);
  }

  async getMetricHistory(
    runId: string,
    key: string,
    request: PageRequest,
  ): Promise<{ metrics: Metric[]; nextPageToken?: string | undefined }> {
    await this.getInfo(runId);
    const window = resolveWindow(
      request,
      { runId, key },
      { default: LIMITS.maxResultsMetricHistory, max: LIMITS.maxResultsMetricHistory },
    );
    const page = await this.store.getMetricHistory(runId, key, window);
    return { metrics: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  /** MLflow's log-model: appends the model's summary to the run's `mlflow.log-model.history` tag. */
  async logModel(runId: string, modelJson: string): Promise<void> {
    const model = parseLoggedModel(modelJson);
    const run = await this.get(runId);
    if (run.info.lifecycleStage !== 'active') throw inactive(runId, run.info.lifecycleStage);
    let history: unknown[] = [];
    const previous = run.data.tags.find((t) => t.key === LOGGED_MODELS_TAG)?.value;
    if (previous) {
      try {
        const parsed: unknown = JSON.parse(previous);
        if (Array.isArray(parsed)) history = parsed;
      } catch {
        // A history someone overwrote with non-JSON is replaced rather than blocking new models.
      }
    }
    history.push(loggedModelSummary(model));
    const tag = validateTag({ key: LOGGED_MODELS_TAG, value: pythonJsonDumps(history) });
    await this.store.logBatch(runId, { metrics: [], params: [], tags: [tag] });
  }

  /** Sampled histories of one metric across runs (MLflow's get-history-bulk-interval). */
  async getMetricHistoryBulkInterval(
    request: MetricHistoryIntervalRequest,
  ): Promise<Array<Metric & { runId: string }>> {
    const { runIds, key, maxResults, startStep, endStep } = request;
    if (runIds.length === 0 || runIds.length > 100) {
      throw invalidArgument(
        `GetMetricHistoryBulkInterval request must specify between 1 and 100 run_ids. Received ${runIds.length} run_ids.`,
      );
    }
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 2500) {
      throw invalidArgument('max_results must be between 1 and 2500.');
    }
    if ((startStep === undefined) !== (endStep === undefined)) {
      throw invalidArgument(
        'If either start step or end step are specified, both must be specified.',
      );
    }
    if (startStep !== undefined && endStep !== undefined && startStep > endStep) {
      throw invalidArgument(
        `end_step must be greater than start_step. Found start_step=${startStep} and end_step=${endStep}.`,
      );
    }
    const histories: Metric[][] = [];
    for (const runId of runIds) {
      await this.getInfo(runId);
      histories.push(await this.fullMetricHistory(runId, key));
    }
    const range =
      startStep !== undefined && endStep !== undefined ? { startStep, endStep } : undefined;
    const steps = new Set(
      sampleMetricSteps(
        histories.map((h) => h.map((m) => m.step)),
        maxResults,
        range,
      ),
    );
    return runIds.flatMap((runId, i) =>
      (histories[i] ?? [])
        .filter((m) => steps.has(m.step))
        .sort((a, b) => a.step - b.step || a.timestamp - b.timestamp)
        .slice(0, LIMITS.maxResultsMetricHistory)
        .map((m) => ({ ...m, runId })),
    );
  }

  private async fullMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const out: Metric[] = [];
    const limit = LIMITS.maxResultsMetricHistory;
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const page = await this.store.getMetricHistory(runId, key, { offset, limit });
      out.push(...page.items);
      offset = page.nextOffset;
    }
    return out;
  }

  async search(
    request: SearchRunsRequest,
  ): Promise<{ runs: Run[]; nextPageToken?: string | undefined }> {
    const filter = parseRunFilter(request.filter);
    const orderBy = parseRunOrderBy(request.orderBy);
    const viewType = request.viewType ?? 'ACTIVE_ONLY';
    const experimentIds = request.experimentIds.map(String);
    const window = resolveWindow(
      request,
      { experimentIds, filter, orderBy, viewType },
      { default: LIMITS.defaultMaxResultsSearchRuns, max: LIMITS.maxResultsSearchRuns },
    );
    const page = await this.store.search({ experimentIds, filter, orderBy, viewType, ...window });
    return { runs: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  async requireActive(runId: string): Promise<RunInfo> {
    const info = await this.getInfo(runId);
    if (info.lifecycleStage !== 'active') throw inactive(runId, info.lifecycleStage);
    return info;
  }
}

function inactive(runId: string, stage: string): Error {
  return failedPrecondition(
    `The run ${runId} must be in the 'active' state. Current state is ${stage}.`,
  );
}

function checkRunId(runId: string): string {
  if (typeof runId !== 'string' || !/^[\w-]{1,64}$/u.test(runId)) {
    throw invalidArgument(`Invalid run id '${String(runId)}'.`);
  }
  return runId;
}

function checkMetric(m: Metric): Metric {
  const key = validateKey('metric', m.key);
  if (typeof m.value !== 'number') {
    throw invalidArgument(
      `Metric '${key}' must have a numeric value; got ${JSON.stringify(m.value)}.`,
    );
  }
  if (!Number.isFinite(m.timestamp) || !Number.isInteger(m.timestamp)) {
    throw invalidArgument(`Metric '${key}' must have an integer 'timestamp' in milliseconds.`);
  }
  if (!Number.isInteger(m.step)) {
    throw invalidArgument(`Metric '${key}' has a non-integer 'step' ${String(m.step)}.`);
  }
  return m;
}

function checkParam(p: Param): Param {
  const key = validateKey('param', p.key);
  return { key, value: validateParamValue(key, p.value) };
}

function dedupeParams(params: Param[]): Param[] {
  if (params.length < 2) return params;
  const byKey = new Map<string, Param>();
  for (const p of params) byKey.set(p.key, p);
  return [...byKey.values()];
}
