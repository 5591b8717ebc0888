import type { LoggedModelStatus } from '@slipway/core';
import { z } from 'zod';
import { MISSING, fields } from './mlflow-fields.js';

/** Request messages of MLflow 3's logged-model RPCs (service.proto), field for field. */

// LoggedModelStatus numbers start at 0 (UNSPECIFIED), unlike the enums `fields.enumOf` serves.
const STATUS_BY_NUMBER = [
  'LOGGED_MODEL_STATUS_UNSPECIFIED',
  'LOGGED_MODEL_PENDING',
  'LOGGED_MODEL_READY',
  'LOGGED_MODEL_UPLOAD_FAILED',
] as const;

const status = z.unknown().transform((value, ctx): LoggedModelStatus => {
  if (value === undefined || value === '') {
    ctx.addIssue({ code: 'custom', message: MISSING, input: value, params: { missing: true } });
    return z.NEVER;
  }
  const name =
    typeof value === 'number' || (typeof value === 'string' && /^\d+$/u.test(value))
      ? STATUS_BY_NUMBER[Number(value)]
      : STATUS_BY_NUMBER.find((n) => n === value);
  if (name === undefined || name === 'LOGGED_MODEL_STATUS_UNSPECIFIED') {
    ctx.addIssue({
      code: 'custom',
      message: `expected one of ${STATUS_BY_NUMBER.slice(1).join(', ')}`,
      input: value,
    });
    return z.NEVER;
  }
  return name;
});

const keyValue = fields.tag;

export const createLoggedModelRequest = z.object({
  experiment_id: fields.requiredExperimentId(),
  name: fields.string(),
  model_type: fields.string(),
  source_run_id: fields.string(),
  params: fields.list(keyValue()),
  tags: fields.list(keyValue()),
});

export const finalizeLoggedModelRequest = z.object({
  model_id: fields.string(),
  status,
});

export const setLoggedModelTagsRequest = z.object({
  model_id: fields.string(),
  tags: fields.list(keyValue()),
});

export const logLoggedModelParamsRequest = z.object({
  model_id: fields.string(),
  params: fields.list(keyValue()),
});

export const searchLoggedModelsRequest = z.object({
  experiment_ids: fields.requiredList(
    z.union([z.string(), z.number().int()], { error: 'expected a string' }).transform(String),
  ),
  filter: fields.string(),
  datasets: fields.list(
    z.object(
      { dataset_name: fields.string(), dataset_digest: fields.string() },
      { error: 'expected an object' },
    ),
  ),
  max_results: fields.int64(),
  order_by: fields.list(
    z.object(
      {
        field_name: fields.requiredString(),
        ascending: fields.bool(),
        dataset_name: fields.string(),
        dataset_digest: fields.string(),
      },
      { error: 'expected an object' },
    ),
  ),
  page_token: fields.string(),
});

export const listLoggedModelArtifactsRequest = z.object({
  artifact_directory_path: fields.string(),
  page_token: fields.string(),
});

export const loggedModelArtifactFileRequest = z.object({
  artifact_file_path: fields.requiredString(),
});

export const logOutputsRequest = z.object({
  run_id: fields.requiredString(),
  models: fields.list(
    z.object(
      { model_id: fields.requiredString(), step: fields.int64() },
      { error: 'expected an object' },
    ),
  ),
});
