import { invalidArgument, type SlipwayError } from '../errors.js';
import type { LifecycleStage, Tag } from './common.js';

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export const RUN_STATUSES: readonly RunStatus[] = [
  'RUNNING',
  'SCHEDULED',
  'FINISHED',
  'FAILED',
  'KILLED',
];

export interface Metric {
  key: string;
  /** NaN and ±Infinity are legal and must round-trip. */
  value: number;
  timestamp: number;
  step: number;
}

export interface Param {
  key: string;
  value: string;
}

export interface Dataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string | undefined;
  profile?: string | undefined;
}

export interface DatasetInput {
  tags: Tag[];
  dataset: Dataset;
}

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  endTime?: number | undefined;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

export interface RunData {
  /** Latest value per key (highest step, then timestamp, then value: MLflow's rule). */
  metrics: Metric[];
  params: Param[];
  tags: Tag[];
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs: { datasetInputs: DatasetInput[] };
}

/** The tag MLflow clients use to carry a run name. */
export const RUN_NAME_TAG = 'mlflow.runName';
export const USER_TAG = 'mlflow.user';

/** MLflow's answer to a write to a run that is not active (INVALID_PARAMETER_VALUE). */
export function runNotActive(runId: string, stage: string): SlipwayError {
  return invalidArgument(
    `The run ${runId} must be in the 'active' state. Current state is ${stage}.`,
  );
}
