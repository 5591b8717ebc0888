import type { LifecycleStage, Tag } from './common.js';
import type { Param } from './run.js';

/**
 * MLflow 3's LoggedModelStatus, by its protobuf names. A model starts PENDING while its files are
 * uploaded and is finalized READY or UPLOAD_FAILED.
 */
export type LoggedModelStatus =
  'LOGGED_MODEL_PENDING' | 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED';

export const LOGGED_MODEL_STATUSES: readonly LoggedModelStatus[] = [
  'LOGGED_MODEL_PENDING',
  'LOGGED_MODEL_READY',
  'LOGGED_MODEL_UPLOAD_FAILED',
];

/** The statuses a model may be finalized to (FinalizeLoggedModel). */
export const FINAL_LOGGED_MODEL_STATUSES: readonly LoggedModelStatus[] = [
  'LOGGED_MODEL_READY',
  'LOGGED_MODEL_UPLOAD_FAILED',
];

/** MLflow 3 model ids: `m-` and 32 hex digits (a UUID without dashes). */
export const LOGGED_MODEL_ID_PATTERN = /^m-[0-9a-f]{32}$/u;

/** One metric point linked to a logged model, logged by a run, optionally on a dataset. */
export interface LoggedModelMetric {
  key: string;
  /** NaN and ±Infinity are legal and round-trip. */
  value: number;
  timestamp: number;
  step: number;
  modelId: string;
  runId: string;
  datasetName?: string | undefined;
  datasetDigest?: string | undefined;
}

/** A model as a first-class tracking entity (MLflow 3's LoggedModel). */
export interface LoggedModel {
  modelId: string;
  experimentId: string;
  name: string;
  /** Where the model's files live, e.g. `mlflow-artifacts:/1/models/m-.../artifacts`. */
  artifactLocation: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  status: LoggedModelStatus;
  lifecycleStage: LifecycleStage;
  modelType?: string | undefined;
  sourceRunId?: string | undefined;
  statusMessage?: string | undefined;
  tags: Tag[];
  /** Immutable once logged, like run params. */
  params: Param[];
  metrics: LoggedModelMetric[];
}

/** A logged model a run produced (MLflow's ModelOutput in RunOutputs). */
export interface ModelOutput {
  modelId: string;
  step: number;
}
