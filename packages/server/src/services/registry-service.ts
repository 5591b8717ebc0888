import type { Readable } from 'node:stream';
import {
  LIMITS,
  SlipwayError,
  invalidArgument,
  joinArtifactPath,
  modelUploadLocation,
  modelVersionKey,
  notFound,
  parseModelUri,
  parseModelVersionFilter,
  parseModelVersionOrderBy,
  parseRegisteredModelFilter,
  parseRegisteredModelOrderBy,
  validateAlias,
  validateOptionalText,
  validateTag,
  validateText,
} from '@slipway/core';
import type {
  AccessAction,
  Caller,
  LoggedModelStore,
  ModelHistoryEvent,
  ModelRegistryStore,
  ModelVersion,
  ModelVersionSignature,
  RegisteredModel,
  Tag,
  TransactionStores,
  UnitOfWork,
} from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import { auditRecord } from '../audit/audit-record.js';
import type { AuditChange } from '../audit/audit-record.js';
import type { ServiceClock } from '../support/clock.js';
import { nextToken, resolveWindow } from '../support/paging.js';
import type { PageRequest } from '../support/paging.js';
import type { ArtifactService } from './artifact-service.js';
import { storageKeyForUri } from './artifact-service.js';
import { artifactOwner, uploadModelOf } from './artifact-resources.js';
import { selfAndAncestors } from './version-file-guard.js';
import { PROXIED_ARTIFACT_ROOT } from './experiment-service.js';
import { loggedModelIdOfUri } from './logged-model-uri.js';
import { checkDescription, checkModelName, checkStage, checkVersion } from './registry-checks.js';
import type { RegistryEvent } from './registry-events.js';
import type { RunService } from './run-service.js';
import { digestStoredFiles } from './version-files.js';
import { readVersionSignature } from './version-signature.js';

export interface CreateModelVersionRequest {
  name: string;
  source: string;
  runId?: string | undefined;
  runLink?: string | undefined;
  description?: string | undefined;
  tags?: Tag[] | undefined;
  /** MLflow 3: the logged model this version is promoted from. */
  modelId?: string | undefined;
}

export interface SearchRequest extends PageRequest {
  filter?: string | undefined;
  orderBy?: string[] | undefined;
}

/** Where a version's files are, and what they must hash to (for the model loader). */
export interface VersionFilesRef {
  /** The download URI (`mlflow-artifacts:/...` when in this server's store). */
  uri: string;
  contentDigest?: string | undefined;
}

/**
 * The model registry: validation, permissions (registered models, as MLflow's basic-auth app:
 * versions inherit), audit, the per-model history, and immutable version files: a version's
 * files are located and digested at registration, protected from then on (VersionFileGuard) and
 * checked when served.
 */
export class RegistryService {
  constructor(
    private readonly store: ModelRegistryStore,
    private readonly loggedModels: LoggedModelStore,
    private readonly uow: UnitOfWork,
    private readonly runs: RunService,
    private readonly artifacts: ArtifactService,
    private readonly access: AccessService,
    private readonly clock: ServiceClock,
    /** Told of committed changes (webhooks); never fails the change. */
    private readonly events: { emit(event: RegistryEvent): void } = { emit: () => undefined },
  ) {}

  /** Any authenticated user may create one, and gets MANAGE on it. */
  async createRegisteredModel(
    caller: Caller,
    input: { name: string; description?: string | undefined; tags?: Tag[] | undefined },
  ): Promise<RegisteredModel> {
    const name = checkModelName(input.name);
    const description = checkDescription(input.description);
    const tags = (input.tags ?? []).map(validateTag);
    const created = await this.uow.run(async (s) => {
      const model = await s.registry.createRegisteredModel(
        { name, description, tags },
        this.stamp(caller),
      );
      await this.access.grantCreator(s, caller, 'registered_model', name);
      await s.audit.append([
        this.event(caller, 'registered_model.create', 'registered_model', name, {
          after: { name, description, tags },
        }),
      ]);
      return model;
    });
    this.events.emit({
      type: 'registered_model.created',
      name,
      description: created.description,
      tags: created.tags,
    });
    return created;
  }

