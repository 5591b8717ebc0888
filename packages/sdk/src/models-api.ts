import { SlipwayError, modelUploadLocation, nativeRoutes as r } from '@slipway/core';
import type {
  ModelHistoryEvent,
  ModelVersion,
  ModelVersionSignature,
  ModelVersionStage,
  RegisteredModel,
  Tag,
} from '@slipway/core';
import type { PageOptions } from './runs-api.js';
import type { Transport, UploadBody } from './transport.js';

export interface SearchOptions extends PageOptions {
  /** MLflow search syntax, e.g. `name LIKE 'fraud%'` or `tags.env = 'prod'`. */
  filter?: string;
  orderBy?: string[];
}

export interface CreateVersionOptions {
  /** `runs:/<runId>/<path>`, or the `source` of an upload (see `createVersionFromFiles`). */
  source: string;
  runId?: string;
  runLink?: string;
  description?: string;
  tags?: Tag[];
}

/** One file of a model directory to upload. */
export interface ModelFile {
  /** '/'-separated path inside the model directory, e.g. `model.onnx` or `extra/vocab.txt`. */
  path: string;
  body: UploadBody;
}

export type FileSource = Iterable<ModelFile> | AsyncIterable<ModelFile>;

export interface CreateVersionFromFilesOptions extends Omit<CreateVersionOptions, 'source'> {
  /** Called after each file is stored, e.g. to print progress. */
  onFileUploaded?: (file: { path: string; index: number }) => void;
}

/**
 * The model registry: registered models, their versions, aliases and audit history.
 *
 * @example
 * ```ts
 * await client.models.create({ name: 'fraud' });
 * const v = await client.models.createVersion('fraud', { source: `runs:/${runId}/model` });
 * await client.models.setAlias('fraud', 'champion', v.version);
 * const champion = await client.models.resolve('models:/fraud@champion');
 * ```
 */
