export { SlipwayClient } from './slipway-client.js';
export { authorizationHeader } from './credentials.js';
export type { CredentialOptions } from './credentials.js';
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
  MetricHistoryIntervalOptions,
  MetricInput,
  PageOptions,
  SearchRunsOptions,
  UpdateRunOptions,
} from './runs-api.js';
export { ArtifactsApi } from './artifacts-api.js';
export { DeploymentsApi } from './deployments-api.js';
export type {
  AnalyzeDeploymentOptions,
  ApplyDeploymentResult,
  DeploymentAnalysis,
  DeploymentFeedbackResult,
  ExportPredictionsOptions,
  GroundTruthLabel,
  SearchPredictionsOptions,
  StreamStatsOptions,
} from './deployments-api.js';
export { ModelsApi } from './models-api.js';
export type {
  CreateVersionFromFilesOptions,
  CreateVersionOptions,
  FileSource,
  ModelFile,
  SearchOptions,
} from './models-api.js';
export { AuthApi } from './auth-api.js';
export type { CallerInfo } from './auth-api.js';
export { UsersApi } from './users-api.js';
export type {
  CreateUserOptions,
  UpdateUserOptions,
  User,
  UserPage,
  UserPermissions,
} from './users-api.js';
export { TokensApi } from './tokens-api.js';
export type {
  ApiToken,
  CreateTokenOptions,
  CreatedToken,
  ListTokensOptions,
} from './tokens-api.js';
export { PermissionsApi } from './permissions-api.js';
export type { PermissionGrant } from './permissions-api.js';
export { AuditApi } from './audit-api.js';
export type { AuditEvent, AuditEventPage, SearchAuditOptions } from './audit-api.js';
export { DriftApi } from './drift-api.js';
export type {
  ColumnData,
  ColumnDriftResult,
  DriftReport,
  DriftRequestOptions,
} from './drift-api.js';
export { ValidationApi } from './validation-api.js';
export type { DataValidationResult, ValidationData } from './validation-api.js';
export { MonitorsApi } from './monitors-api.js';
export { RetrainingTriggersApi } from './retraining-triggers-api.js';
export type {
  ListRetrainingTriggersOptions,
  RetrainingTrigger,
} from './retraining-triggers-api.js';
export type {
  AlertEventsOptions,
  ApplyMonitorResult,
  Monitor,
  MonitorHistoryOptions,
  MonitorRun,
} from './monitors-api.js';
export { WebhooksApi } from './webhooks-api.js';
export type {
  CreateWebhookOptions,
  UpdateWebhookOptions,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEventInput,
  WebhookStatus,
  WebhookTestResult,
  WebhookWireEvent,
} from './webhooks-api.js';
export type { UploadBody } from './transport.js';
// Re-exported so SDK users can catch and inspect errors without depending on @slipway/core.
export { SlipwayError, isSlipwayError } from '@slipway/core';
export type { AuditResourceType, ErrorCode, Permission, ResourceType } from '@slipway/core';
export type { DeploymentStats, DeploymentVersionStats, TrafficFiguresView } from '@slipway/core';
export { DatasetsApi } from './datasets-api.js';
export type { AddDatasetOptions, DatasetUpload } from './datasets-api.js';
export { PipelinesApi } from './pipelines-api.js';
export type {
  CreatePipelineRunInput,
  FinishPipelineStepInput,
  OutputSource,
  PipelineStepState,
  PipelineStepsState,
  StartPipelineStepInput,
} from './pipelines-api.js';
export { LineageApi } from './lineage-api.js';
export type { LineageOptions } from './lineage-api.js';
