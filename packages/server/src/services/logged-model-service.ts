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
  AccessAction,
  ArtifactFileInfo,
  Caller,
  LoggedModel,
  LoggedModelDatasetFilter,
  LoggedModelOrderByInput,
  LoggedModelStatus,
  LoggedModelStore,
  ModelOutput,
  Param,
  Tag,
  UnitOfWork,
} from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import { auditRecord } from '../audit/audit-record.js';
import type { AuditChange } from '../audit/audit-record.js';
import type { ArtifactService } from './artifact-service.js';
import { storageKeyForUri } from './artifact-service.js';
import type { ExperimentService } from './experiment-service.js';
import { nextToken, resolveWindow } from '../support/paging.js';
import type { PageRequest } from '../support/paging.js';
import { generateRunName } from './run-names.js';
import type { RunService } from './run-service.js';
import type { ServiceClock } from '../support/clock.js';

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

/** Characters MLflow refuses in logged model names (they would break `models:/` URIs and paths). */
const BAD_NAME_CHARACTERS = ['/', ':', '.', '%', '"', "'"];
const MAX_NAME_LENGTH = 500;
const MAX_MODEL_TYPE_LENGTH = 500;
const SEARCH_LIMITS = { default: 100, max: LIMITS.maxResultsSearchRuns };
/** A run's own models are few (one per logged flavour or checkpoint); this bounds a runaway. */
const RUN_MODELS_LIMIT = 1000;

/**
 * MLflow 3 logged models: a model is created PENDING under an experiment (its files go to
 * `<experiment artifact location>/models/<model id>/artifacts`), finalized READY or UPLOAD_FAILED,
 * tagged, given immutable params and linked metrics, recorded as a run's output and promoted to
 * registry versions.
 */
export class LoggedModelService {
  constructor(
    private readonly store: LoggedModelStore,
    private readonly uow: UnitOfWork,
    private readonly experiments: ExperimentService,
    private readonly runs: RunService,
    private readonly artifacts: ArtifactService,
    private readonly access: AccessService,
    private readonly clock: ServiceClock,
  ) {}

