export {
  ERROR_CODES,
  SlipwayError,
  alreadyExists,
  failedPrecondition,
  httpStatusFor,
  invalidArgument,
  isSlipwayError,
  notFound,
} from './errors.js';
export type { ErrorCode, SlipwayErrorInit } from './errors.js';
export type { Audit, LifecycleStage, Page, Tag, ViewType } from './domain/common.js';
export { DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME } from './domain/experiment.js';
export type { Experiment } from './domain/experiment.js';
export { RUN_NAME_TAG, RUN_STATUSES, USER_TAG, runNotActive } from './domain/run.js';
export type {
  Dataset,
  DatasetInput,
  Metric,
  Param,
  Run,
  RunData,
  RunInfo,
  RunStatus,
} from './domain/run.js';
export { MODEL_VERSION_STAGES } from './domain/model-registry.js';
export type {
  ModelAlias,
  ModelHistoryAction,
  ModelHistoryEvent,
  ModelVersion,
  ModelVersionStage,
  ModelVersionStatus,
  RegisteredModel,
} from './domain/model-registry.js';
export {
  FINAL_LOGGED_MODEL_STATUSES,
  LOGGED_MODEL_ID_PATTERN,
  LOGGED_MODEL_STATUSES,
} from './domain/logged-model.js';
export type {
  LoggedModel,
  LoggedModelMetric,
  LoggedModelStatus,
  ModelOutput,
} from './domain/logged-model.js';
export { LIMITS } from './domain/limits.js';
export { parseModelUri } from './domain/model-uri.js';
export type { ModelReference } from './domain/model-uri.js';
export {
  validateAlias,
  validateEntityName,
  validateKey,
  validateParamValue,
  validateTag,
  validateTagValue,
} from './validation/names.js';
export type { KeyKind } from './validation/names.js';
export type {
  Comparator,
  EntityType,
  Filter,
  FilterClause,
  OrderByClause,
} from './search/filter-ast.js';
export {
  parseExperimentFilter,
  parseExperimentOrderBy,
  parseModelVersionFilter,
  parseModelVersionOrderBy,
  parseRegisteredModelFilter,
  parseRegisteredModelOrderBy,
  parseRunFilter,
  parseRunOrderBy,
} from './search/search-parsers.js';
export { decodePageToken, encodePageToken } from './search/page-token.js';
export {
  LOGGED_MODEL_RULES,
  parseLoggedModelFilter,
  parseLoggedModelOrderBy,
} from './search/search-logged-models.js';
export type { LoggedModelOrderByInput } from './search/search-logged-models.js';
export type {
  ExperimentSearchQuery,
  ModelVersionSearchQuery,
  RegisteredModelSearchQuery,
  RunSearchQuery,
  SearchWindow,
} from './storage/queries.js';
export type {
  CreateExperimentInput,
  ExperimentPatch,
  ExperimentStore,
} from './storage/experiment-store.js';
export type {
  CreateRunInput,
  DatasetSummary,
  LogBatchInput,
  LogBatchOptions,
  RunKeys,
  RunPatch,
  RunStore,
} from './storage/run-store.js';
export type { MetricStepStore, MetricStepSummary, StepRange } from './storage/metric-step-store.js';
export { METRIC_INTERVAL_LIMITS, sampledStepPositions } from './tracking/metric-step-sampling.js';
export { countSteps, mergeStepIntervals, stepsAtPositions } from './tracking/step-intervals.js';
export type { StepInterval } from './tracking/step-intervals.js';
export type {
  CreateModelVersionInput,
  CreateRegisteredModelInput,
  ModelRegistryStore,
  ModelVersionPatch,
  VersionAtLocation,
} from './storage/model-registry-store.js';
export type { ArtifactFileInfo, ArtifactStore } from './storage/artifact-store.js';
export { modelVersionKey } from './storage/logged-model-store.js';
export type {
  CreateLoggedModelInput,
  LoggedModelDatasetFilter,
  LoggedModelOrderBy,
  LoggedModelSearchQuery,
  LoggedModelStore,
  ModelVersionRef,
} from './storage/logged-model-store.js';
export { DEPLOYMENT_EVENT_ACTIONS } from './storage/deployment-store.js';
export type {
  DeploymentEvent,
  DeploymentEventAction,
  DeploymentPatch,
  DeploymentRecord,
  DeploymentStore,
  NewDeployment,
  NewDeploymentEvent,
} from './storage/deployment-store.js';
export {
  MAX_ARTIFACT_PATH_BYTES,
  MAX_ARTIFACT_SEGMENT_BYTES,
  checkArtifactPath,
  joinArtifactPath,
} from './storage/artifact-path.js';
export type { CheckArtifactPathOptions } from './storage/artifact-path.js';
export { contractRegistry } from './contract/registry.js';
export type { ContractSchemaMeta } from './contract/registry.js';
export { defineRoute } from './contract/route.js';
export type {
  HttpMethod,
  RouteBody,
  RouteBodyInput,
  RouteParams,
  RouteQuery,
  RouteResponse,
  RouteResponseInput,
  RouteSpec,
} from './contract/route.js';
export { NATIVE_API_BASE, nativeRoutes } from './contract/native-routes.js';
export type { NativeOperationId, NativeRoutes } from './contract/native-routes.js';
export { buildOpenApiDocument } from './contract/openapi.js';
export type { OpenApiInfo } from './contract/openapi.js';
export { parseInput } from './contract/parse-input.js';
export type { InputLocation } from './contract/parse-input.js';
export { errorBodySchema } from './contract/error.js';
export type { ErrorBody } from './contract/error.js';
export { tagSchema, wireNumberSchema } from './contract/common.js';
export { experimentSchema } from './contract/experiments.js';
export { metricSchema, runInfoSchema, runSchema } from './contract/runs.js';
export { artifactFileInfoSchema } from './contract/artifacts.js';
export {
  metricHistoryIntervalResponseSchema,
  runMetricHistorySchema,
} from './contract/metric-history-interval.js';
export type { RunMetricHistory } from './contract/metric-history-interval.js';
export { loggedModelSchema, runLoggedModelsResponseSchema } from './contract/run-logged-models.js';
export type { RunLoggedModels } from './contract/run-logged-models.js';
export { experimentKeysResponseSchema } from './contract/experiment-keys.js';
export type { ExperimentKeys } from './contract/experiment-keys.js';
export {
  ARTIFACT_SIGNATURE_MAX_BYTES,
  artifactSignatureResponseSchema,
  onnxValueInfoSchema,
} from './contract/artifact-signatures.js';
export type { ArtifactSignature, OnnxValueInfo } from './contract/artifact-signatures.js';
export { registeredModelSchema } from './contract/registered-models.js';
export {
  modelUploadLocation,
  modelVersionSchema,
  uploadIdSchema,
} from './contract/model-versions.js';
export { modelHistoryEventSchema } from './contract/model-history.js';
export {
  MODEL_MANIFEST_MAX_BYTES,
  modelVersionSignatureResponseSchema,
  modelVersionTensorSchema,
} from './contract/model-version-signature.js';
export type {
  ModelVersionSignature,
  ModelVersionTensor,
} from './contract/model-version-signature.js';
export {
  deploymentEventSchema,
  deploymentSchema,
  deploymentSpecBodySchema,
} from './contract/deployments.js';
export type {
  DeploymentEventView,
  DeploymentView,
  GroundTruthBody,
} from './contract/deployments.js';
export { deploymentStatsSchema } from './contract/deployment-stats.js';
export type {
  DeploymentStats,
  DeploymentVersionStats,
  TrafficFiguresView,
} from './contract/deployment-stats.js';
export {
  DEFAULT_PREDICTION_SEARCH_RESULTS,
  MAX_PREDICTION_SEARCH_RESULTS,
  loggedPredictionSchema,
} from './contract/prediction-log.js';
export type { LoggedPredictionView, SearchPredictionsQuery } from './contract/prediction-log.js';
export {
  DATATYPES,
  FLOAT_DATATYPES,
  INTEGER_DATATYPES,
  INTEGER_RANGES,
  allocateTensorData,
  dataMatchesDatatype,
  datatypeByteSize,
  isDatatype,
} from './inference/datatype.js';
export type { Datatype, FixedDatatype, TensorData, TensorDataMap } from './inference/datatype.js';
export { float16BitsToNumber, numberToFloat16Bits } from './inference/float16.js';
export { MAX_TENSOR_ELEMENTS, checkTensor, elementCount, formatShape } from './inference/tensor.js';
export type { Tensor } from './inference/tensor.js';
export { toTypedArray } from './inference/to-typed-array.js';
export type {
  NestedTensorValues,
  TensorValue,
  ToTypedArrayOptions,
} from './inference/to-typed-array.js';
export { conversionKind, convertLossless } from './inference/convert-lossless.js';
export type { ConversionKind } from './inference/convert-lossless.js';
export { tensorToJsonValues } from './inference/tensor-json.js';
export type { JsonTensorValue } from './inference/tensor-json.js';
export { COLUMN_TYPES, isBatchable } from './inference/signature.js';
export type { ColumnSpec, ColumnType, ModelSignature, TensorSpec } from './inference/signature.js';
export {
  MANIFEST_FILE_NAME,
  MODEL_FLAVORS,
  lineageSchema,
  manifestEnvelopeSchema,
  tabularSignatureSchema,
  tensorSignatureSchema,
  tensorSpecSchema,
} from './inference/manifest-schema.js';
export type {
  ModelFlavor,
  ModelLineage,
  ModelManifest,
  TabularSignatureJson,
  TensorSignatureJson,
} from './inference/manifest-schema.js';
export {
  columnTypeOf,
  isTabularSignature,
  parseModelManifest,
  parseModelManifestJson,
  resolveSignature,
} from './inference/parse-manifest.js';
export {
  DEFAULT_BANDIT_EPSILON,
  DEFAULT_CANARY_MIN_REQUESTS,
  DEFAULT_MAX_BATCH_DELAY_MS,
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_ROUTE_KEY_HEADER,
  DEPLOYMENT_POLICY_TYPES,
  MAX_DEPLOYMENT_NAME_LENGTH,
  deploymentNameSchema,
  deploymentPolicySchema,
  deploymentSpecSchema,
} from './deployments/deployment-spec.js';
export type {
  AbPolicy,
  BanditAlgorithm,
  BanditPolicy,
  BatchingSpec,
  BlueGreenPolicy,
  CanaryAnalysis,
  CanaryPolicy,
  DeploymentPolicy,
  DeploymentPolicyType,
  DeploymentSpec,
  DeploymentSpecInput,
  PredictionLoggingSpec,
  RewardRange,
  ShadowPolicy,
  SinglePolicy,
} from './deployments/deployment-spec.js';
export { parseDeploymentSpec } from './deployments/parse-deployment-spec.js';
export type { SpecIssue } from './deployments/parse-deployment-spec.js';
export { formatDurationMs, parseDurationMs } from './deployments/duration.js';
export { BLUE, GREEN, deploymentVariants } from './deployments/variants.js';
export type { DeploymentVariant, VariantId } from './deployments/variants.js';
export { createDeploymentState, deploymentRuntime } from './deployments/deployment-state.js';
export type {
  CreateDeploymentStateOptions,
  DeploymentRuntime,
  DeploymentState,
  ResolvedModel,
} from './deployments/deployment-state.js';
export { resolveVariant, route } from './deployments/router.js';
export type { RouteContext, RouteDecision } from './deployments/router.js';
export {
  canaryDueAt,
  createCanaryState,
  evaluateCanary,
  pauseCanary,
  promoteCanary,
  resumeCanary,
  rollbackCanary,
} from './deployments/canary-controller.js';
export type {
  CanaryAction,
  CanaryPhase,
  CanaryState,
  CanaryTransition,
  CanaryUpdate,
  CanaryWindowStats,
} from './deployments/canary-controller.js';
export {
  createBlueGreenState,
  rollbackBlueGreen,
  switchBlueGreen,
} from './deployments/blue-green.js';
export type {
  BlueGreenSlot,
  BlueGreenState,
  BlueGreenTransition,
  BlueGreenUpdate,
} from './deployments/blue-green.js';
export {
  BANDIT_PRIOR,
  armMeanReward,
  chooseBanditArm,
  createBanditState,
  reconcileBanditState,
  recordReward,
} from './deployments/bandit.js';
export type { BanditArm, BanditChoice, BanditState } from './deployments/bandit.js';
export { HASH_RING_POINTS, buildHashRing, lookupHashRing } from './deployments/hash-ring.js';
export type { HashRing, WeightedVariant } from './deployments/hash-ring.js';
export { fmix32, murmur3 } from './deployments/murmur3.js';
export { mulberry32 } from './deployments/seeded-random.js';
export { sampleBeta, sampleGamma, sampleStandardNormal } from './deployments/random-variates.js';
export type { RandomSource } from './deployments/random-variates.js';
export { RollingStats } from './deployments/rolling-stats.js';
export type { RollingStatsOptions, WindowSnapshot } from './deployments/rolling-stats.js';
export { LATENCY_BIN_COUNT, latencyBin } from './deployments/latency-bins.js';
export { BucketRing } from './deployments/bucket-ring.js';
export { TRAFFIC_WINDOW_MS, TrafficTally, TrafficWindow } from './deployments/traffic-window.js';
export type { RequestOutcome, TrafficFigures } from './deployments/traffic-window.js';
export { PREDICTION_STATUSES } from './predictions/prediction-record.js';
export type {
  JsonValue,
  LoggedTensor,
  LoggedTensorValue,
  PredictionRecord,
  PredictionStatus,
} from './predictions/prediction-record.js';
export type { PredictionWrite } from './predictions/prediction-write.js';
export {
  TENSOR_CODEC_VERSION,
  decodeTensors,
  encodeTensorLists,
  encodeTensors,
  encodedTensorsLength,
} from './predictions/tensor-codec.js';
export type { GroundTruth, LabeledPrediction } from './predictions/ground-truth.js';
export { MAX_PREDICTION_PAGE_SIZE } from './predictions/prediction-log-store.js';
export type {
  PredictionCountQuery,
  PredictionJoinQuery,
  PredictionLogStore,
  PredictionPage,
  PredictionQuery,
  RetentionResult,
} from './predictions/prediction-log-store.js';
export { decodePredictionCursor, encodePredictionCursor } from './predictions/prediction-cursor.js';
export type { PredictionCursor } from './predictions/prediction-cursor.js';
export {
  PREDICTION_EXPORT_COLUMNS,
  PREDICTION_EXPORT_FORMATS,
  isPredictionExportFormat,
} from './predictions/prediction-export.js';
export type {
  PredictionExportColumn,
  PredictionExportFormat,
  PredictionExportOptions,
} from './predictions/prediction-export.js';
export {
  SERVER_SETTING_GROUPS,
  isEnvOnly,
  settingDefaultText,
  settingEnvName,
  settingFlagName,
  settingGroup,
  settingValueName,
} from './config/server-setting.js';
export type { ServerSetting, ServerSettingGroup } from './config/server-setting.js';
export {
  SERVER_SETTINGS,
  findServerSetting,
  serverConfigSchema,
} from './config/server-settings.js';
export type {
  ServerSettingKey,
  ServerSettings,
  ServerSettingsInput,
} from './config/server-settings.js';
export {
  BOOLEAN_WORDS,
  booleanValue,
  numberValue,
  oneOfValue,
  textValue,
  urlValue,
} from './config/setting-values.js';
export type { NumberValueOptions } from './config/setting-values.js';
export { redactServerConfig } from './config/redact-server-config.js';
export { renderSettingsTable } from './config/settings-table.js';
export {
  PERMISSIONS,
  RESOURCE_TYPES,
  isPermission,
  levelFor,
  permits,
  resourceLabel,
} from './access/permission.js';
export type { AccessAction, Permission, ResourceType } from './access/permission.js';
export { ANONYMOUS_CALLER, systemCaller } from './access/caller.js';
export type { Caller } from './access/caller.js';
export { AUDIT_RESOURCE_TYPES } from './access/audit-event.js';
export type {
  AuditEvent,
  AuditQuery,
  AuditResourceType,
  NewAuditEvent,
} from './access/audit-event.js';
export type {
  NewToken,
  NewUser,
  StoredToken,
  StoredUser,
  UserStore,
} from './storage/user-store.js';
export type { PermissionGrant, PermissionStore, ReadableBy } from './storage/permission-store.js';
export type { AuditStore } from './storage/audit-store.js';
export type { JobLeaseStore } from './storage/job-lease-store.js';
export type { TransactionStores, UnitOfWork } from './storage/unit-of-work.js';
export {
  callerSchema,
  permissionGrantSchema,
  permissionSchema,
  tokenSchema,
  userSchema,
} from './contract/access.js';
export { auditEventSchema } from './contract/audit.js';
export { validateRunTag } from './validation/names.js';
export {
  hasNul,
  nulError,
  refuseNul,
  validateOptionalText,
  validateText,
} from './validation/text.js';
export { checkJsonDepth, firstPathDepth, jsonDepthError } from './validation/json-depth.js';
export { checkRequestValue } from './validation/request-value.js';

