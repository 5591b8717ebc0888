import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  FINAL_LOGGED_MODEL_STATUSES,
  LIMITS,
  invalidArgument,
  joinArtifactPath,
  notFound,
  parseLoggedModelFilter,
  parseLoggedModelOrderBy,
  validateKey,
  validateParamValue,
  validateTag,
} from '@slipway/core';
import type {
  ArtifactFileInfo,
  LoggedModel,
  LoggedModelDatasetFilter,
  LoggedModelMetric,
  LoggedModelOrderByInput,
  LoggedModelStatus,
  LoggedModelStore,
  ModelOutput,
  ModelVersionRef,
  Param,
  Tag,
} from '@slipway/core';
import type { ArtifactService } from './artifact-service.js';
import { storageKeyForUri } from './artifact-service.js';
import type { ExperimentService } from './experiment-service.js';
import { nextToken, resolveWindow } from './paging.js';
import type { PageRequest } from './paging.js';
import { generateRunName } from './run-names.js';
import type { RunService } from './run-service.js';
import type { ServiceClock } from './service-context.js';

export interface CreateLoggedModelRequest {
  experimentId: string;
  name?: string | undefined;
  modelType?: string | undefined;
  sourceRunId?: string | undefined;
  tags?: Tag[] | undefined;
  params?: Param[] | undefined;
}

export interface SearchLoggedModelsRequest extends PageRequest {
  experimentIds: string[];
  filter?: string | undefined;
  datasets?: Array<{ datasetName?: string | undefined; datasetDigest?: string | undefined }>;
  orderBy?: LoggedModelOrderByInput[] | undefined;
}

/** A metric point as a run logs it, linked to a model when `modelId` is set. */
export interface RunMetricInput {
  key: string;
  value: number;
  timestamp: number;
  step: number;
  modelId?: string | undefined;
  datasetName?: string | undefined;
  datasetDigest?: string | undefined;
}

/** Characters MLflow refuses in logged model names (they would break `models:/` URIs and paths). */
const BAD_NAME_CHARACTERS = ['/', ':', '.', '%', '"', "'"];
const MAX_NAME_LENGTH = 500;
const MAX_MODEL_TYPE_LENGTH = 500;
const SEARCH_LIMITS = { default: 100, max: LIMITS.maxResultsSearchRuns };

/**
 * MLflow 3 logged models: a model is created PENDING under an experiment (its files go to
 * `<experiment artifact location>/models/<model id>/artifacts`), finalized READY or UPLOAD_FAILED,
 * tagged, given immutable params and linked metrics, recorded as a run's output and promoted to
 * registry versions.
 */
export class LoggedModelService {
  constructor(
    private readonly store: LoggedModelStore,
    private readonly experiments: ExperimentService,
    private readonly runs: RunService,
    private readonly artifacts: ArtifactService,
    private readonly clock: ServiceClock,
  ) {}

  async create(request: CreateLoggedModelRequest): Promise<LoggedModel> {
    const name = checkName(request.name || generateRunName());
    const modelType = request.modelType;
    if (modelType !== undefined && modelType.length > MAX_MODEL_TYPE_LENGTH) {
      throw invalidArgument(
        `'model_type' has length ${modelType.length}, which exceeds the limit of ${MAX_MODEL_TYPE_LENGTH}.`,
      );
    }
    const tags = (request.tags ?? []).map(validateTag);
    const params = (request.params ?? []).map(checkParam);
    const experiment = await this.experiments.requireActive(request.experimentId);
    if (request.sourceRunId) await this.runs.getInfo(request.sourceRunId);
    const modelId = `m-${randomUUID().replaceAll('-', '')}`;
    const root = experiment.artifactLocation.replace(/\/+$/u, '');
    return this.store.create({
      modelId,
      experimentId: experiment.experimentId,
      name,
      artifactLocation: `${root}/models/${modelId}/artifacts`,
      status: 'LOGGED_MODEL_PENDING',
      creationTimestamp: this.clock.now(),
      modelType,
      sourceRunId: request.sourceRunId,
      tags,
      params,
    });
  }

