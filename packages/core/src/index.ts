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
export { RUN_NAME_TAG, RUN_STATUSES, USER_TAG } from './domain/run.js';
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
export type { CreateRunInput, LogBatchInput, RunPatch, RunStore } from './storage/run-store.js';
export type {
  CreateModelVersionInput,
  CreateRegisteredModelInput,
  ModelRegistryStore,
  ModelVersionPatch,
} from './storage/model-registry-store.js';
export type { ArtifactFileInfo, ArtifactStore } from './storage/artifact-store.js';
export {
  MAX_ARTIFACT_PATH_BYTES,
  MAX_ARTIFACT_SEGMENT_BYTES,
  checkArtifactPath,
  joinArtifactPath,
} from './storage/artifact-path.js';
export type { CheckArtifactPathOptions } from './storage/artifact-path.js';