// Data sets held by column (drift, validation, profiles)
export type { CellValue, Column, ColumnarTable } from './data/table.js';
export {
  OTHER_CATEGORY,
  categoricalDistribution,
  numericalDistribution,
} from './distribution/column-distribution.js';
export type { ColumnDistribution } from './distribution/column-distribution.js';

// Concept drift: streaming change detectors (river's defaults)
export { CHANGE_DETECTOR_NAMES } from './change-detection/change-detector.js';
export type {
  ChangeDetector,
  ChangeDetectorName,
  WarningChangeDetector,
} from './change-detection/change-detector.js';
export { CHANGE_DETECTOR_PARAMS, createDetector } from './change-detection/create-detector.js';
export type { ChangeDetectorByName } from './change-detection/create-detector.js';
export { AdwinDetector } from './change-detection/adwin.js';
export type { AdwinOptions } from './change-detection/adwin.js';
export { DdmDetector } from './change-detection/ddm.js';
export type { DdmOptions } from './change-detection/ddm.js';
export { EddmDetector } from './change-detection/eddm.js';
export type { EddmOptions } from './change-detection/eddm.js';
export { PAGE_HINKLEY_MODES, PageHinkleyDetector } from './change-detection/page-hinkley.js';
export type { PageHinkleyMode, PageHinkleyOptions } from './change-detection/page-hinkley.js';
export { KswinDetector } from './change-detection/kswin.js';
export type { KswinOptions } from './change-detection/kswin.js';

