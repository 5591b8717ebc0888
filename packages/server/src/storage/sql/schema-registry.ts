import type { Generated } from 'kysely';

/**
 * Registered models carry a surrogate integer id that every child table references, so a rename is a
 * one-row update: versions, tags and aliases follow without cascading a text key through four tables.
 */
export interface RegisteredModelsTable {
  id: Generated<number>;
  name: string;
  description: string;
  user_id: string;
  creation_time: number;
  last_updated_time: number;
  /** Highest version number ever allocated; only grows, so deleted numbers are never handed out again. */
  last_version: number;
}

export interface RegisteredModelTagsTable {
  model_id: number;
  key: string;
  value: string;
}

export interface ModelVersionsTable {
  model_id: number;
  version: number;
  creation_time: number;
  last_updated_time: number;
  user_id: string;
  current_stage: string;
  description: string;
  source: string;
  run_id: string;
  run_link: string;
  status: string;
  status_message: string;
  /** Store-relative path of the version's files when they are in the artifact store (0007). */
  storage_location: string | null;
  /** `sha256:<hex>` over the version's files, checked when they are loaded (0007). */
  content_digest: string | null;
}

export interface ModelVersionTagsTable {
  model_id: number;
  version: number;
  key: string;
  value: string;
}

export interface RegisteredModelAliasesTable {
  model_id: number;
  alias: string;
  version: number;
}

/**
 * No foreign key to the model: history outlives it. `model_id` identifies one life of a name (ids are never
 * reused), so a rename can move exactly that model's history to the new name.
 */
export interface ModelHistoryTable {
  id: Generated<number>;
  model_id: number;
  model_name: string;
  version: number | null;
  action: string;
  from_value: string | null;
  to_value: string | null;
  actor: string;
  time: number;
}

/** Tables of the model registry (models, versions, tags, aliases, history). */
export interface RegistryTables {
  registered_models: RegisteredModelsTable;
  registered_model_tags: RegisteredModelTagsTable;
  model_versions: ModelVersionsTable;
  model_version_tags: ModelVersionTagsTable;
  registered_model_aliases: RegisteredModelAliasesTable;
  model_history: ModelHistoryTable;
}