  /** NOT_FOUND for unknown and for deleted models, as MLflow's get_logged_model. */
  async get(modelId: string): Promise<LoggedModel> {
    const model = await this.store.get(modelId);
    if (!model || model.lifecycleStage === 'deleted') throw modelNotFound(modelId);
    return model;
  }

  async finalize(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    if (!FINAL_LOGGED_MODEL_STATUSES.includes(status)) {
      throw invalidArgument(
        `Invalid status '${status}' for finalizing logged model '${modelId}': use ${FINAL_LOGGED_MODEL_STATUSES.join(' or ')}.`,
      );
    }
    return this.store.finalize(modelId, status, this.clock.now());
  }

  async delete(modelId: string): Promise<void> {
    await this.store.delete(modelId, this.clock.now());
  }

  async setTags(modelId: string, tags: Tag[]): Promise<void> {
    await this.store.setTags(modelId, tags.map(validateTag));
  }

  async deleteTag(modelId: string, key: string): Promise<void> {
    await this.store.deleteTag(modelId, key);
  }

  async logParams(modelId: string, params: Param[]): Promise<void> {
    await this.store.logParams(modelId, params.map(checkParam));
  }

  async search(
    request: SearchLoggedModelsRequest,
  ): Promise<{ models: LoggedModel[]; nextPageToken?: string | undefined }> {
    const filter = parseLoggedModelFilter(request.filter);
    const orderBy = parseLoggedModelOrderBy(request.orderBy);
    const datasets = (request.datasets ?? []).map(checkDataset);
    const experimentIds = request.experimentIds.map(String);
    const window = resolveWindow(
      request,
      { experimentIds, filter, datasets, orderBy },
      SEARCH_LIMITS,
    );
    const page = await this.store.search({ experimentIds, filter, datasets, orderBy, ...window });
    return { models: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  /** LogOutputs: the run must be active and every model must exist. */
  async logOutputs(runId: string, outputs: ModelOutput[]): Promise<void> {
    for (const o of outputs) {
      if (!o.modelId) throw invalidArgument("Each model output needs a 'model_id'.");
      if (!Number.isSafeInteger(o.step)) {
        throw invalidArgument(`Model output '${o.modelId}' has a non-integer 'step'.`);
      }
    }
    await this.runs.requireActive(runId);
    await this.requireExisting(outputs.map((o) => o.modelId));
    await this.store.logOutputs(runId, outputs);
  }

  async outputsOf(runId: string): Promise<ModelOutput[]> {
    return (await this.store.listOutputs([runId])).get(runId) ?? [];
  }

  /**
   * The points of a run's metric batch that name a model, checked against the models that exist.
   * Call before the run's own batch is written, then `recordMetrics` after it succeeded, so a batch
   * naming an unknown model writes nothing.
   */
  async prepareMetrics(runId: string, metrics: RunMetricInput[]): Promise<LoggedModelMetric[]> {
    const linked = metrics.filter((m) => m.modelId);
    await this.requireExisting(linked.map((m) => m.modelId as string));
    return linked.map((m) => ({
      key: m.key,
      value: m.value,
      timestamp: m.timestamp,
      step: m.step,
      modelId: m.modelId as string,
      runId,
      datasetName: m.datasetName || undefined,
      datasetDigest: m.datasetDigest || undefined,
    }));
  }

  async recordMetrics(metrics: LoggedModelMetric[]): Promise<void> {
    await this.store.logMetrics(metrics);
  }

  /** ListLoggedModelArtifacts: entries relative to the model's artifact root. */
  async listArtifacts(
    modelId: string,
    path: string | undefined,
  ): Promise<{ rootUri: string; files: ArtifactFileInfo[] }> {
    const model = await this.get(modelId);
    const root = storageKeyForUri(model.artifactLocation);
    const dir = joinArtifactPath(root, path ?? '');
    const entries = await this.artifacts.list(dir);
    const prefix = root === '' ? '' : `${root}/`;
    return {
      rootUri: model.artifactLocation,
      files: entries.map((e) => ({ ...e, path: e.path.slice(prefix.length) })),
    };
  }

  async downloadArtifact(modelId: string, path: string): Promise<Readable> {
    const model = await this.get(modelId);
    return this.artifacts.get(joinArtifactPath(storageKeyForUri(model.artifactLocation), path));
  }

  /**
   * What a new registry version inherits from a logged model, as MLflow's registry does: a
   * `models:/<model id>` source (or a `model_id`) names a model that must exist, and an unset
   * run id becomes the model's source run.
   */
  async resolveVersionSource(request: {
    source: string;
    runId?: string | undefined;
    modelId?: string | undefined;
  }): Promise<{ runId?: string | undefined; modelId?: string | undefined }> {
    let runId = request.runId || undefined;
    const fromSource = loggedModelIdOfUri(request.source);
    for (const id of [fromSource, request.modelId]) {
      if (!id) continue;
      const model = await this.get(id);
      runId ??= model.sourceRunId || undefined;
    }
    return { runId, modelId: request.modelId || undefined };
  }

  /** Where a `models:/<model id>` source's files are; undefined for any other source. */
  async artifactLocationOfSource(source: string): Promise<string | undefined> {
    const id = loggedModelIdOfUri(source);
    if (!id) return undefined;
    const model = await this.store.get(id);
    return model?.artifactLocation;
  }

  async linkVersion(version: ModelVersionRef, modelId: string): Promise<void> {
    await this.store.linkModelVersion(version, modelId);
  }

  async modelIdsOfVersions(versions: ModelVersionRef[]): Promise<Map<string, string>> {
    if (versions.length === 0) return new Map();
    return this.store.modelIdsOfVersions(versions);
  }

  private async requireExisting(modelIds: string[]): Promise<void> {
    if (modelIds.length === 0) return;
    const found = await this.store.existingIds(modelIds);
    const missing = modelIds.find((id) => !found.has(id));
    if (missing !== undefined) throw modelNotFound(missing);
  }
}

/** `models:/<model id>` (one path segment, no alias) names a logged model; anything else does not. */
export function loggedModelIdOfUri(uri: string): string | undefined {
  const match = /^models:\/+([^/@]+)\/?$/u.exec(uri);
  return match?.[1];
}

function modelNotFound(modelId: string) {
  return notFound(`Logged model with ID '${modelId}' not found.`);
}

function checkName(name: string): string {
  if (name.length > MAX_NAME_LENGTH) {
    throw invalidArgument(
      `Logged model name has length ${name.length}, which exceeds the limit of ${MAX_NAME_LENGTH}.`,
    );
  }
  if (BAD_NAME_CHARACTERS.some((c) => name.includes(c))) {
    throw invalidArgument(
      `Invalid model name ('${name}') provided. Model name must be a non-empty string and cannot ` +
        `contain the following characters: ${BAD_NAME_CHARACTERS.join(' ')}`,
    );
  }
  return name;
}

function checkParam(p: { key: unknown; value?: unknown }): Param {
  const key = validateKey('param', p.key);
  return { key, value: validateParamValue(key, p.value ?? '') };
}

function checkDataset(d: {
  datasetName?: string | undefined;
  datasetDigest?: string | undefined;
}): LoggedModelDatasetFilter {
  if (!d.datasetName) {
    throw invalidArgument('`dataset_name` in the `datasets` clause must be specified.');
  }
  return d.datasetDigest
    ? { datasetName: d.datasetName, datasetDigest: d.datasetDigest }
    : { datasetName: d.datasetName };
}