// Model performance (scikit-learn's definitions)
export type { MetricValue } from './performance/metric-value.js';
export type { ClassLabel } from './performance/class-labels.js';
export type { MetricColumn } from './performance/metric-inputs.js';
export { accuracy } from './performance/accuracy.js';
export { precisionRecallF1 } from './performance/precision-recall-f1.js';
export type {
  AverageMode,
  PrecisionRecallF1,
  PrecisionRecallF1Options,
} from './performance/precision-recall-f1.js';
export { rocAuc, rocAucOneVsRest } from './performance/roc-auc.js';
export type { RocAucOptions } from './performance/roc-auc.js';
export { logLoss } from './performance/log-loss.js';
export type { LogLossOptions } from './performance/log-loss.js';
export {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  r2Score,
  rootMeanSquaredError,
} from './performance/regression-metrics.js';

// A/B analysis
export type { ArmName, MeanSummary, ProportionSummary } from './ab-analysis/ab-summaries.js';
export type { DifferenceTest, TestOutcome } from './ab-analysis/difference-test.js';
export { twoProportionZTest } from './ab-analysis/two-proportion-z-test.js';
export type { TwoProportionZTest } from './ab-analysis/two-proportion-z-test.js';
export { welchTTest } from './ab-analysis/welch-t-test.js';
export type { WelchTTest } from './ab-analysis/welch-t-test.js';
export {
  sampleSizePerArmForMeans,
  sampleSizePerArmForProportions,
} from './ab-analysis/sample-size.js';
export type { PowerOptions } from './ab-analysis/sample-size.js';
export { abVerdict } from './ab-analysis/ab-verdict.js';
export type {
  AbExperiment,
  AbVerdict,
  AbVerdictKind,
  MeanExperiment,
  ProportionExperiment,
} from './ab-analysis/ab-verdict.js';

