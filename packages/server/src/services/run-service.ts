import { randomUUID } from 'node:crypto';
import {
  LIMITS,
  RUN_NAME_TAG,
  RUN_STATUSES,
  USER_TAG,
  invalidArgument,
  notFound,
  parseRunFilter,
  runNotActive,
  parseRunOrderBy,
  validateEntityName,
  validateKey,
  validateParamValue,
  validateRunTag,
  validateTag,
  validateText,
} from '@slipway/core';
import type {
  AccessAction,
  Caller,
  DatasetInput,
  LifecycleStage,
  LoggedModelMetric,
  LoggedModelStore,
  Metric,
  ModelOutput,
  Param,
  Run,
  RunInfo,
  RunKeys,
  RunMetricHistory,
  RunStatus,
  RunStore,
  Tag,
  UnitOfWork,
  ViewType,
} from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import { auditRecord } from '../audit/audit-record.js';
import type { AuditChange } from '../audit/audit-record.js';
import type { ExperimentService } from './experiment-service.js';
import { loggedModelSummary, parseLoggedModel, pythonJsonDumps } from './logged-model.js';
import { checkHistoryIntervalRequest, sampleMetricHistories } from './metric-history-sampling.js';
import type { MetricHistoryIntervalRequest } from './metric-history-sampling.js';
import { nextToken, resolveWindow } from '../support/paging.js';
import type { PageRequest } from '../support/paging.js';
import { generateRunName } from './run-names.js';
import type { ServiceClock } from '../support/clock.js';

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

/** A metric point as a run logs it; MLflow 3 links it to a logged model when `modelId` is set. */
export interface RunMetricInput extends Metric {
  modelId?: string | undefined;
  datasetName?: string | undefined;
  datasetDigest?: string | undefined;
}

export interface LogBatchRequest {
  metrics?: RunMetricInput[] | undefined;
  params?: Param[] | undefined;
  tags?: Tag[] | undefined;
}

/** The run tag in which MLflow keeps every model logged to a run (a JSON array). */
export const LOGGED_MODELS_TAG = 'mlflow.log-model.history';

/** MLflow's bounds on SearchDatasets: experiment ids per request, summaries per answer. */
const SEARCH_DATASETS = { maxExperiments: 20, maxResults: 1000 } as const;

export interface SearchRunsRequest extends PageRequest {
  experimentIds: string[];
  filter?: string | undefined;
  orderBy?: string[] | undefined;
  viewType?: ViewType | undefined;
  /** Runs' info only, without metrics, params, tags and inputs. */
  runInfoOnly?: boolean | undefined;
}

/** Lifecycle stages of each view type. */
const STAGES: Record<ViewType, LifecycleStage[]> = {
  ACTIVE_ONLY: ['active'],
  DELETED_ONLY: ['deleted'],
  ALL: ['active', 'deleted'],
};

/** MLflow's reserved tag prefix (mlflow.runName, mlflow.user, mlflow.source.name...). */
const SYSTEM_TAG_PREFIX = 'mlflow.';

/** Runs whose experiment RunService remembers (about 100 bytes each). */
const REMEMBERED_RUNS = 10_000;

export class RunService {
  private readonly runExperiments = new Map<string, string>();

  constructor(
    private readonly store: RunStore,
    private readonly outputs: Pick<LoggedModelStore, 'listOutputs'>,
    private readonly uow: UnitOfWork,
    private readonly experiments: ExperimentService,
    private readonly access: AccessService,
    private readonly clock: ServiceClock,
  ) {}

  /**
   * Needs EDIT on the experiment (MLflow's CreateRun). With authentication on, the run's user is
   * the caller, whatever `userId` says.
   */
  async create(caller: Caller, request: CreateRunRequest): Promise<Run> {
    const experimentId = request.experimentId || '0';
    const experiment = await this.experiments.requireActive(experimentId);
    await this.access.require(caller, 'experiment', experiment.experimentId, 'update');
    // Run tags longer than MLflow's limit are truncated (as MLflow does), not refused.
    const tags = (request.tags ?? []).map(validateRunTag);
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
    const userId =
      caller.via === 'none'
        ? validateText('user_id', request.userId ?? '', LIMITS.maxUserIdLength)
        : caller.username;
    if (caller.via !== 'none') {
      // MLflow clients send the run's user as this tag too (their UI shows it): with
      // authentication it names the caller, whatever the client says.
      for (const tag of tags) if (tag.key === USER_TAG) tag.value = caller.username;
    }
    return this.uow.run(async (s) => {
      const run = await s.runs.create({
        runId,
        experimentId,
        userId,
        runName,
        status: 'RUNNING',
        startTime: request.startTime ?? this.clock.now(),
        artifactUri: `${experiment.artifactLocation}/${runId}/artifacts`,
        tags,
      });
      await s.audit.append([
        this.event(caller, 'run.create', runId, {
          after: { experimentId, runName, userId, status: 'RUNNING' },
        }),
      ]);
      return run;
    });
  }