  async getRegisteredModel(caller: Caller, name: string): Promise<RegisteredModel> {
    await this.check(caller, name, 'read');
    return this.decorateModel(await this.findModel(name));
  }

  async renameRegisteredModel(
    caller: Caller,
    name: string,
    newName: string,
  ): Promise<RegisteredModel> {
    const from = checkModelName(name);
    const to = checkModelName(newName);
    await this.check(caller, from, 'update');
    return this.uow.run(async (s) => {
      const model = await s.registry.renameRegisteredModel(from, to, this.stamp(caller));
      // Permissions are keyed by name, so they move with the model.
      await this.access.renameResource(s, 'registered_model', from, to);
      await s.audit.append([
        this.event(caller, 'registered_model.rename', 'registered_model', to, {
          before: { name: from },
          after: { name: to },
        }),
      ]);
      return model;
    });
  }

  async updateRegisteredModel(
    caller: Caller,
    name: string,
    description: string | undefined,
  ): Promise<RegisteredModel> {
    const model = checkModelName(name);
    const text = checkDescription(description);
    await this.check(caller, model, 'update');
    return this.uow.run(async (s) => {
      const before = await this.modelIn(s, model);
      const updated = await s.registry.updateRegisteredModel(model, text, this.stamp(caller));
      await s.audit.append([
        this.event(caller, 'registered_model.update', 'registered_model', model, {
          before: { description: before.description },
          after: { description: text },
        }),
      ]);
      return updated;
    });
  }

  /** Needs MANAGE; its versions go with it, its history stays. */
  async deleteRegisteredModel(caller: Caller, name: string): Promise<void> {
    const model = checkModelName(name);
    await this.check(caller, model, 'delete');
    await this.uow.run(async (s) => {
      const before = await this.modelIn(s, model);
      await s.registry.deleteRegisteredModel(model, this.stamp(caller));
      // A model created later under this name must not inherit these permissions.
      await this.access.forgetResource(s, 'registered_model', model);
      await s.audit.append([
        this.event(caller, 'registered_model.delete', 'registered_model', model, {
          before: {
            name: model,
            description: before.description,
            versions: before.latestVersions.map((v) => v.version),
          },
        }),
      ]);
    });
  }

  /** Only the models the caller may read. */
  async searchRegisteredModels(
    caller: Caller,
    request: SearchRequest,
  ): Promise<{ registeredModels: RegisteredModel[]; nextPageToken?: string | undefined }> {
    const filter = parseRegisteredModelFilter(request.filter);
    const orderBy = parseRegisteredModelOrderBy(request.orderBy);
    const readableBy = this.access.readableBy(caller);
    const window = resolveWindow(
      request,
      { filter, orderBy, readableBy },
      { default: LIMITS.defaultMaxResultsSearchModels, max: LIMITS.maxResultsSearchModels },
    );
    const page = await this.store.searchRegisteredModels({
      filter,
      orderBy,
      readableBy,
      ...window,
    });
    const models = await Promise.all(page.items.map((m) => this.decorateModel(m)));
    return {
      registeredModels: models,
      nextPageToken: nextToken(page.nextOffset, window.fingerprint),
    };
  }

  async setRegisteredModelTag(caller: Caller, name: string, tag: Tag): Promise<void> {
    const model = checkModelName(name);
    const checked = validateTag(tag);
    await this.check(caller, model, 'update');
    await this.uow.run(async (s) => {
      const before = (await this.modelIn(s, model)).tags.find((t) => t.key === checked.key);
      await s.registry.setRegisteredModelTag(model, checked, this.stamp(caller));
      await s.audit.append([
        this.event(caller, 'registered_model.tag.set', 'registered_model', model, {
          ...(before ? { before: { tag: before } } : {}),
          after: { tag: checked },
        }),
      ]);
    });
  }