// Data validation (Great Expectations' expectation names and result fields)
export { parseSuite, parseSuiteText } from './data-validation/parse-suite.js';
export { validate, validateExpectation } from './data-validation/validate.js';
export {
  formatExpectationResult,
  formatValidationResult,
} from './data-validation/format-validation-result.js';
export { inferSuite } from './data-validation/infer-suite.js';
export type { InferSuiteOptions } from './data-validation/infer-suite.js';
export { EXPECTATION_TYPES, isExpectationType } from './data-validation/expectation-types.js';
export type { ExpectationType } from './data-validation/expectation-types.js';
export { KWARGS_SCHEMAS } from './data-validation/kwargs-schemas.js';
export type { ExpectationKwargs } from './data-validation/kwargs-schemas.js';
export type { ExpectationConfig, ExpectationSuite } from './data-validation/suite.js';
export type {
  ExceptionInfo,
  ExpectationResultDetails,
  ExpectationValidationResult,
  ObservedValue,
  ValidationResult,
  ValidationStatistics,
} from './data-validation/validation-result.js';
export { VALUE_TYPES, resolveValueType } from './data-validation/value-types.js';
export type { ValueType } from './data-validation/value-types.js';
export { QUANTILE_METHODS } from './data-validation/quantiles.js';
export type { QuantileMethod } from './data-validation/quantiles.js';
export { tableFromColumns } from './data-validation/table-from-columns.js';
export { parseIsoDatetime } from './data-validation/iso-datetime.js';

