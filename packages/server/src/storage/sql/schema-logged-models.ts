import type { LifecycleStage, LoggedModelStatus } from '@slipway/core';

/**
 * Row shapes of MLflow 3 logged models (migration 0005). Times are BIGINT milliseconds; metric
 * values are doubles with an `is_nan` flag because SQLite stores NaN as NULL.
 */
export interface LoggedModelsTable {
  /** `m-` and 32 hex digits. */
  model_id: string;
  experiment_id: number;
  name: string;
  artifact_location: string;
  creation_time: number;
  last_updated_time: number;
  status: LoggedModelStatus;
  status_message: string | null;
  lifecycle_stage: LifecycleStage;
  model_type: string | null;
  /** Not a foreign key: the model outlives a garbage-collected source run, as in MLflow. */
  source_run_id: string | null;
}

export interface LoggedModelTagsTable {
  model_id: string;
  key: string;
  value: string;
}

export type LoggedModelParamsTable = LoggedModelTagsTable;

/**
 * One metric point linked to a model. An absent dataset is stored as '' (not NULL) so the point,
 * dataset included, can be the primary key and logging the same point twice is a no-op.
 */
export interface LoggedModelMetricsTable {
  model_id: string;
  key: string;
  value: number;
  is_nan: number;
  timestamp: number;
  step: number;
  run_id: string;
  dataset_name: string;
  dataset_digest: string;
}

/** A run's model outputs (MLflow's RunOutputs.model_outputs). */
export interface LoggedModelOutputsTable {
  run_id: string;
  model_id: string;
  step: number;
}

/**
 * Registry versions created from a logged model (ModelVersion.model_id). Keyed like
 * model_versions (registered model surrogate id, version) so renames and deletions follow.
 */
export interface LoggedModelVersionsTable {
  registered_model_id: number;
  version: number;
  model_id: string;
}

/** Tables of MLflow 3 logged models. */
export interface LoggedModelTables {
  logged_models: LoggedModelsTable;
  logged_model_tags: LoggedModelTagsTable;
  logged_model_params: LoggedModelParamsTable;
  logged_model_metrics: LoggedModelMetricsTable;
  logged_model_outputs: LoggedModelOutputsTable;
  logged_model_versions: LoggedModelVersionsTable;
}