export class ModelsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates a registered model; ALREADY_EXISTS if the name is taken.
   *
   * @example
   * ```ts
   * await client.models.create({ name: 'fraud', description: 'Card fraud scorer' });
   * ```
   */
  async create(options: {
    name: string;
    description?: string;
    tags?: Tag[];
  }): Promise<RegisteredModel> {
    return (await this.transport.call(r.createRegisteredModel, { body: options })).registeredModel;
  }

  /**
   * Gets a registered model with its latest version per stage, tags and aliases.
   *
   * @example
   * ```ts
   * const model = await client.models.get('fraud');
   * ```
   */
  async get(name: string): Promise<RegisteredModel> {
    return (await this.transport.call(r.getRegisteredModel, { params: { name } })).registeredModel;
  }

  /**
   * One page of registered models.
   *
   * @example
   * ```ts
   * const { registeredModels } = await client.models.search({ filter: "name LIKE 'fraud%'" });
   * ```
   */
  async search(
    options: SearchOptions = {},
  ): Promise<{ registeredModels: RegisteredModel[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.searchRegisteredModels, { query: { ...options } });
  }

  /**
   * Renames a registered model (its versions follow).
   *
   * @example
   * ```ts
   * await client.models.rename('fraud', 'fraud-scorer');
   * ```
   */
  async rename(name: string, newName: string): Promise<RegisteredModel> {
    const res = await this.transport.call(r.updateRegisteredModel, {
      params: { name },
      body: { name: newName },
    });
    return res.registeredModel;
  }

  /**
   * Replaces the description of a registered model.
   *
   * @example
   * ```ts
   * await client.models.updateDescription('fraud', 'Scores card transactions');
   * ```
   */
  async updateDescription(name: string, description: string): Promise<RegisteredModel> {
    const res = await this.transport.call(r.updateRegisteredModel, {
      params: { name },
      body: { description },
    });
    return res.registeredModel;
  }

  /**
   * Deletes a registered model and all its versions; its history is kept.
   *
   * @example
   * ```ts
   * await client.models.delete('fraud');
   * ```
   */
  async delete(name: string): Promise<void> {
    await this.transport.call(r.deleteRegisteredModel, { params: { name } });
  }

  /**
   * Sets a tag on a registered model.
   *
   * @example
   * ```ts
   * await client.models.setTag('fraud', 'owner', 'risk-team');
   * ```
   */
  async setTag(name: string, key: string, value: string): Promise<void> {
    await this.transport.call(r.setRegisteredModelTag, { params: { name, key }, body: { value } });
  }

  /**
   * Deletes a tag of a registered model.
   *
   * @example
   * ```ts
   * await client.models.deleteTag('fraud', 'owner');
   * ```
   */
  async deleteTag(name: string, key: string): Promise<void> {
    await this.transport.call(r.deleteRegisteredModelTag, { params: { name, key } });
  }

  /**
   * Registers a new version from files that already exist, e.g. a run's artifacts.
   *
   * @example
   * ```ts
   * const v = await client.models.createVersion('fraud', { source: `runs:/${runId}/model` });
   * ```
   */
  async createVersion(name: string, options: CreateVersionOptions): Promise<ModelVersion> {
    const res = await this.transport.call(r.createModelVersion, {
      params: { name },
      body: options,
    });
    return res.modelVersion;
  }

  /**
   * Uploads a model directory file by file to a fresh staging location, then registers a version
   * whose source is that location. Nothing is registered if an upload fails.
   *
   * @example
   * ```ts
   * const v = await client.models.createVersionFromFiles('fraud', [
   *   { path: 'model.onnx', body: onnxBytes },
   *   { path: 'slipway-model.json', body: JSON.stringify(manifest) },
   * ]);
   * ```
   */
  async createVersionFromFiles(
    name: string,
    files: FileSource,
    options: CreateVersionFromFilesOptions = {},
  ): Promise<ModelVersion> {
    const { onFileUploaded, ...rest } = options;
    const uploadId = newUploadId();
    let index = 0;
    for await (const file of files) {
      await this.transport.upload(
        r.uploadModelFile,
        { name, uploadId, path: file.path },
        file.body,
      );
      onFileUploaded?.({ path: file.path, index });
      index += 1;
    }
    if (index === 0) {
      throw new SlipwayError({
        code: 'INVALID_ARGUMENT',
        message: 'A model version needs at least one file; none were given.',
      });
    }
    return this.createVersion(name, {
      ...rest,
      source: modelUploadLocation(name, uploadId).source,
    });
  }

  /**
   * Gets one version.
   *
   * @example
   * ```ts
   * const v = await client.models.getVersion('fraud', '3');
   * ```
   */
  async getVersion(name: string, version: string): Promise<ModelVersion> {
    const res = await this.transport.call(r.getModelVersion, { params: { name, version } });
    return res.modelVersion;
  }

  /**
   * Replaces the description of a version.
   *
   * @example
   * ```ts
   * await client.models.updateVersion('fraud', '3', { description: 'retrained on May data' });
   * ```
   */
  async updateVersion(
    name: string,
    version: string,
    options: { description: string },
  ): Promise<ModelVersion> {
    const res = await this.transport.call(r.updateModelVersion, {
      params: { name, version },
      body: options,
    });
    return res.modelVersion;
  }

  /**
   * Deletes one version.
   *
   * @example
   * ```ts
   * await client.models.deleteVersion('fraud', '1');
   * ```
   */
  async deleteVersion(name: string, version: string): Promise<void> {
    await this.transport.call(r.deleteModelVersion, { params: { name, version } });
  }

  /**
   * The versions of one model, optionally filtered further.
   *
   * @example
   * ```ts
   * const { modelVersions } = await client.models.listVersions('fraud', { orderBy: ['version_number DESC'] });
   * ```
   */
  async listVersions(
    name: string,
    options: SearchOptions = {},
  ): Promise<{ modelVersions: ModelVersion[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.listModelVersions, { params: { name }, query: { ...options } });
  }

  /**
   * Versions across all models.
   *
   * @example
   * ```ts
   * const { modelVersions } = await client.models.searchVersions({ filter: `run_id = '${runId}'` });
   * ```
   */
  async searchVersions(
    options: SearchOptions = {},
  ): Promise<{ modelVersions: ModelVersion[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.searchModelVersions, { query: { ...options } });
  }

  /**
   * Moves a version to a stage; with `archiveExistingVersions`, others in that stage are archived.
   *
   * @example
   * ```ts
   * await client.models.transitionStage('fraud', '3', 'Production', { archiveExistingVersions: true });
   * ```
   */
  async transitionStage(
    name: string,
    version: string,
    stage: ModelVersionStage,
    options: { archiveExistingVersions?: boolean } = {},
  ): Promise<ModelVersion> {
    const res = await this.transport.call(r.transitionModelVersionStage, {
      params: { name, version },
      body: { stage, ...options },
    });
    return res.modelVersion;
  }

  /**
   * Sets a tag on a version.
   *
   * @example
   * ```ts
   * await client.models.setVersionTag('fraud', '3', 'validated', 'true');
   * ```
   */
  async setVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.transport.call(r.setModelVersionTag, {
      params: { name, version, key },
      body: { value },
    });
  }

  /**
   * Deletes a tag of a version.
   *
   * @example
   * ```ts
   * await client.models.deleteVersionTag('fraud', '3', 'validated');
   * ```
   */
  async deleteVersionTag(name: string, version: string, key: string): Promise<void> {
    await this.transport.call(r.deleteModelVersionTag, { params: { name, version, key } });
  }

  /**
   * Where a version's files are (a run's `runs:/` source resolves to the run's artifact URI).
   *
   * @example
   * ```ts
   * const uri = await client.models.getDownloadUri('fraud', '3');
   * ```
   */
  async getDownloadUri(name: string, version: string): Promise<string> {
    const res = await this.transport.call(r.getModelVersionDownloadUri, {
      params: { name, version },
    });
    return res.artifactUri;
  }

  /**
   * A version's inputs and outputs (names, datatypes, shapes, and column names where recorded),
   * from its `slipway-model.json`, or from its single `.onnx` file when it has no manifest.
   *
   * @example
   * ```ts
   * const { inputs, outputs } = await client.models.getVersionSignature('fraud', '3');
   * ```
   */
  async getVersionSignature(name: string, version: string): Promise<ModelVersionSignature> {
    return this.transport.call(r.getModelVersionSignature, { params: { name, version } });
  }

  /**
   * Points an alias at a version, moving it if it pointed elsewhere.
   *
   * @example
   * ```ts
   * await client.models.setAlias('fraud', 'champion', '3');
   * ```
   */
  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.transport.call(r.setModelAlias, { params: { name, alias }, body: { version } });
  }

  /**
   * Deletes an alias.
   *
   * @example
   * ```ts
   * await client.models.deleteAlias('fraud', 'champion');
   * ```
   */
  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.transport.call(r.deleteModelAlias, { params: { name, alias } });
  }

  /**
   * The version an alias points at.
   *
   * @example
   * ```ts
   * const champion = await client.models.getVersionByAlias('fraud', 'champion');
   * ```
   */
  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    const res = await this.transport.call(r.getModelVersionByAlias, { params: { name, alias } });
    return res.modelVersion;
  }

  /**
   * Resolves `models:/name@alias`, `models:/name/3`, `models:/name/latest` or `models:/name/Stage`.
   *
   * @example
   * ```ts
   * const v = await client.models.resolve('models:/fraud@champion');
   * ```
   */
  async resolve(uri: string): Promise<ModelVersion> {
    return (await this.transport.call(r.resolveModelUri, { query: { uri } })).modelVersion;
  }

  /**
   * The audit history of a model (who changed what, when), oldest first.
   *
   * @example
   * ```ts
   * const { events } = await client.models.history('fraud');
   * ```
   */
  async history(
    name: string,
    options: PageOptions = {},
  ): Promise<{ events: ModelHistoryEvent[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.getModelHistory, { params: { name }, query: { ...options } });
  }
}

/**
 * 128 random bits as hex. getRandomValues rather than randomUUID, which browsers only offer on
 * secure (https) pages.
 */
function newUploadId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