// Data drift (Evidently's stat tests, defaults and selection)
export { computeDrift } from './drift/compute-drift.js';
export type { ColumnDrift, DriftReport } from './drift/compute-drift.js';
export type { DriftInput } from './drift/drift-plan.js';
export {
  DEFAULT_DRIFT_SHARE,
  DRIFT_COLUMN_TYPES,
  driftOptionsSchema,
} from './drift/drift-options.js';
export type { ColumnDriftOptions, DriftOptions } from './drift/drift-options.js';
export { inferColumnType } from './drift/column-type.js';
export { STAT_TESTS } from './drift/tests/registry.js';
export { STAT_TEST_NAMES, isStatTestName } from './drift/tests/stat-test-names.js';
export type { StatTestName } from './drift/tests/stat-test-names.js';
export type { DriftColumnType, ScoreKind, StatTest } from './drift/tests/stat-test.js';
export { ksTwoSample } from './drift/stats/ks-two-sample.js';
export type { KsMethod, KsResult } from './drift/stats/ks-two-sample.js';
export {
  columnDataSchema,
  columnDriftSchema,
  driftReportSchema,
  driftRequestSchema,
  driftRoutes,
} from './contract/drift.js';
export type { DriftReportView, DriftRequest } from './contract/drift.js';
export {
  validateDataRequestSchema,
  validationResultSchema,
  validationRoutes,
} from './contract/validation.js';
export {
  AB_OUTCOMES,
  DEFAULT_ERROR_MDE_SHARE,
  DEFAULT_RATE_MDE,
  DEFAULT_REWARD_MDE_SHARE,
  abArmSchema,
  deploymentAnalysisQuerySchema,
  deploymentAnalysisRoutes,
  deploymentAnalysisSchema,
} from './contract/deployment-analysis.js';
export type {
  AbArmView,
  AbComparisonView,
  AbOutcome,
  DeploymentAnalysis,
  DeploymentAnalysisQuery,
} from './contract/deployment-analysis.js';
export type { OutcomeGroup, OutcomeGroupQuery } from './predictions/prediction-log-store.js';