  async deleteRegisteredModelTag(caller: Caller, name: string, key: string): Promise<void> {
    const model = checkModelName(name);
    await this.check(caller, model, 'update');
    await this.uow.run(async (s) => {
      const before = (await this.modelIn(s, model)).tags.find((t) => t.key === key);
      await s.registry.deleteRegisteredModelTag(model, key, this.stamp(caller));
      await s.audit.append([
        this.event(caller, 'registered_model.tag.delete', 'registered_model', model, {
          before: { tag: before ?? { key } },
        }),
      ]);
    });
  }

  /**
   * Needs EDIT on the model, and READ on where the files come from (a run's or logged model's
   * experiment, or the artifact path). The files' location and digest are recorded; from then on
   * they cannot change.
   */
  async createModelVersion(
    caller: Caller,
    request: CreateModelVersionRequest,
  ): Promise<ModelVersion> {
    const name = checkModelName(request.name);
    if (typeof request.source !== 'string' || request.source.length === 0) {
      throw invalidArgument("Missing value for required parameter 'source'.");
    }
    checkSource(name, request.source);
    const runLink = validateOptionalText('run_link', request.runLink, LIMITS.maxRunLinkLength);
    const description = checkDescription(request.description);
    const tags = (request.tags ?? []).map(validateTag);
    await this.check(caller, name, 'update');
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
    // MLflow 3: a `models:/<model id>` source or a model_id names a logged model that must exist,
    // and an unset run id becomes the model's source run.
    const modelId = request.modelId || undefined;
    for (const id of [loggedModelIdOfUri(request.source), modelId]) {
      if (!id) continue;
      const model = await this.loggedModels.get(id);
      if (model === undefined || model.lifecycleStage === 'deleted') {
        throw notFound(`Logged model with ID '${id}' not found.`);
      }
      await this.access.require(caller, 'experiment', model.experimentId, 'read');
      runId ||= model.sourceRunId ?? '';
    }
    if (runId) await this.runs.getInfo(caller, runId);
    const location = await this.storageLocationOf(request.source);
    if (location !== undefined) {
      checkVersionLocation(location, request.source);
      await this.requireReadable(caller, location, name);
    }
    const contentDigest =
      location === undefined ? undefined : await digestStoredFiles(this.artifacts, location);
    const created = await this.uow.run(async (s) => {
      const version = await s.registry.createModelVersion(
        {
          name,
          source: request.source,
          runId,
          runLink,
          description,
          tags,
          status: 'READY',
          // Protected from now on, even when empty: files added later would be unregistered.
          storageLocation: location,
          contentDigest,
        },
        this.stamp(caller),
      );
      if (modelId !== undefined) await s.loggedModels.linkModelVersion(version, modelId);
      await s.audit.append([
        this.versionEvent(caller, 'model_version.create', name, version.version, {
          after: { source: request.source, runId, contentDigest: contentDigest ?? null },
        }),
      ]);
      return modelId === undefined ? version : { ...version, modelId };
    });
    this.events.emit({
      type: 'model_version.created',
      name,
      version: created.version,
      source: created.source,
      runId: created.runId,
      description: created.description,
      tags: created.tags,
    });
    return created;
  }

  async getModelVersion(caller: Caller, name: string, version: string): Promise<ModelVersion> {
    await this.check(caller, checkModelName(name), 'read');
    return (await this.decorate([await this.findVersion(name, version)]))[0] as ModelVersion;
  }

