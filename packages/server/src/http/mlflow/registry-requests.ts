import { z } from 'zod';
import { fields } from './mlflow-fields.js';

/** Request messages of MLflow's model_registry.proto. */

const modelName = { name: fields.requiredString() };
const versionRef = { name: fields.requiredString(), version: fields.requiredVersion() };
const search = {
  filter: fields.string(),
  max_results: fields.int64(),
  order_by: fields.list(z.string({ error: 'expected a string' })),
  page_token: fields.string(),
};

export const createRegisteredModelRequest = z.object({
  ...modelName,
  tags: fields.list(fields.tag()),
  description: fields.string(),
});

export const modelNameRequest = z.object(modelName);

export const renameRegisteredModelRequest = z.object({
  ...modelName,
  new_name: fields.requiredString(),
});

export const updateRegisteredModelRequest = z.object({
  ...modelName,
  description: fields.string(),
});

export const searchRequest = z.object(search);

export const getLatestVersionsRequest = z.object({
  ...modelName,
  stages: fields.list(z.string({ error: 'expected a string' })),
});

export const setRegisteredModelTagRequest = z.object({
  ...modelName,
  key: fields.requiredString(),
  value: fields.string(),
});

export const deleteRegisteredModelTagRequest = z.object({
  ...modelName,
  key: fields.requiredString(),
});

export const setAliasRequest = z.object({
  ...modelName,
  alias: fields.requiredString(),
  version: fields.requiredVersion(),
});

export const aliasRequest = z.object({
  ...modelName,
  alias: fields.requiredString(),
});

export const createModelVersionRequest = z.object({
  ...modelName,
  source: fields.requiredString(),
  run_id: fields.string(),
  tags: fields.list(fields.tag()),
  run_link: fields.string(),
  description: fields.string(),
  // MLflow 3: the logged model this version is promoted from.
  model_id: fields.string(),
});

export const versionRequest = z.object(versionRef);

export const updateModelVersionRequest = z.object({
  ...versionRef,
  description: fields.string(),
});

export const transitionStageRequest = z.object({
  ...versionRef,
  stage: fields.requiredString(),
  archive_existing_versions: fields.bool(),
});

export const setModelVersionTagRequest = z.object({
  ...versionRef,
  key: fields.requiredString(),
  value: fields.string(),
});

export const deleteModelVersionTagRequest = z.object({
  ...versionRef,
  key: fields.requiredString(),
});