// Monitors
export {
  CLASSIFICATION_METRICS,
  DEFAULT_MONITOR_MIN_ROWS,
  MAX_MONITOR_WINDOW_ROWS,
  MONITOR_REFERENCE_TYPES,
  PERFORMANCE_TASKS,
  REGRESSION_METRICS,
  monitorSpecSchema,
} from './monitors/monitor-spec.js';
export type { MonitorReference, MonitorSpec, MonitorSpecInput } from './monitors/monitor-spec.js';
export { parseMonitorSpec } from './monitors/parse-monitor-spec.js';
export {
  ALERT_COMPARISONS,
  ALERT_METRICS,
  ALERT_SCOPES,
  ALERT_SEVERITIES,
  DEFAULT_RETRAIN_COOLDOWN_MS,
  MAX_MONITOR_ALERTS,
  isAlertMetric,
  monitorAlertSchema,
} from './monitors/monitor-alert-spec.js';
export type { MonitorAlert } from './monitors/monitor-alert-spec.js';
export {
  alertEventSchema,
  alertStateSchema,
  monitorAlertRoutes,
  retrainingTriggerSchema,
} from './contract/monitor-alerts.js';
export type {
  AlertEventView,
  AlertStateView,
  RetrainingTriggerView,
} from './contract/monitor-alerts.js';
export { parseSpec } from './validation/spec-issues.js';

