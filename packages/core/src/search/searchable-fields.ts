/**
 * Canonical attribute names per searchable entity. Parsers normalise aliases to these (MLflow accepts
 * `created` for `start_time`, `version_number` for `version`, ...); SQL compilers map these to columns.
 */
export const RUN_STRING_ATTRIBUTES = [
  'run_id',
  'run_name',
  'status',
  'user_id',
  'artifact_uri',
  'lifecycle_stage',
] as const;
export const RUN_NUMERIC_ATTRIBUTES = ['start_time', 'end_time'] as const;
export const RUN_DATASET_KEYS = ['name', 'digest', 'context'] as const;

export const EXPERIMENT_STRING_ATTRIBUTES = ['name', 'experiment_id', 'lifecycle_stage'] as const;
export const EXPERIMENT_NUMERIC_ATTRIBUTES = ['creation_time', 'last_update_time'] as const;

export const REGISTERED_MODEL_STRING_ATTRIBUTES = ['name', 'description'] as const;
export const REGISTERED_MODEL_NUMERIC_ATTRIBUTES = [
  'creation_timestamp',
  'last_updated_timestamp',
] as const;

export const MODEL_VERSION_STRING_ATTRIBUTES = [
  'name',
  'run_id',
  'source',
  'current_stage',
  'status',
  'user_id',
  'description',
] as const;
export const MODEL_VERSION_NUMERIC_ATTRIBUTES = [
  'version',
  'creation_timestamp',
  'last_updated_timestamp',
] as const;