  async get(caller: Caller, runId: string): Promise<Run> {
    const run = await this.store.get(checkRunId(runId));
    if (!run) throw notFound(`Run '${runId}' not found.`);
    await this.access.require(caller, 'experiment', run.info.experimentId, 'read');
    return run;
  }

  /** The run and the MLflow 3 logged models it output (MLflow's GetRun). */
  async getWithOutputs(
    caller: Caller,
    runId: string,
  ): Promise<{ run: Run; outputs: ModelOutput[] }> {
    const run = await this.get(caller, runId);
    const outputs = (await this.outputs.listOutputs([runId])).get(runId) ?? [];
    return { run, outputs };
  }

  async getInfo(caller: Caller, runId: string): Promise<RunInfo> {
    return this.checked(caller, runId, 'read');
  }

  async update(caller: Caller, runId: string, request: UpdateRunRequest): Promise<RunInfo> {
    const before = await this.checked(caller, runId, 'update');
    if (before.lifecycleStage !== 'active') throw runNotActive(runId, before.lifecycleStage);
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
    const patch = {
      ...(request.status !== undefined ? { status: request.status } : {}),
      ...(endTime !== undefined ? { endTime } : {}),
      ...(request.runName ? { runName: request.runName } : {}),
    };
    return this.uow.run(async (s) => {
      const info = await s.runs.update(runId, patch);
      await s.audit.append([
        this.event(caller, 'run.update', runId, {
          before: {
            status: before.status,
            endTime: before.endTime ?? null,
            runName: before.runName,
          },
          after: patch,
        }),
      ]);
      return info;
    });
  }

  /** Needs MANAGE (MLflow's can_delete). */
  async delete(caller: Caller, runId: string): Promise<void> {
    const info = await this.checked(caller, runId, 'delete');
    await this.setStage(caller, info, 'deleted');
  }

  async restore(caller: Caller, runId: string): Promise<void> {
    const info = await this.checked(caller, runId, 'delete');
    await this.setStage(caller, info, 'active');
  }

  /**
   * Metrics, params and tags in one transaction. Points naming an MLflow 3 logged model are
   * linked to it in the same transaction, and a point naming an unknown model writes nothing.
   * Logged data is the run's own record (timestamped, write-once params), so it is not audited
   * row by row.
   */
  async logBatch(caller: Caller, runId: string, request: LogBatchRequest): Promise<void> {
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
    const points = metrics.map(checkMetric);
    // Two values for one key in a batch are refused by the store, where params are checked
    // against the stored ones too.
    const checkedParams = params.map(checkParam);
    const checkedTags = tags.map(validateRunTag);
    // The run's experiment (for the permission check) never changes, so it is remembered; the
    // store checks the run is active as part of the write, which on PostgreSQL is then a single
    // statement for a batch of metrics and tags.
    const experimentId = await this.experimentOf(runId);
    await this.access.require(caller, 'experiment', experimentId, 'update');
    const linked = modelPoints(runId, points);
    const batch = {
      metrics: linked.length === 0 ? points : points.map(plainPoint),
      params: checkedParams,
      tags: checkedTags,
    };
    if (linked.length === 0) {
      await this.store.logBatch(runId, batch, { activeOnly: true });
      return;
    }
    await this.uow.run(async (s) => {
      const ids = [...new Set(linked.map((m) => m.modelId))];
      const found = await s.loggedModels.existingIds(ids);
      const missing = ids.find((id) => !found.has(id));
      if (missing !== undefined) throw notFound(`Logged model with ID '${missing}' not found.`);
      await s.runs.logBatch(runId, batch, { activeOnly: true });
      await s.loggedModels.logMetrics(linked);
    });
  }

