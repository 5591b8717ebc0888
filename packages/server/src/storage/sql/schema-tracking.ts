import type { Generated } from 'kysely';
import type { LifecycleStage, RunStatus } from '@slipway/core';

/**
 * Row shapes of the experiment-tracking tables (migration 0001). Times and steps are BIGINT
 * milliseconds/steps read back as JS numbers; metric values are doubles with an `is_nan` flag
 * because SQLite stores NaN as NULL.
 */
export interface ExperimentsTable {
  /** Integer identity; "0" is the Default experiment. Exposed as a decimal string. */
  experiment_id: Generated<number>;
  name: string;
  artifact_location: string;
  lifecycle_stage: LifecycleStage;
  creation_time: number;
  last_update_time: number;
}

export interface ExperimentTagsTable {
  experiment_id: number;
  key: string;
  value: string;
}

export interface RunsTable {
  run_id: string;
  name: string;
  experiment_id: number;
  user_id: string;
  status: RunStatus;
  start_time: number;
  end_time: number | null;
  artifact_uri: string;
  lifecycle_stage: LifecycleStage;
  deleted_time: number | null;
}

export interface ParamsTable {
  run_id: string;
  key: string;
  value: string;
}

export interface RunTagsTable {
  run_id: string;
  key: string;
  value: string;
}

/** One metric point. `value` is 0 when `is_nan` is 1 (SQLite cannot store NaN). */
export interface MetricsTable {
  run_id: string;
  key: string;
  value: number;
  timestamp: number;
  step: number;
  is_nan: number;
}

/** The latest point per (run, key) under MLflow's ordering, kept for search and run reads. */
export type LatestMetricsTable = MetricsTable;

export interface DatasetsTable {
  dataset_uuid: string;
  experiment_id: number;
  name: string;
  digest: string;
  dataset_source_type: string;
  dataset_source: string;
  dataset_schema: string | null;
  dataset_profile: string | null;
}

export interface RunInputsTable {
  input_uuid: string;
  dataset_uuid: string;
  run_id: string;
}

export interface InputTagsTable {
  input_uuid: string;
  name: string;
  value: string;
}

/** Tables of experiment tracking (experiments, runs, params, tags, metrics, dataset inputs). */
export interface TrackingTables {
  experiments: ExperimentsTable;
  experiment_tags: ExperimentTagsTable;
  runs: RunsTable;
  params: ParamsTable;
  run_tags: RunTagsTable;
  metrics: MetricsTable;
  latest_metrics: LatestMetricsTable;
  datasets: DatasetsTable;
  run_inputs: RunInputsTable;
  input_tags: InputTagsTable;
}