  async updateModelVersion(
    caller: Caller,
    name: string,
    version: string,
    description: string | undefined,
  ): Promise<ModelVersion> {
    const model = checkModelName(name);
    const number = checkVersion(version);
    const text = checkDescription(description);
    await this.check(caller, model, 'update');
    const updated = await this.uow.run(async (s) => {
      const before = await this.versionIn(s, model, number);
      const after = await s.registry.updateModelVersion(
        model,
        number,
        { description: text },
        this.stamp(caller),
      );
      await s.audit.append([
        this.versionEvent(caller, 'model_version.update', model, number, {
          before: { description: before.description },
          after: { description: text },
        }),
      ]);
      return after;
    });
    return (await this.decorate([updated]))[0] as ModelVersion;
  }

  async transitionStage(
    caller: Caller,
    name: string,
    version: string,
    stage: string,
    archiveExisting: boolean,
  ): Promise<ModelVersion> {
    const model = checkModelName(name);
    const number = checkVersion(version);
    const target = checkStage(stage);
    await this.check(caller, model, 'update');
    const moved = await this.uow.run(async (s) => {
      const before = await this.versionIn(s, model, number);
      const after = await s.registry.transitionModelVersionStage(
        model,
        number,
        target,
        archiveExisting,
        this.stamp(caller),
      );
      await s.audit.append([
        this.versionEvent(caller, 'model_version.stage', model, number, {
          before: { stage: before.currentStage },
          after: { stage: target, archiveExistingVersions: archiveExisting },
        }),
      ]);
      return after;
    });
    return (await this.decorate([moved]))[0] as ModelVersion;
  }

  /** Needs MANAGE. */
  async deleteModelVersion(caller: Caller, name: string, version: string): Promise<void> {
    const model = checkModelName(name);
    const number = checkVersion(version);
    await this.check(caller, model, 'delete');
    await this.uow.run(async (s) => {
      const before = await this.versionIn(s, model, number);
      await s.registry.deleteModelVersion(model, number, this.stamp(caller));
      await s.audit.append([
        this.versionEvent(caller, 'model_version.delete', model, number, {
          before: {
            source: before.source,
            stage: before.currentStage,
            aliases: before.aliases,
            contentDigest: before.contentDigest ?? null,
          },
        }),
      ]);
    });
  }

  async getLatestVersions(caller: Caller, name: string, stages: string[]): Promise<ModelVersion[]> {
    await this.check(caller, checkModelName(name), 'read');
    await this.findModel(name);
    return this.decorate(await this.store.getLatestVersions(name, stages.map(checkStage)));
  }

  /** Only versions of models the caller may read. */
  async searchModelVersions(
    caller: Caller,
    request: SearchRequest,
  ): Promise<{ modelVersions: ModelVersion[]; nextPageToken?: string | undefined }> {
    const filter = parseModelVersionFilter(request.filter);
    const orderBy = parseModelVersionOrderBy(request.orderBy);
    const readableBy = this.access.readableBy(caller);
    const window = resolveWindow(
      request,
      { filter, orderBy, readableBy },
      { default: LIMITS.defaultMaxResultsSearchVersions, max: LIMITS.maxResultsSearchVersions },
    );
    const page = await this.store.searchModelVersions({ filter, orderBy, readableBy, ...window });
    return {
      modelVersions: await this.decorate(page.items),
      nextPageToken: nextToken(page.nextOffset, window.fingerprint),
    };
  }

  async setModelVersionTag(caller: Caller, name: string, version: string, tag: Tag) {
    const model = checkModelName(name);
    const number = checkVersion(version);
    const checked = validateTag(tag);
    await this.check(caller, model, 'update');
    await this.uow.run(async (s) => {
      const before = (await this.versionIn(s, model, number)).tags.find(
        (t) => t.key === checked.key,
      );
      await s.registry.setModelVersionTag(model, number, checked, this.stamp(caller));
      await s.audit.append([
        this.versionEvent(caller, 'model_version.tag.set', model, number, {
          ...(before ? { before: { tag: before } } : {}),
          after: { tag: checked },
        }),
      ]);
    });
    this.events.emit({ type: 'model_version_tag.set', name: model, version: number, tag: checked });
  }

