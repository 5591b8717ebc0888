import type { Tag } from './common.js';

export type ModelVersionStage = 'None' | 'Staging' | 'Production' | 'Archived';
export const MODEL_VERSION_STAGES: readonly ModelVersionStage[] = [
  'None',
  'Staging',
  'Production',
  'Archived',
];

export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

export interface ModelAlias {
  alias: string;
  version: string;
}

export interface ModelVersion {
  name: string;
  /** Decimal string, 1-based, increasing per model. */
  version: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  userId: string;
  currentStage: ModelVersionStage;
  description: string;
  source: string;
  runId: string;
  runLink: string;
  status: ModelVersionStatus;
  statusMessage: string;
  tags: Tag[];
  aliases: string[];
  /**
   * `sha256:<hex>` over the version's files (paths and contents) when they are in the server's
   * artifact store, taken at registration; loading checks it. Absent for other sources.
   */
  contentDigest?: string | undefined;
  /** MLflow 3: the logged model the version was promoted from. */
  modelId?: string | undefined;
}

export interface RegisteredModel {
  name: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  userId: string;
  description: string;
  /** Latest version per stage, as MLflow returns them. */
  latestVersions: ModelVersion[];
  tags: Tag[];
  aliases: ModelAlias[];
}

export type ModelHistoryAction =
  | 'model_created'
  | 'model_renamed'
  | 'model_description_updated'
  | 'model_deleted'
  | 'model_tag_set'
  | 'model_tag_deleted'
  | 'version_created'
  | 'version_updated'
  | 'version_status_changed'
  | 'version_deleted'
  | 'version_tag_set'
  | 'version_tag_deleted'
  | 'stage_transitioned'
  | 'alias_set'
  | 'alias_deleted';

/** One change to a registered model: who, when, what it was, what it became. */
export interface ModelHistoryEvent {
  id: number;
  modelName: string;
  version?: string | undefined;
  action: ModelHistoryAction;
  from?: string | undefined;
  to?: string | undefined;
  actor: string;
  time: number;
}
