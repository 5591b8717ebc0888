import {
  LIMITS,
  MODEL_VERSION_STAGES,
  invalidArgument,
  notFound,
  parseModelUri,
  parseModelVersionFilter,
  parseModelVersionOrderBy,
  parseRegisteredModelFilter,
  parseRegisteredModelOrderBy,
  validateAlias,
  validateEntityName,
  validateTag,
} from '@slipway/core';
import type {
  Audit,
  ModelHistoryEvent,
  ModelRegistryStore,
  ModelVersion,
  ModelVersionStage,
  RegisteredModel,
  Tag,
} from '@slipway/core';
import { nextToken, resolveWindow } from './paging.js';
import type { PageRequest } from './paging.js';
import type { RunService } from './run-service.js';
import type { ServiceClock } from './service-context.js';

export interface CreateModelVersionRequest {
  name: string;
  source: string;
  runId?: string | undefined;
  runLink?: string | undefined;
  description?: string | undefined;
  tags?: Tag[] | undefined;
}

/** Maps a model-version source to an artifact location, or undefined when it is not its kind. */
export type SourceResolver = (source: string) => Promise<string | undefined>;

export interface SearchRequest extends PageRequest {
  filter?: string | undefined;
  orderBy?: string[] | undefined;
}

/** Registry invariants above the store: validation, URI resolution, who-did-it for the history. */
export class RegistryService {
  constructor(
    private readonly store: ModelRegistryStore,
    private readonly runs: RunService,
    private readonly clock: ServiceClock,
  ) {}

  private audit(actor: string): Audit {
    return { actor: actor || 'anonymous', time: this.clock.now() };
  }

  async createRegisteredModel(
    input: { name: string; description?: string | undefined; tags?: Tag[] | undefined },
    actor: string,
  ): Promise<RegisteredModel> {
    const name = checkModelName(input.name);
    return this.store.createRegisteredModel(
      {
        name,
        description: checkDescription(input.description),
        tags: (input.tags ?? []).map(validateTag),
      },
      this.audit(actor),
    );
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    const model = await this.store.getRegisteredModel(checkModelName(name));
    if (!model) throw notFound(`Registered Model with name=${name} not found`);
    return model;
  }

  async renameRegisteredModel(
    name: string,
    newName: string,
    actor: string,
  ): Promise<RegisteredModel> {
    return this.store.renameRegisteredModel(
      checkModelName(name),
      checkModelName(newName),
      this.audit(actor),
    );
  }

  async updateRegisteredModel(
    name: string,
    description: string | undefined,
    actor: string,
  ): Promise<RegisteredModel> {
    return this.store.updateRegisteredModel(
      checkModelName(name),
      checkDescription(description),
      this.audit(actor),
    );
  }

  async deleteRegisteredModel(name: string, actor: string): Promise<void> {
    await this.store.deleteRegisteredModel(checkModelName(name), this.audit(actor));
  }

  async searchRegisteredModels(
    request: SearchRequest,
  ): Promise<{ registeredModels: RegisteredModel[]; nextPageToken?: string | undefined }> {
    const filter = parseRegisteredModelFilter(request.filter);
    const orderBy = parseRegisteredModelOrderBy(request.orderBy);
    const window = resolveWindow(
      request,
      { filter, orderBy },
      {
        default: LIMITS.defaultMaxResultsSearchModels,
        max: LIMITS.maxResultsSearchModels,
      },
    );
    const page = await this.store.searchRegisteredModels({ filter, orderBy, ...window });
    return {
      registeredModels: page.items,
      nextPageToken: nextToken(page.nextOffset, window.fingerprint),
    };
  }

  async setRegisteredModelTag(name: string, tag: Tag, actor: string): Promise<void> {
    await this.store.setRegisteredModelTag(
      checkModelName(name),
      validateTag(tag),
      this.audit(actor),
    );
  }