  async deleteTag(caller: Caller, runId: string, key: string): Promise<void> {
    const run = await this.get(caller, runId);
    await this.access.require(caller, 'experiment', run.info.experimentId, 'update');
    if (run.info.lifecycleStage !== 'active') throw runNotActive(runId, run.info.lifecycleStage);
    const before = run.data.tags.find((t) => t.key === key);
    if (!before) {
      throw notFound(`No tag with name '${key}' in run with id '${runId}'.`);
    }
    await this.uow.run(async (s) => {
      await s.runs.deleteTag(runId, key);
      await s.audit.append([
        this.event(caller, 'run.tag.delete', runId, { before: { tag: before } }),
      ]);
    });
  }

  async logInputs(caller: Caller, runId: string, inputs: DatasetInput[]): Promise<void> {
    for (const input of inputs) {
      const d = input.dataset;
      if (!d || !d.name || !d.digest || !d.sourceType || d.source === undefined) {
        throw invalidArgument(
          "Each dataset input needs 'dataset' with 'name', 'digest', 'source_type' and 'source'.",
        );
      }
      input.tags.forEach(validateTag);
    }
    const info = await this.checked(caller, runId, 'update');
    if (info.lifecycleStage !== 'active') throw runNotActive(runId, info.lifecycleStage);
    await this.store.logInputs(runId, inputs);
  }