// Data profiles (mergeable sketches) and drift from them
export { profileTable } from './profile/profile-table.js';
export { DEFAULT_PROFILE_LIMITS } from './profile/profile-limits.js';
export type { ProfileOptions } from './profile/profile-limits.js';
export { mergeProfiles } from './profile/merge-profiles.js';
export { driftFromProfiles } from './profile/drift-from-profiles.js';
export {
  profileColumnDistribution,
  profileDriftDistributions,
} from './profile/profile-distribution.js';
export { dataProfileSchema, parseDataProfile } from './profile/data-profile-schema.js';
export { DATA_PROFILE_FORMAT } from './profile/data-profile.js';
export type {
  CategoricalSummary,
  ColumnProfile,
  ColumnShape,
  DataProfile,
  NumericalSummary,
  ProfileLimits,
} from './profile/data-profile.js';
export { monitorRunResultSchema, monitorVersionResultSchema } from './contract/monitor-results.js';
export type { MonitorRunResult, MonitorVersionResult } from './contract/monitor-results.js';
export type { MonitorHistoryQuery, MonitorRecord, MonitorStore } from './storage/monitor-store.js';
export type {
  AlertEvaluation,
  AlertEventQuery,
  AlertStore,
  RetrainingTriggerQuery,
} from './storage/alert-store.js';
export { alertObservation } from './monitors/alert-observation.js';
export { monitorRoutes, monitorSchema, monitorSpecBodySchema } from './contract/monitors.js';
export type { MonitorView } from './contract/monitors.js';

// Webhooks (MLflow 3's API, signed deliveries) and alert rules
export type {
  NewWebhookDelivery,
  Webhook,
  WebhookDelivery,
  WebhookPatch,
  WebhookStatus,
} from './webhooks/webhook.js';
export type { WebhookStore } from './storage/webhook-store.js';
export { INITIAL_ALERT_STATE, checkAlertRule, evaluateAlertRule } from './alerts/alert-rule.js';
export type {
  AlertComparison,
  AlertObservation,
  AlertRule,
  AlertState,
  AlertTransition,
} from './alerts/alert-rule.js';
export { webhookDeliverySchema, webhookRoutes } from './contract/webhooks.js';

// Versioned datasets
export type {
  DatasetColumn,
  DatasetColumnSummary,
  DatasetFile,
  DatasetInfo,
  DatasetVersion,
} from './domain/dataset-version.js';
export type { DatasetStore, NewDatasetVersion } from './storage/dataset-store.js';
export {
  createDatasetVersionBodySchema,
  datasetRoutes,
  datasetVersionSchema,
} from './contract/datasets.js';

