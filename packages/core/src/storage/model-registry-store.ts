import type { Audit, Page, Tag } from '../domain/common.js';
import type {
  ModelHistoryEvent,
  ModelVersion,
  ModelVersionStage,
  ModelVersionStatus,
  RegisteredModel,
} from '../domain/model-registry.js';
import type { ModelVersionSearchQuery, RegisteredModelSearchQuery } from './queries.js';

export interface CreateRegisteredModelInput {
  name: string;
  description: string;
  tags: Tag[];
}

export interface CreateModelVersionInput {
  name: string;
  source: string;
  runId: string;
  runLink: string;
  description: string;
  tags: Tag[];
  status: ModelVersionStatus;
  /** Store-relative location of the version's files in the artifact store, when they are there. */
  storageLocation?: string | undefined;
  contentDigest?: string | undefined;
}

/** A version whose files lie at a storage location. */
export interface VersionAtLocation {
  name: string;
  version: string;
  storageLocation: string;
}

export interface ModelVersionPatch {
  description?: string;
  status?: ModelVersionStatus;
  statusMessage?: string;
}

/**
 * Registered models, versions, tags and aliases. Every mutating method takes an `Audit` and writes a
 * `ModelHistoryEvent` in the same transaction as the change, so the history is never out of step.
 * Unknown names/versions -> NOT_FOUND; duplicates -> ALREADY_EXISTS.
 */
export interface ModelRegistryStore {
  createRegisteredModel(input: CreateRegisteredModelInput, audit: Audit): Promise<RegisteredModel>;
  getRegisteredModel(name: string): Promise<RegisteredModel | undefined>;
  renameRegisteredModel(name: string, newName: string, audit: Audit): Promise<RegisteredModel>;
  updateRegisteredModel(name: string, description: string, audit: Audit): Promise<RegisteredModel>;
  /** Deletes the model, its versions, tags and aliases; the history is kept. */
  deleteRegisteredModel(name: string, audit: Audit): Promise<void>;
  searchRegisteredModels(query: RegisteredModelSearchQuery): Promise<Page<RegisteredModel>>;
  setRegisteredModelTag(name: string, tag: Tag, audit: Audit): Promise<void>;
  deleteRegisteredModelTag(name: string, key: string, audit: Audit): Promise<void>;

  /** Allocates the next version number atomically (max + 1, never reused within a model). */
  createModelVersion(input: CreateModelVersionInput, audit: Audit): Promise<ModelVersion>;
  getModelVersion(name: string, version: string): Promise<ModelVersion | undefined>;
  updateModelVersion(
    name: string,
    version: string,
    patch: ModelVersionPatch,
    audit: Audit,
  ): Promise<ModelVersion>;
  /** With `archiveExisting`, other versions in `stage` (Staging/Production) move to Archived. */
  transitionModelVersionStage(
    name: string,
    version: string,
    stage: ModelVersionStage,
    archiveExisting: boolean,
    audit: Audit,
  ): Promise<ModelVersion>;
  deleteModelVersion(name: string, version: string, audit: Audit): Promise<void>;
  searchModelVersions(query: ModelVersionSearchQuery): Promise<Page<ModelVersion>>;
  /** Latest version per stage; all stages when `stages` is empty. */
  getLatestVersions(name: string, stages: ModelVersionStage[]): Promise<ModelVersion[]>;
  setModelVersionTag(name: string, version: string, tag: Tag, audit: Audit): Promise<void>;
  deleteModelVersionTag(name: string, version: string, key: string, audit: Audit): Promise<void>;

  /** Points `alias` at `version` (moving it if set elsewhere). */
  setAlias(name: string, alias: string, version: string, audit: Audit): Promise<void>;
  deleteAlias(name: string, alias: string, audit: Audit): Promise<void>;
  getVersionByAlias(name: string, alias: string): Promise<ModelVersion | undefined>;

  /** Versions whose storage location is one of `locations`. */
  versionsAtLocations(locations: readonly string[]): Promise<VersionAtLocation[]>;
  /** Versions whose storage location is `prefix` or below it ('' : every located version). */
  versionsUnder(prefix: string): Promise<VersionAtLocation[]>;

  /** Oldest first. */
  listHistory(
    name: string,
    window: { offset: number; limit: number },
  ): Promise<Page<ModelHistoryEvent>>;
}
