export { loadServerConfig, serverConfigSchema } from './config/config.js';
export type { ServerConfig, ServerConfigInput } from './config/config.js';
export { buildHttpApp } from './http/build-app.js';
export type { HttpOptions } from './http/build-app.js';
export { openPlatform } from './platform.js';
export type { Platform, PlatformConfig } from './platform.js';
export { serveUntilSignal, startServer } from './server.js';
export type { RunningServer } from './server.js';
export { upgradeDatabase } from './storage/sql/upgrade-database.js';
export { buildModelPackage } from './serving/runtime/build-model-package.js';
export type { BuildModelPackageOptions } from './serving/runtime/build-model-package.js';
export { loadModelFromDirectory } from './serving/runtime/model-loader.js';
export { ModelCache } from './serving/runtime/model-cache.js';
export { digestDirectory } from './support/content-digest.js';
export { inferenceTargetFromRuntime } from './serving/protocol/runtime-target.js';
export { scoringPlugin } from './http/scoring/scoring-plugin.js';
export type { ScoringPluginOptions } from './http/scoring/scoring-plugin.js';
export { runBatchPrediction } from './serving/batch/run-batch-prediction.js';
export type {
  BatchPredictionOptions,
  BatchPredictionSummary,
  BatchProgress,
} from './serving/batch/run-batch-prediction.js';
export { runStream } from './serving/streaming/run-stream.js';
export type {
  RunStreamOptions,
  StreamRunner,
  StreamStats,
} from './serving/streaming/run-stream.js';
export { openStreamSink, openStreamSource } from './serving/streaming/stream-endpoints.js';
export type { StreamMessage, StreamSink, StreamSource } from './serving/streaming/stream-types.js';
export { runFileDrift } from './monitoring/drift/run-file-drift.js';
export type { FileDriftOptions, FileDriftResult } from './monitoring/drift/run-file-drift.js';
export { readTable } from './monitoring/tables/read-table.js';
export type { ReadTableOptions } from './monitoring/tables/read-table.js';
export { readSuiteFile, suiteToText, writeSuiteFile } from './monitoring/validation/suite-file.js';
export {
  renderValidationReport,
  writeValidationReport,
} from './monitoring/validation/validation-report-html.js';
export type { ValidationReportInput } from './monitoring/validation/validation-report-html.js';
export { prometheusRules } from './monitoring/prometheus/prometheus-rules.js';
export type { PrometheusRulesOptions } from './monitoring/prometheus/prometheus-rules.js';
export { grafanaDashboard } from './monitoring/prometheus/grafana-dashboard.js';
export type { GrafanaDashboardOptions } from './monitoring/prometheus/grafana-dashboard.js';
export { profileFile } from './monitoring/profile-file.js';
export type { ProfileFileResult } from './monitoring/profile-file.js';