  /** Needs MANAGE, as in MLflow's basic-auth app. */
  async deleteModelVersionTag(caller: Caller, name: string, version: string, key: string) {
    const model = checkModelName(name);
    const number = checkVersion(version);
    await this.check(caller, model, 'delete');
    await this.uow.run(async (s) => {
      const before = (await this.versionIn(s, model, number)).tags.find((t) => t.key === key);
      await s.registry.deleteModelVersionTag(model, number, key, this.stamp(caller));
      await s.audit.append([
        this.versionEvent(caller, 'model_version.tag.delete', model, number, {
          before: { tag: before ?? { key } },
        }),
      ]);
    });
    this.events.emit({ type: 'model_version_tag.deleted', name: model, version: number, key });
  }

  async setAlias(caller: Caller, name: string, alias: string, version: string): Promise<void> {
    const model = checkModelName(name);
    const checked = validateAlias(checkUnreservedAlias(alias));
    const number = checkVersion(version);
    await this.check(caller, model, 'update');
    await this.uow.run(async (s) => {
      const before = await s.registry.getVersionByAlias(model, checked);
      await s.registry.setAlias(model, checked, number, this.stamp(caller));
      await s.audit.append([
        this.event(caller, 'registered_model.alias.set', 'registered_model', model, {
          ...(before ? { before: { alias: checked, version: before.version } } : {}),
          after: { alias: checked, version: number },
        }),
      ]);
    });
    this.events.emit({
      type: 'model_version_alias.created',
      name: model,
      alias: checked,
      version: number,
    });
  }

  /**
   * Needs MANAGE, as in MLflow's basic-auth app. Deleting an alias the model does not have is a
   * no-op, as in MLflow (its store deletes the alias only if present); the model must exist.
   */
  async deleteAlias(caller: Caller, name: string, alias: string): Promise<void> {
    const model = checkModelName(name);
    await this.check(caller, model, 'delete');
    const deleted = await this.uow.run(async (s) => {
      await this.modelIn(s, model);
      const before = await s.registry.getVersionByAlias(model, alias);
      if (!before) return false;
      try {
        await s.registry.deleteAlias(model, alias, this.stamp(caller));
      } catch (err) {
        // Deleted by a concurrent request since the read above: nothing left to do.
        if (err instanceof SlipwayError && err.code === 'NOT_FOUND') return false;
        throw err;
      }
      await s.audit.append([
        this.event(caller, 'registered_model.alias.delete', 'registered_model', model, {
          before: { alias, version: before.version },
        }),
      ]);
      return true;
    });
    if (deleted) this.events.emit({ type: 'model_version_alias.deleted', name: model, alias });
  }

  async getModelVersionByAlias(caller: Caller, name: string, alias: string): Promise<ModelVersion> {
    await this.check(caller, checkModelName(name), 'read');
    return (await this.decorate([await this.findByAlias(name, alias)]))[0] as ModelVersion;
  }

  /** Resolves `models:/name/3`, `models:/name@alias`, `models:/name/latest`, `models:/name/Stage`. */
  async resolveModelUri(caller: Caller, uri: string): Promise<ModelVersion> {
    const ref = parseModelUri(uri);
    await this.check(caller, checkModelName(ref.name), 'read');
    return (await this.decorate([await this.resolveUri(uri)]))[0] as ModelVersion;
  }

  /** Where the version's files are: the source as clients should fetch it. */
  async getDownloadUri(caller: Caller, name: string, version: string): Promise<string> {
    await this.check(caller, checkModelName(name), 'read');
    return (await this.versionFiles(name, version)).uri;
  }