  async getMetricHistory(
    caller: Caller,
    runId: string,
    key: string,
    request: PageRequest,
  ): Promise<{ metrics: Metric[]; nextPageToken?: string | undefined }> {
    await this.checked(caller, runId, 'read');
    const window = resolveWindow(
      request,
      { runId, key },
      { default: LIMITS.maxResultsMetricHistory, max: LIMITS.maxResultsMetricHistory },
    );
    const page = await this.store.getMetricHistory(runId, key, window);
    return { metrics: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  /** MLflow's log-model: appends the model's summary to the run's `mlflow.log-model.history` tag. */
  async logModel(caller: Caller, runId: string, modelJson: string): Promise<void> {
    const model = parseLoggedModel(modelJson);
    const run = await this.get(caller, runId);
    await this.access.require(caller, 'experiment', run.info.experimentId, 'update');
    if (run.info.lifecycleStage !== 'active') throw runNotActive(runId, run.info.lifecycleStage);
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

  /**
   * One metric of several runs, downsampled for charts (MLflow's get-history-bulk-interval, with
   * its messages). Needs READ on each run's experiment; a run id naming no run is a bad request.
   */
  async getMetricHistoryBulkInterval(
    caller: Caller,
    request: MetricHistoryIntervalRequest,
  ): Promise<RunMetricHistory[]> {
    const checked = checkHistoryIntervalRequest(request);
    for (const runId of new Set(checked.runIds)) {
      const info = await this.store.getInfo(checkRunId(runId));
      if (!info) throw invalidArgument(`Run '${runId}' does not exist.`);
      await this.access.require(caller, 'experiment', info.experimentId, 'read');
    }
    return sampleMetricHistories(this.store, checked);
  }

  /**
   * The param, metric and tag keys of the experiment's runs in the stages of `viewType` (default
   * active), for choosing table columns. Needs READ on the experiment.
   */
  async experimentKeys(
    caller: Caller,
    experimentId: string,
    viewType: ViewType = 'ACTIVE_ONLY',
  ): Promise<RunKeys & { systemTags: string[] }> {
    const experiment = await this.experiments.get(caller, experimentId);
    const keys = await this.store.experimentKeys(experiment.experimentId, STAGES[viewType]);
    // MLflow's own tags (run name, user, source, logged models) are run attributes, not columns.
    const system = (key: string) => key.startsWith(SYSTEM_TAG_PREFIX);
    return {
      ...keys,
      tags: keys.tags.filter((key) => !system(key)),
      systemTags: keys.tags.filter(system),
    };
  }

  /** Needs READ on every experiment searched. */
  async search(
    caller: Caller,
    request: SearchRunsRequest,
  ): Promise<{ runs: Run[]; nextPageToken?: string | undefined }> {
    const filter = parseRunFilter(request.filter);
    const orderBy = parseRunOrderBy(request.orderBy);
    const viewType = request.viewType ?? 'ACTIVE_ONLY';
    const experimentIds = request.experimentIds.map(String);
    for (const id of new Set(experimentIds)) {
      await this.access.require(caller, 'experiment', id, 'read');
    }
    const window = resolveWindow(
      request,
      { experimentIds, filter, orderBy, viewType },
      { default: LIMITS.defaultMaxResultsSearchRuns, max: LIMITS.maxResultsSearchRuns },
    );
    const page = await this.store.search({
      experimentIds,
      filter,
      orderBy,
      viewType,
      ...window,
      infoOnly: request.runInfoOnly,
    });
    return { runs: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  /**
   * The datasets runs of these experiments used, as MLflow's SearchDatasets (1 to 20 experiments,
   * at most 1000 summaries). Needs READ on every experiment, as searching runs does.
   */
  async searchDatasets(
    caller: Caller,
    experimentIds: string[],
  ): ReturnType<RunStore['searchDatasets']> {
    const { maxExperiments, maxResults } = SEARCH_DATASETS;
    if (experimentIds.length === 0) {
      throw invalidArgument('SearchDatasets request must specify at least one experiment_id.');
    }
    if (experimentIds.length > maxExperiments) {
      throw invalidArgument(
        `SearchDatasets request cannot specify more than ${maxExperiments} experiment_ids. Received ${experimentIds.length} experiment_ids.`,
      );
    }
    for (const id of new Set(experimentIds)) {
      if (!/^\d{1,18}$/u.test(id)) {
        throw invalidArgument(
          `Invalid experiment id '${id}': experiment ids are decimal integers.`,
        );
      }
      await this.access.require(caller, 'experiment', id, 'read');
    }
    return this.store.searchDatasets(experimentIds, maxResults);
  }

  /** The experiment a run belongs to, from a bounded memory of runs seen before. */
  private async experimentOf(runId: string): Promise<string> {
    const known = this.runExperiments.get(runId);
    if (known !== undefined) return known;
    const { experimentId } = await this.findInfo(runId);
    if (this.runExperiments.size >= REMEMBERED_RUNS) {
      // Maps iterate in insertion order: forget the oldest.
      const oldest = this.runExperiments.keys().next().value;
      if (oldest !== undefined) this.runExperiments.delete(oldest);
    }
    this.runExperiments.set(runId, experimentId);
    return experimentId;
  }

  /** The run, without a permission check (for services that check their own). */
  async findInfo(runId: string): Promise<RunInfo> {
    const info = await this.store.getInfo(checkRunId(runId));
    if (!info) throw notFound(`Run '${runId}' not found.`);
    return info;
  }

  /** The run, active, without a permission check (for services that check their own). */
  async requireActive(runId: string): Promise<RunInfo> {
    const info = await this.findInfo(runId);
    if (info.lifecycleStage !== 'active') throw runNotActive(runId, info.lifecycleStage);
    return info;
  }

  /** The run's info once `caller` may do `action` on its experiment. */
  private async checked(caller: Caller, runId: string, action: AccessAction): Promise<RunInfo> {
    const info = await this.findInfo(runId);
    await this.access.require(caller, 'experiment', info.experimentId, action);
    return info;
  }

  private async setStage(caller: Caller, info: RunInfo, stage: 'active' | 'deleted') {
    if (info.lifecycleStage === stage) return;
    await this.uow.run(async (s) => {
      await s.runs.update(info.runId, {
        lifecycleStage: stage,
        deletedTime: stage === 'deleted' ? this.clock.now() : null,
      });
      await s.audit.append([
        this.event(caller, stage === 'deleted' ? 'run.delete' : 'run.restore', info.runId, {
          before: { lifecycleStage: info.lifecycleStage },
          after: { lifecycleStage: stage },
        }),
      ]);
    });
  }

  private event(caller: Caller, action: string, runId: string, change: AuditChange) {
    return auditRecord(caller, this.clock.now(), action, 'run', runId, change);
  }
}

/** The points of a batch that name a logged model, as that model's metric rows. */
function modelPoints(runId: string, points: RunMetricInput[]): LoggedModelMetric[] {
  const linked: LoggedModelMetric[] = [];
  for (const m of points) {
    if (!m.modelId) continue;
    linked.push({
      key: m.key,
      value: m.value,
      timestamp: m.timestamp,
      step: m.step,
      modelId: m.modelId,
      runId,
      datasetName: m.datasetName || undefined,
      datasetDigest: m.datasetDigest || undefined,
    });
  }
  return linked;
}

function plainPoint(m: RunMetricInput): Metric {
  return { key: m.key, value: m.value, timestamp: m.timestamp, step: m.step };
}

/** MLflow's answer to a write to a deleted run: INVALID_PARAMETER_VALUE, with its message. */
function checkRunId(runId: string): string {
  if (typeof runId !== 'string' || !/^[\w-]{1,64}$/u.test(runId)) {
    throw invalidArgument(`Invalid run id '${String(runId)}'.`);
  }
  return runId;
}

function checkMetric<M extends Metric>(m: M): M {
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
