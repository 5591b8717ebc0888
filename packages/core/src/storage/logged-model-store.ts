import type { Page, Tag } from '../domain/common.js';
import type {
  LoggedModel,
  LoggedModelMetric,
  LoggedModelStatus,
  ModelOutput,
} from '../domain/logged-model.js';
import type { Param } from '../domain/run.js';
import type { Filter, OrderByClause } from '../search/filter-ast.js';
import type { SearchWindow } from './queries.js';

export interface CreateLoggedModelInput {
  modelId: string;
  experimentId: string;
  name: string;
  artifactLocation: string;
  status: LoggedModelStatus;
  creationTimestamp: number;
  modelType?: string | undefined;
  sourceRunId?: string | undefined;
  tags: Tag[];
  params: Param[];
}

/** A dataset that metric filters and metric orderings are restricted to. */
export interface LoggedModelDatasetFilter {
  datasetName: string;
  datasetDigest?: string | undefined;
}

/** An order_by entry; `datasetName`/`datasetDigest` narrow which points of a metric count. */
export interface LoggedModelOrderBy extends OrderByClause {
  datasetName?: string | undefined;
  datasetDigest?: string | undefined;
}

export interface LoggedModelSearchQuery extends SearchWindow {
  experimentIds: string[];
  filter: Filter;
  datasets: LoggedModelDatasetFilter[];
  orderBy: LoggedModelOrderBy[];
}

/** A (registered model name, version) pair. */
export interface ModelVersionRef {
  name: string;
  version: string;
}

/**
 * Logged models with their tags, params and linked metrics; the runs that output them; and the
 * registry versions promoted from them. Unknown model ids -> NOT_FOUND. Deletion is soft: `get`
 * still returns a deleted model (with lifecycleStage 'deleted'), `search` never does.
 */
export interface LoggedModelStore {
  /** NOT_FOUND if the experiment does not exist; ALREADY_EXISTS on a duplicate model id. */
  create(input: CreateLoggedModelInput): Promise<LoggedModel>;
  get(modelId: string): Promise<LoggedModel | undefined>;
  /** Which of `modelIds` name a stored model (deleted ones included); reads no children. */
  existingIds(modelIds: string[]): Promise<Set<string>>;
  /** Sets the status and the last-updated time. */
  finalize(modelId: string, status: LoggedModelStatus, time: number): Promise<LoggedModel>;
  /** Marks the model deleted (kept for lineage); deleting a deleted model is a no-op. */
  delete(modelId: string, time: number): Promise<void>;
  /** Upserts: an existing key takes the new value. */
  setTags(modelId: string, tags: Tag[]): Promise<void>;
  /** NOT_FOUND if the model has no tag `key`. */
  deleteTag(modelId: string, key: string): Promise<void>;
  /**
   * Atomic. Re-logging a param with the same value is a no-op; a different value fails the whole
   * call with INVALID_ARGUMENT.
   */
  logParams(modelId: string, params: Param[]): Promise<void>;
  /**
   * Links metric points to models. Logging the very same point twice is a no-op. NOT_FOUND if a
   * model or the run does not exist. Atomic.
   */
  logMetrics(metrics: LoggedModelMetric[]): Promise<void>;
  search(query: LoggedModelSearchQuery): Promise<Page<LoggedModel>>;

  /** Records models as outputs of a run (idempotent per run, model and step). NOT_FOUND if absent. */
  logOutputs(runId: string, outputs: ModelOutput[]): Promise<void>;
  /** Outputs per run id (runs without outputs are absent from the map). */
  listOutputs(runIds: string[]): Promise<Map<string, ModelOutput[]>>;

  /** Records that a registry version was created from a logged model. NOT_FOUND if absent. */
  linkModelVersion(version: ModelVersionRef, modelId: string): Promise<void>;
  /** The logged model id of each version that has one, keyed by `modelVersionKey`. */
  modelIdsOfVersions(versions: ModelVersionRef[]): Promise<Map<string, string>>;
}

/** The key `modelIdsOfVersions` uses for a version. */
export function modelVersionKey(version: ModelVersionRef): string {
  return `${version.name}\u0000${version.version}`;
}