  /** Needs EDIT on the experiment. */
  async create(caller: Caller, request: CreateLoggedModelRequest): Promise<LoggedModel> {
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
    await this.access.require(caller, 'experiment', experiment.experimentId, 'update');
    if (request.sourceRunId) await this.runs.getInfo(caller, request.sourceRunId);
    const modelId = `m-${randomUUID().replaceAll('-', '')}`;
    const root = experiment.artifactLocation.replace(/\/+$/u, '');
    return this.uow.run(async (s) => {
      const model = await s.loggedModels.create({
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
      await s.audit.append([
        this.event(caller, 'logged_model.create', modelId, {
          after: { experimentId: experiment.experimentId, name, sourceRunId: request.sourceRunId },
        }),
      ]);
      return model;
    });
  }

  /** NOT_FOUND for unknown and for deleted models, as MLflow's get_logged_model. */
  async get(caller: Caller, modelId: string): Promise<LoggedModel> {
    return this.checked(caller, modelId, 'read');
  }

  async finalize(caller: Caller, modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    if (!FINAL_LOGGED_MODEL_STATUSES.includes(status)) {
      throw invalidArgument(
        `Invalid status '${status}' for finalizing logged model '${modelId}': use ${FINAL_LOGGED_MODEL_STATUSES.join(' or ')}.`,
      );
    }
    const before = await this.checked(caller, modelId, 'update');
    return this.uow.run(async (s) => {
      const model = await s.loggedModels.finalize(modelId, status, this.clock.now());
      await s.audit.append([
        this.event(caller, 'logged_model.finalize', modelId, {
          before: { status: before.status },
          after: { status },
        }),
      ]);
      return model;
    });
  }

  /** Needs MANAGE. */
  async delete(caller: Caller, modelId: string): Promise<void> {
    const model = await this.store.get(modelId);
    if (!model) throw modelNotFound(modelId);
    await this.access.require(caller, 'experiment', model.experimentId, 'delete');
    await this.uow.run(async (s) => {
      await s.loggedModels.delete(modelId, this.clock.now());
      await s.audit.append([
        this.event(caller, 'logged_model.delete', modelId, {
          before: { name: model.name, lifecycleStage: model.lifecycleStage },
        }),
      ]);
    });
  }

  async setTags(caller: Caller, modelId: string, tags: Tag[]): Promise<void> {
    const checked = tags.map(validateTag);
    await this.checked(caller, modelId, 'update');
    await this.uow.run(async (s) => {
      await s.loggedModels.setTags(modelId, checked);
      await s.audit.append([
        this.event(caller, 'logged_model.tag.set', modelId, { after: { tags: checked } }),
      ]);
    });
  }

  /** Needs MANAGE, as in MLflow's basic-auth app. */
  async deleteTag(caller: Caller, modelId: string, key: string): Promise<void> {
    await this.checked(caller, modelId, 'delete');
    await this.uow.run(async (s) => {
      await s.loggedModels.deleteTag(modelId, key);
      await s.audit.append([
        this.event(caller, 'logged_model.tag.delete', modelId, { before: { key } }),
      ]);
    });
  }

  /** Params are the model's own write-once record, so they are not audited. */
  async logParams(caller: Caller, modelId: string, params: Param[]): Promise<void> {
    const checked = params.map(checkParam);
    await this.checked(caller, modelId, 'update');
    await this.store.logParams(modelId, checked);
  }

  /** Needs READ on every experiment searched. */
  async search(
    caller: Caller,
    request: SearchLoggedModelsRequest,
  ): Promise<{ models: LoggedModel[]; nextPageToken?: string | undefined }> {
    const filter = parseLoggedModelFilter(request.filter);
    const orderBy = parseLoggedModelOrderBy(request.orderBy);
    const datasets = (request.datasets ?? []).map(checkDataset);
    const experimentIds = request.experimentIds.map(String);
    for (const id of new Set(experimentIds)) {
      await this.access.require(caller, 'experiment', id, 'read');
    }
    const window = resolveWindow(
      request,
      { experimentIds, filter, datasets, orderBy },
      SEARCH_LIMITS,
    );
    const page = await this.store.search({ experimentIds, filter, datasets, orderBy, ...window });
    return { models: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  /**
   * The models a run produced: those created with it as their source run (in its experiment) and
   * those it logged as outputs, without deleted ones. Needs READ on the run's experiment; output
   * models in experiments the caller cannot read are left out rather than refuse the whole list.
   */
  async listForRun(
    caller: Caller,
    runId: string,
  ): Promise<{ models: LoggedModel[]; outputs: ModelOutput[] }> {
    const info = await this.runs.getInfo(caller, runId);
    const outputs = (await this.store.listOutputs([info.runId])).get(info.runId) ?? [];
    const sourced = await this.store.search({
      experimentIds: [info.experimentId],
      filter: [
        {
          type: 'attribute',
          key: 'source_run_id',
          comparator: '=',
          value: info.runId,
          position: 0,
        },
      ],
      datasets: [],
      orderBy: [{ type: 'attribute', key: 'creation_timestamp', ascending: true }],
      offset: 0,
      limit: RUN_MODELS_LIMIT,
    });
    const byId = new Map(sourced.items.map((m) => [m.modelId, m]));
    for (const modelId of new Set(outputs.map((o) => o.modelId))) {
      if (byId.has(modelId)) continue;
      const model = await this.store.get(modelId);
      if (!model || model.lifecycleStage === 'deleted') continue;
      if (await this.access.can(caller, 'experiment', model.experimentId, 'read')) {
        byId.set(modelId, model);
      }
    }
    const models = [...byId.values()].sort((a, b) => a.creationTimestamp - b.creationTimestamp);
    const shown = new Set(models.map((m) => m.modelId));
    return { models, outputs: outputs.filter((o) => shown.has(o.modelId)) };
  }

  /** LogOutputs: needs EDIT on the run; the run must be active and every model must exist. */
  async logOutputs(caller: Caller, runId: string, outputs: ModelOutput[]): Promise<void> {
    for (const o of outputs) {
      if (!o.modelId) throw invalidArgument("Each model output needs a 'model_id'.");
      if (!Number.isSafeInteger(o.step)) {
        throw invalidArgument(`Model output '${o.modelId}' has a non-integer 'step'.`);
      }
    }
    const info = await this.runs.requireActive(runId);
    await this.access.require(caller, 'experiment', info.experimentId, 'update');
    await this.requireExisting(outputs.map((o) => o.modelId));
    await this.store.logOutputs(runId, outputs);
  }

  /** ListLoggedModelArtifacts: entries relative to the model's artifact root. */
  async listArtifacts(
    caller: Caller,
    modelId: string,
    path: string | undefined,
  ): Promise<{ rootUri: string; files: ArtifactFileInfo[] }> {
    const model = await this.get(caller, modelId);
    const root = storageKeyForUri(model.artifactLocation);
    const dir = joinArtifactPath(root, path ?? '');
    const entries = await this.artifacts.listChecked(dir);
    const prefix = root === '' ? '' : `${root}/`;
    return {
      rootUri: model.artifactLocation,
      files: entries.map((e) => ({ ...e, path: e.path.slice(prefix.length) })),
    };
  }

  async downloadArtifact(caller: Caller, modelId: string, path: string): Promise<Readable> {
    const model = await this.get(caller, modelId);
    return this.artifacts.getChecked(
      joinArtifactPath(storageKeyForUri(model.artifactLocation), path),
    );
  }

  private async checked(caller: Caller, modelId: string, action: AccessAction) {
    const model = await this.store.get(modelId);
    if (!model || model.lifecycleStage === 'deleted') throw modelNotFound(modelId);
    await this.access.require(caller, 'experiment', model.experimentId, action);
    return model;
  }

  private async requireExisting(modelIds: string[]): Promise<void> {
    if (modelIds.length === 0) return;
    const found = await this.store.existingIds(modelIds);
    const missing = modelIds.find((id) => !found.has(id));
    if (missing !== undefined) throw modelNotFound(missing);
  }

  private event(caller: Caller, action: string, modelId: string, change: AuditChange) {
    return auditRecord(caller, this.clock.now(), action, 'logged_model', modelId, change);
  }
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