// Pipeline runs: the system of record (runs, steps, outputs, cache, logs)
export {
  PIPELINE_LOG_STREAMS,
  PIPELINE_TRIGGER_TYPES,
  TERMINAL_STEP_STATUSES,
  isTerminalStepStatus,
} from './domain/pipeline-run.js';
export type {
  PipelineCacheHit,
  PipelineLogEntry,
  PipelineLogStream,
  PipelineOutput,
  PipelineRun,
  PipelineRunInfo,
  PipelineRunSummary,
  PipelineStep,
  PipelineStepRef,
  PipelineSummary,
  PipelineTrigger,
  PipelineTriggerType,
} from './domain/pipeline-run.js';
export type {
  LogAppendLimits,
  NewPipelineRun,
  PipelineRunFilter,
  PipelineStore,
  StepChange,
  StepGuard,
  StepTransition,
} from './storage/pipeline-store.js';
export { pipelineRoutes } from './contract/pipelines.js';
export {
  createPipelineRunBodySchema,
  finishPipelineStepBodySchema,
  pipelineRunSchema,
  pipelineStepSchema,
  plannedStepSchema,
} from './contract/pipeline-schemas.js';

// Pipelines: YAML/TypeScript spec, planning (DAG, params, fan-out/fan-in) and cache keys
export {
  ENV_NAME_PATTERN,
  INTERPRETER_KEY,
  ITEM_KEY,
  MAX_PIPELINE_NAME_LENGTH,
  MAX_PIPELINE_SPEC_STEPS,
  MAX_STEP_RETRIES,
  PIPELINE_NAME_PATTERN,
  pipelineNameSchema,
  pipelineParamValueSchema,
  pipelineSpecSchema,
} from './pipelines/pipeline-spec.js';
export type { PipelineScalar, PipelineSpec, PipelineStepSpec } from './pipelines/pipeline-spec.js';
export { parsePipelineSpec } from './pipelines/parse-pipeline-spec.js';
export { PARAM_NAME_PATTERN } from './pipelines/template.js';
export { DURATION_EXAMPLES, parseDuration } from './pipelines/duration.js';
export { applyParamOverrides } from './pipelines/param-overrides.js';
export { MAX_PLANNED_STEPS, planPipeline } from './pipelines/pipeline-plan.js';
export type {
  CacheKeyParts,
  PipelineParamValue,
  PipelinePlan,
  PipelineRunStatus,
  PlannedStep,
  StepStatus,
} from './pipelines/pipeline-types.js';
export { computeCacheKey, outputsDigest, stepCacheKeyParts } from './pipelines/cache-key.js';
export { sha256Hex } from './pipelines/sha256.js';
export { definePipeline } from './pipelines/define-pipeline.js';
export type { PipelineDefinition, StepDefinition } from './pipelines/define-pipeline.js';

// Lineage: node references and the graph across datasets, pipelines, runs, models, deployments
export {
  LINEAGE_NODE_TYPES,
  LINEAGE_REF_FORMS,
  formatLineageRef,
  parseLineageRef,
} from './lineage/lineage-ref.js';
export type {
  LineageNodeType,
  LineageRef,
  ModelAliasRef,
  ParsedLineageRef,
} from './lineage/lineage-ref.js';
export {
  LINEAGE_DEFAULT_DEPTH,
  LINEAGE_DIRECTIONS,
  LINEAGE_MAX_DEPTH,
  LINEAGE_MAX_NODES,
  LINEAGE_RELATIONS,
} from './lineage/lineage-graph.js';
export type {
  LineageAttribute,
  LineageDirection,
  LineageEdge,
  LineageGraph,
  LineageNode,
  LineageRelation,
} from './lineage/lineage-graph.js';
export { lineageGraphSchema, lineageRoutes } from './contract/lineage.js';
export type { PipelineStepLink, RunDatasetLink, ServedVersion } from './lineage/lineage-links.js';
