export { SlipwayClient } from './slipway-client.js';
export type { SlipwayClientOptions, StartRunOptions } from './slipway-client.js';
export { ActiveRun } from './active-run.js';
export type { ActiveRunOptions, MetricOptions } from './active-run.js';
export { ExperimentsApi } from './experiments-api.js';
export type {
  CreateExperimentOptions,
  ExperimentPage,
  SearchExperimentsOptions,
} from './experiments-api.js';
export { RunsApi } from './runs-api.js';
export type {
  CreateRunOptions,
  LogBatchOptions,
  MetricInput,
  PageOptions,
  SearchRunsOptions,
  UpdateRunOptions,
} from './runs-api.js';
export { ArtifactsApi } from './artifacts-api.js';
export { DeploymentsApi } from './deployments-api.js';
export type {
  ApplyDeploymentResult,
  DeploymentFeedbackResult,
  GroundTruthLabel,
} from './deployments-api.js';
export { ModelsApi } from './models-api.js';
export type {
  CreateVersionFromFilesOptions,
  CreateVersionOptions,
  FileSource,
  ModelFile,
  SearchOptions,
} from './models-api.js';
export type { UploadBody } from './transport.js';
// Re-exported so SDK users can catch and inspect errors without depending on @slipway/core.
export { SlipwayError, isSlipwayError } from '@slipway/core';
export type { ErrorCode } from '@slipway/core';
