import type { LifecycleStage, Page, Tag } from '../domain/common.js';
import type { DatasetInput, Metric, Param, Run, RunInfo, RunStatus } from '../domain/run.js';
import type { RunDatasetLink } from '../lineage/lineage-links.js';
import type { MetricStepStore } from './metric-step-store.js';
import type { RunSearchQuery } from './queries.js';

export interface CreateRunInput {
  runId: string;
  experimentId: string;
  userId: string;
  runName: string;
  status: RunStatus;
  startTime: number;
  artifactUri: string;
  tags: Tag[];
}

export interface RunPatch {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
  lifecycleStage?: LifecycleStage;
  deletedTime?: number | null;
}

export interface LogBatchInput {
  metrics: Metric[];
  params: Param[];
  tags: Tag[];
}

export interface LogBatchOptions {
  /**
   * Write nothing and fail (runNotActive) unless the run is active, checked by the write itself
   * rather than by a read before it.
   */
  activeOnly?: boolean;
}

/** A dataset used by runs of an experiment, with the context it was used in (MLflow's SearchDatasets). */
export interface DatasetSummary {
  experimentId: string;
  name: string;
  digest: string;
  /** The `mlflow.data.context` tag of an input that used it ("training", "eval"...), if any. */
  context?: string | undefined;
}

/** The distinct param, metric and tag keys of some runs, each list sorted by code unit. */
export interface RunKeys {
  params: string[];
  metrics: string[];
  tags: string[];
}

/**
 * Runs with their params, tags, metric history and dataset inputs.
 *
 * `logBatch` is atomic: either every metric, param and tag is written or none is. A param that
 * already exists with a different value fails the whole batch with INVALID_ARGUMENT (the same value
 * is accepted). The latest value per metric key is maintained for search (MLflow's ordering:
 * step, then timestamp, then value; NaN sorts highest).
 */
export interface RunStore extends MetricStepStore {
  create(input: CreateRunInput): Promise<Run>;
  get(runId: string): Promise<Run | undefined>;
  getInfo(runId: string): Promise<RunInfo | undefined>;
  /** NOT_FOUND if missing. Setting runName also sets the `mlflow.runName` tag. */
  update(runId: string, patch: RunPatch): Promise<RunInfo>;
  logBatch(runId: string, batch: LogBatchInput, options?: LogBatchOptions): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  logInputs(runId: string, inputs: DatasetInput[]): Promise<void>;
  /**
   * The distinct (experiment, dataset name, digest, context) of the datasets runs in these
   * experiments used, at most `limit`, ordered by experiment, name, digest, then context (none
   * first). Unknown experiment ids match nothing.
   */
  searchDatasets(experimentIds: string[], limit: number): Promise<DatasetSummary[]>;
  /**
   * Lineage: the dataset inputs of these runs, and the inputs whose dataset source is one of
   * `sources` (either list may be empty), ordered by run id, then source.
   */
  datasetLinks(query: {
    runIds?: readonly string[];
    sources?: readonly string[];
  }): Promise<RunDatasetLink[]>;
  /** Full history of one metric key ordered by step, timestamp. */
  getMetricHistory(
    runId: string,
    key: string,
    window: { offset: number; limit: number },
  ): Promise<Page<Metric>>;
  search(query: RunSearchQuery): Promise<Page<Run>>;
  /**
   * The keys logged to the experiment's runs in these lifecycle stages (tables' column choices);
   * an unknown experiment has none.
   */
  experimentKeys(experimentId: string, stages: readonly LifecycleStage[]): Promise<RunKeys>;
  /** Runs deleted before `olderThan` (ms) for garbage collection. */
  listDeletedRunIds(olderThan: number): Promise<string[]>;
}
