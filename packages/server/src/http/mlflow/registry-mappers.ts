import type { ModelVersion, RegisteredModel } from '@slipway/core';
import { compact, nonEmpty, tagsToJson } from './tracking-mappers.js';
import type { Json } from './tracking-mappers.js';

/** Domain -> MLflow JSON (model_registry.proto messages), following MLflow's entity `to_proto`. */

export function modelVersionToJson(mv: ModelVersion): Json {
  return compact({
    name: mv.name,
    version: mv.version,
    creation_timestamp: mv.creationTimestamp,
    last_updated_timestamp: mv.lastUpdatedTimestamp,
    user_id: mv.userId || undefined,
    current_stage: mv.currentStage,
    description: mv.description,
    source: mv.source,
    run_id: mv.runId,
    status: mv.status,
    status_message: mv.statusMessage || undefined,
    tags: tagsToJson(mv.tags),
    run_link: mv.runLink,
    aliases: nonEmpty(mv.aliases),
    // MLflow 3 (field 15, after aliases): versions promoted from a logged model carry its id.
    model_id: mv.modelId,
  });
}

export function registeredModelToJson(rm: RegisteredModel): Json {
  return compact({
    name: rm.name,
    creation_timestamp: rm.creationTimestamp,
    last_updated_timestamp: rm.lastUpdatedTimestamp,
    user_id: rm.userId || undefined,
    description: rm.description || undefined,
    latest_versions: nonEmpty(rm.latestVersions.map(modelVersionToJson)),
    tags: tagsToJson(rm.tags),
    aliases: nonEmpty(rm.aliases.map((a) => ({ alias: a.alias, version: a.version }))),
  });
}
