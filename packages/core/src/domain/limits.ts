/** MLflow's server-side limits; clients rely on them being enforced identically. */
export const LIMITS = {
  maxKeyLength: 250,
  /** mlflow/utils/validation.py MAX_PARAM_VAL_LENGTH; longer values are truncated, as MLflow does. */
  maxParamValueLength: 6000,
  /** MAX_TAG_VAL_LENGTH: run tags are truncated to it, other tags refused over it. */
  maxTagValueLength: 8000,
  maxExperimentNameLength: 500,
  maxRunNameLength: 250,
  maxModelNameLength: 250,
  maxDescriptionLength: 5000,
  /** MLFLOW_ARTIFACT_LOCATION_MAX_LENGTH's default (mlflow/environment_variables.py). */
  maxArtifactLocationLength: 2048,
  /** MLflow's schema: runs.user_id is String(256). */
  maxUserIdLength: 256,
  /** MLflow's schema: model_versions.source is String(500). */
  maxSourceLength: 500,
  /** MLflow's schema: model_versions.run_link is String(500). */
  maxRunLinkLength: 500,
  /**
   * Deepest nesting of objects and arrays in request JSON (protobuf's JSON parser, which MLflow's
   * server uses, stops at 100 too). Deep enough for any tensor or label; shallow enough that no
   * recursive walk of a request (validation, serialisation, tensor flattening) can exhaust the stack.
   */
  maxJsonDepth: 100,
  /**
   * Search. MLflow has no such limits; SQL engines do, and past them a search failed with 500.
   * Measured through the MLflow API: on SQLite a run search fails past 63 joined tables (each
   * metric/param/tag condition and each such order key joins one: 63 conditions worked, 64 failed;
   * 43 conditions with 20 order keys worked, 45 with 20 failed) and near 1,000 AND-ed conditions of
   * any kind (its expression depth); each IN value is a bound parameter, and SQLite failed at
   * 32,766 in one statement, PostgreSQL at 65,535. Conditions and order keys together stay at 60.
   */
  search: { maxFilterClauses: 40, maxOrderByKeys: 20, maxInListItems: 10_000 },
  logBatch: { maxMetrics: 1000, maxParams: 100, maxTags: 100, maxEntries: 1000 },
  maxResultsSearchRuns: 50000,
  maxResultsSearchExperiments: 50000,
  maxResultsSearchModels: 1000,
  maxResultsSearchVersions: 200000,
  maxResultsMetricHistory: 25000,
  defaultMaxResultsSearchRuns: 1000,
  defaultMaxResultsSearchExperiments: 1000,
  defaultMaxResultsSearchModels: 100,
  defaultMaxResultsSearchVersions: 10000,
} as const;