  async deleteRegisteredModelTag(name: string, key: string, actor: string): Promise<void> {
    await this.store.deleteRegisteredModelTag(checkModelName(name), key, this.audit(actor));
  }

  async createModelVersion(
    request: CreateModelVersionRequest,
    actor: string,
  ): Promise<ModelVersion> {
    const name = checkModelName(request.name);
    if (typeof request.source !== 'string' || request.source.length === 0) {
      throw invalidArgument("Missing value for required parameter 'source'.");
    }
    let runId = request.runId ?? '';
    const fromRun = /^runs:\/([^/]+)(?:\/|$)/u.exec(request.source);
    if (fromRun?.[1]) {
      if (runId && runId !== fromRun[1]) {
        throw invalidArgument(
          `'run_id' ${runId} does not match the run in source '${request.source}'.`,
        );
      }
      runId = fromRun[1];
    }
    if (runId) await this.runs.getInfo(runId);
    return this.store.createModelVersion(
      {
        name,
        source: request.source,
        runId,
        runLink: request.runLink ?? '',
        description: checkDescription(request.description),
        tags: (request.tags ?? []).map(validateTag),
        status: 'READY',
      },
      this.audit(actor),
    );
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    const mv = await this.store.getModelVersion(checkModelName(name), checkVersion(version));
    if (!mv) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
    return mv;
  }

  async updateModelVersion(
    name: string,
    version: string,
    description: string | undefined,
    actor: string,
  ): Promise<ModelVersion> {
    return this.store.updateModelVersion(
      checkModelName(name),
      checkVersion(version),
      { description: checkDescription(description) },
      this.audit(actor),
    );
  }

  async transitionStage(
    name: string,
    version: string,
    stage: string,
    archiveExisting: boolean,
    actor: string,
  ): Promise<ModelVersion> {
    return this.store.transitionModelVersionStage(
      checkModelName(name),
      checkVersion(version),
      checkStage(stage),
      archiveExisting,
      this.audit(actor),
    );
  }

  async deleteModelVersion(name: string, version: string, actor: string): Promise<void> {
    await this.store.deleteModelVersion(
      checkModelName(name),
      checkVersion(version),
      this.audit(actor),
    );
  }

  async getLatestVersions(name: string, stages: string[]): Promise<ModelVersion[]> {
    await this.getRegisteredModel(name);
    return this.store.getLatestVersions(name, stages.map(checkStage));
  }

  async searchModelVersions(
    request: SearchRequest,
  ): Promise<{ modelVersions: ModelVersion[]; nextPageToken?: string | undefined }> {
    const filter = parseModelVersionFilter(request.filter);
    const orderBy = parseModelVersionOrderBy(request.orderBy);
    const window = resolveWindow(
      request,
      { filter, orderBy },
      {
        default: LIMITS.defaultMaxResultsSearchVersions,
        max: LIMITS.maxResultsSearchVersions,
      },
    );
    const page = await this.store.searchModelVersions({ filter, orderBy, ...window });
    return {
      modelVersions: page.items,
      nextPageToken: nextToken(page.nextOffset, window.fingerprint),
    };
  }

  async setModelVersionTag(name: string, version: string, tag: Tag, actor: string): Promise<void> {
    await this.store.setModelVersionTag(
      checkModelName(name),
      checkVersion(version),
      validateTag(tag),
      this.audit(actor),
    );
  }

  async deleteModelVersionTag(
    name: string,
    version: string,
    key: string,
    actor: string,
  ): Promise<void> {
    await this.store.deleteModelVersionTag(
      checkModelName(name),
      checkVersion(version),
      key,
      this.audit(actor),
    );
  }

  async setAlias(name: string, alias: string, version: string, actor: string): Promise<void> {
    await this.store.setAlias(
      checkModelName(name),
      validateAlias(alias),
      checkVersion(version),
      this.audit(actor),
    );
  }