  /** The version's inputs and outputs, from its manifest or its ONNX file (READ on the model). */
  async getVersionSignature(
    caller: Caller,
    name: string,
    version: string,
  ): Promise<ModelVersionSignature> {
    await this.check(caller, checkModelName(name), 'read');
    const { uri } = await this.versionFiles(name, version);
    const signature = await readVersionSignature(this.artifacts, storageKeyForUri(uri));
    return { name, version, ...signature };
  }

  async history(
    caller: Caller,
    name: string,
    request: PageRequest,
  ): Promise<{ events: ModelHistoryEvent[]; nextPageToken?: string | undefined }> {
    const model = checkModelName(name);
    await this.check(caller, model, 'read');
    const window = resolveWindow(request, { history: name }, { default: 1000, max: 10000 });
    const page = await this.store.listHistory(model, window);
    return { events: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  /**
   * Stages one file of a version to be registered (`models/<name>/<uploadId>/<path>`, named
   * later by `createModelVersion`'s source). Needs EDIT; refused once a version uses the upload.
   */
  async uploadVersionFile(
    caller: Caller,
    name: string,
    uploadId: string,
    path: string,
    body: Readable,
  ): Promise<void> {
    const model = checkModelName(name);
    await this.check(caller, model, 'update');
    // Staged files belong to an existing model, so a typo in the name fails before any upload.
    await this.findModel(model);
    const { storagePath } = modelUploadLocation(model, uploadId);
    await this.artifacts.putChecked(joinArtifactPath(storagePath, path), body);
  }

  /** One file of a version (MLflow's UI `model-versions/get-artifact`). */
  async downloadVersionFile(
    caller: Caller,
    name: string,
    version: string,
    path: string,
  ): Promise<Readable> {
    await this.check(caller, checkModelName(name), 'read');
    const { uri } = await this.versionFiles(name, version);
    return this.artifacts.getChecked(joinArtifactPath(storageKeyForUri(uri), path));
  }

  // For the serving layer, which checks callers' permissions itself.

  /** The version, without a permission check. */
  async findVersion(name: string, version: string): Promise<ModelVersion> {
    const mv = await this.store.getModelVersion(checkModelName(name), checkVersion(version));
    if (!mv) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
    return mv;
  }

  /** A `models:/` URI's version, without a permission check. */
  async resolveUri(uri: string): Promise<ModelVersion> {
    const ref = parseModelUri(uri);
    switch (ref.kind) {
      case 'version':
        return this.findVersion(ref.name, ref.version);
      case 'alias':
        return this.findByAlias(ref.name, ref.alias);
      case 'latest': {
        const newest = await this.newestVersion(ref.name);
        if (!newest) throw notFound(`Registered model '${ref.name}' has no versions.`);
        return newest;
      }
      case 'stage': {
        await this.findModel(ref.name);
        const [mv] = await this.store.getLatestVersions(ref.name, [checkStage(ref.stage)]);
        if (!mv)
          throw notFound(`Registered model '${ref.name}' has no version in stage '${ref.stage}'.`);
        return mv;
      }
    }
  }

  /** Registered models, without a permission check (the inference repository index). */
  async listModels(maxResults: number): Promise<RegisteredModel[]> {
    const page = await this.store.searchRegisteredModels({
      filter: [],
      orderBy: [],
      limit: maxResults,
      offset: 0,
    });
    return page.items;
  }

  /**
   * Where a version's files are and their digest. A `models:/<model id>` source resolves to the
   * logged model's files, `runs:/` to the run's artifacts, anything else is returned as stored.
   */
  async versionFiles(name: string, version: string): Promise<VersionFilesRef> {
    const mv = await this.findVersion(name, version);
    return { uri: await this.downloadUriOf(mv.source), contentDigest: mv.contentDigest };
  }

  private async downloadUriOf(source: string): Promise<string> {
    const loggedModelId = loggedModelIdOfUri(source);
    if (loggedModelId !== undefined) {
      const model = await this.loggedModels.get(loggedModelId);
      if (model !== undefined) return model.artifactLocation;
    }
    const fromRun = /^runs:\/([^/]+)\/?(.*)$/u.exec(source);
    if (fromRun?.[1]) {
      const info = await this.runs.findInfo(fromRun[1]);
      return fromRun[2] ? `${info.artifactUri}/${fromRun[2]}` : info.artifactUri;
    }
    return source;
  }

  /** The store-relative location of a source's files, or undefined outside this server's store. */
  private async storageLocationOf(source: string): Promise<string | undefined> {
    const uri = await this.downloadUriOf(source);
    return uri.startsWith(PROXIED_ARTIFACT_ROOT) ? storageKeyForUri(uri) : undefined;
  }

  /**
   * A version may only be made of files the caller may read: a run's or logged model's files
   * need READ on their experiment; uploads must have been staged for the model being registered
   * (a name freed by a rename or delete does not hand over the old model's uploads); files that
   * already make another model's version need READ on that model; anything else is admins'.
   */
  private async requireReadable(caller: Caller, location: string, model: string): Promise<void> {
    // Admins pass every check but the one against taking another model's unregistered uploads.
    const staged = uploadModelOf(location);
    const owners = new Set(
      [
        ...(await this.store.versionsAtLocations(selfAndAncestors(location))),
        ...(await this.store.versionsUnder(location)),
      ].map((v) => v.name),
    );
    // Another model's uploads only as files it registered (read below, by its current name);
    // never its unregistered uploads, which a rename or delete may have left under a free name.
    if (staged !== undefined && staged !== model && owners.size === 0) {
      throw invalidArgument(
        `'${location}' holds files uploaded for model '${staged}', not '${model}', and no version of it; upload the files for this model.`,
      );
    }
    if (!caller.isAdmin) {
      const owner = artifactOwner(location);
      if (owner !== undefined) {
        await this.access.require(caller, owner.type, owner.id, 'read');
      } else if (staged === undefined) {
        throw new SlipwayError({
          code: 'PERMISSION_DENIED',
          message: `Permission denied: '${location}' belongs to no experiment; register files from a run, a logged model or an upload for this model.`,
        });
      }
    }
    for (const name of owners) {
      if (name !== model) await this.access.require(caller, 'registered_model', name, 'read');
    }
  }

  private async check(caller: Caller, name: string, action: AccessAction): Promise<void> {
    await this.access.require(caller, 'registered_model', name, action);
  }

  private async findModel(name: string): Promise<RegisteredModel> {
    const model = await this.store.getRegisteredModel(checkModelName(name));
    if (!model) throw notFound(`Registered Model with name=${name} not found`);
    return model;
  }

  private async modelIn(s: TransactionStores, name: string): Promise<RegisteredModel> {
    const model = await s.registry.getRegisteredModel(name);
    if (!model) throw notFound(`Registered Model with name=${name} not found`);
    return model;
  }

  private async versionIn(s: TransactionStores, name: string, version: string) {
    const mv = await s.registry.getModelVersion(name, version);
    if (!mv) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
    return mv;
  }

  /**
   * As MLflow: `latest` (any case, a reserved alias name) is the newest version; a model that is
   * missing is NOT_FOUND, an alias it does not have INVALID_ARGUMENT (MLflow's
   * INVALID_PARAMETER_VALUE, with its message).
   */
  private async findByAlias(name: string, alias: string): Promise<ModelVersion> {
    const model = checkModelName(name);
    if (alias.toLowerCase() === LATEST_ALIAS) {
      const newest = await this.newestVersion(model);
      if (!newest) throw notFound(`Latest version not found for model ${model}.`);
      return newest;
    }
    const mv = await this.store.getVersionByAlias(model, alias);
    if (mv) return mv;
    await this.findModel(model);
    throw invalidArgument(`Registered model alias ${alias} not found.`);
  }

  /** The highest-numbered version in any stage; undefined when the model has none. */
  private async newestVersion(name: string): Promise<ModelVersion | undefined> {
    await this.findModel(name);
    const all = await this.store.getLatestVersions(name, []);
    return all.reduce<ModelVersion | undefined>(
      (best, mv) => (!best || Number(mv.version) > Number(best.version) ? mv : best),
      undefined,
    );
  }

  /** MLflow 3: versions promoted from a logged model carry its id. */
  private async decorate(versions: ModelVersion[]): Promise<ModelVersion[]> {
    if (versions.length === 0) return versions;
    const ids = await this.loggedModels.modelIdsOfVersions(versions);
    if (ids.size === 0) return versions;
    return versions.map((v) => {
      const modelId = ids.get(modelVersionKey(v));
      return modelId === undefined ? v : { ...v, modelId };
    });
  }

  private async decorateModel(model: RegisteredModel): Promise<RegisteredModel> {
    if (model.latestVersions.length === 0) return model;
    return { ...model, latestVersions: await this.decorate(model.latestVersions) };
  }

  private stamp(caller: Caller) {
    return { actor: caller.username, time: this.clock.now() };
  }

  private event(
    caller: Caller,
    action: string,
    type: 'registered_model',
    id: string,
    change: AuditChange,
  ) {
    return auditRecord(caller, this.clock.now(), action, type, id, change);
  }

  private versionEvent(
    caller: Caller,
    action: string,
    name: string,
    version: string,
    change: AuditChange,
  ) {
    return auditRecord(
      caller,
      this.clock.now(),
      action,
      'model_version',
      `${name}/${version}`,
      change,
    );
  }
}

/** The alias name MLflow reserves for the newest version. */
const LATEST_ALIAS = 'latest';

/** MLflow refuses to set `latest` and version-like aliases (`v1`), with these messages. */
function checkUnreservedAlias(alias: string): string {
  if (alias.toLowerCase() === LATEST_ALIAS) {
    throw invalidArgument(`'latest' alias name (case insensitive) is reserved.`);
  }
  if (/^[vV]\d+$/u.test(alias)) {
    throw invalidArgument(`Version alias name '${alias}' is reserved.`);
  }
  return alias;
}

/**
 * MLflow's column for a version's source holds 500 characters. The server's own upload location
 * for the model (`mlflow-artifacts:/models/<encoded name>/<upload id>`) is exempt: its length
 * follows from the model name's limit, and percent-encoding a long non-ASCII name exceeds 500.
 */
function checkSource(name: string, source: string): void {
  if (source.length <= LIMITS.maxSourceLength) {
    validateText('source', source, LIMITS.maxSourceLength);
    return;
  }
  const longestUpload = modelUploadLocation(name, 'u'.repeat(64)).source.length;
  const path = source.slice(`${PROXIED_ARTIFACT_ROOT}/`.length);
  const ownUpload =
    source.startsWith(`${PROXIED_ARTIFACT_ROOT}/models/`) && uploadModelOf(path) === name;
  validateText('source', source, ownUpload ? longestUpload : LIMITS.maxSourceLength);
}

/**
 * A version's files become immutable once registered, so its source must name the files of one
 * model: a run's (or logged model's) artifact path or one upload, never the store root, a whole
 * experiment or all of a model's uploads, which would freeze everything below them.
 */
function checkVersionLocation(location: string, source: string): void {
  const segments = location === '' ? [] : location.split('/');
  // An upload is models/<name>/<upload id>; elsewhere two levels are one run's files.
  const needed = uploadModelOf(location) !== undefined ? 3 : 2;
  const deepEnough = segments.length >= needed;
  if (!deepEnough) {
    throw invalidArgument(
      `Source '${source}' names ${location === '' ? 'the whole artifact store' : `'${location}'`}, not one model's files: register a run's artifact path (runs:/<run id>/model), a logged model (models:/<model id>) or an upload (mlflow-artifacts:/models/<name>/<upload id>).`,
    );
  }
}