  async deleteAlias(name: string, alias: string, actor: string): Promise<void> {
    await this.store.deleteAlias(checkModelName(name), alias, this.audit(actor));
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    const mv = await this.store.getVersionByAlias(checkModelName(name), alias);
    if (!mv) throw notFound(`Registered model alias ${alias} not found.`);
    return mv;
  }

  /** Resolves `models:/name/3`, `models:/name@alias`, `models:/name/latest`, `models:/name/Stage`. */
  async resolveModelUri(uri: string): Promise<ModelVersion> {
    const ref = parseModelUri(uri);
    switch (ref.kind) {
      case 'version':
        return this.getModelVersion(ref.name, ref.version);
      case 'alias':
        return this.getModelVersionByAlias(ref.name, ref.alias);
      case 'latest': {
        const all = await this.getLatestVersions(ref.name, []);
        const newest = all.reduce<ModelVersion | undefined>(
          (best, mv) => (!best || Number(mv.version) > Number(best.version) ? mv : best),
          undefined,
        );
        if (!newest) throw notFound(`Registered model '${ref.name}' has no versions.`);
        return newest;
      }
      case 'stage': {
        const [mv] = await this.getLatestVersions(ref.name, [ref.stage]);
        if (!mv)
          throw notFound(`Registered model '${ref.name}' has no version in stage '${ref.stage}'.`);
        return mv;
      }
    }
  }

  private sourceResolvers: SourceResolver[] = [];

  /**
   * Lets another service resolve sources it owns (MLflow 3 logged models: `models:/m-...`) to an
   * artifact location. Set by the composition root, because that service is built after this one.
   */
  addSourceResolver(resolver: SourceResolver): void {
    this.sourceResolvers.push(resolver);
  }

  /**
   * Where the version's files are: `runs:/` sources resolve to the run's artifact location, sources
   * a registered resolver knows to theirs, anything else is returned as stored.
   */
  async getDownloadUri(name: string, version: string): Promise<string> {
    const mv = await this.getModelVersion(name, version);
    for (const resolve of this.sourceResolvers) {
      const location = await resolve(mv.source);
      if (location !== undefined) return location;
    }
    const fromRun = /^runs:\/([^/]+)\/?(.*)$/u.exec(mv.source);
    if (fromRun?.[1]) {
      const info = await this.runs.getInfo(fromRun[1]);
      return fromRun[2] ? `${info.artifactUri}/${fromRun[2]}` : info.artifactUri;
    }
    return mv.source;
  }

  async history(
    name: string,
    request: PageRequest,
  ): Promise<{ events: ModelHistoryEvent[]; nextPageToken?: string | undefined }> {
    const window = resolveWindow(request, { history: name }, { default: 1000, max: 10000 });
    const page = await this.store.listHistory(checkModelName(name), window);
    return { events: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }
}

function checkModelName(name: unknown): string {
  return validateEntityName('Registered model', name, LIMITS.maxModelNameLength);
}

function checkVersion(version: unknown): string {
  const text = typeof version === 'number' ? String(version) : version;
  if (typeof text !== 'string' || !/^\d{1,9}$/u.test(text) || Number(text) < 1) {
    throw invalidArgument(`Model version must be a positive integer; got '${String(version)}'.`);
  }
  return String(Number(text));
}

function checkStage(stage: unknown): ModelVersionStage {
  const found = MODEL_VERSION_STAGES.find(
    (s) => typeof stage === 'string' && s.toLowerCase() === stage.toLowerCase(),
  );
  if (!found) {
    throw invalidArgument(
      `Invalid Model Version stage: ${String(stage)}. Value must be one of ${MODEL_VERSION_STAGES.join(', ')}.`,
    );
  }
  return found;
}

function checkDescription(description: unknown): string {
  if (description === undefined || description === null) return '';
  if (typeof description !== 'string') throw invalidArgument("'description' must be a string.");
  if (description.length > LIMITS.maxDescriptionLength) {
    throw invalidArgument(`'description' exceeds ${LIMITS.maxDescriptionLength} characters.`);
  }
  return description;
}
