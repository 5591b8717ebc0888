import { RUN_STATUSES } from '@slipway/core';
import { z } from 'zod';
import { fields } from './mlflow-fields.js';

/** Request messages of MLflow's service.proto, field for field (snake_case, as on the wire). */

const VIEW_TYPES = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] as const;

const runRef = {
  run_id: fields.string(),
  // Deprecated alias that old clients still send.
  run_uuid: fields.string(),
};

export const createExperimentRequest = z.object({
  name: fields.requiredString(),
  artifact_location: fields.string(),
  tags: fields.list(fields.tag()),
});

export const experimentIdRequest = z.object({
  experiment_id: fields.requiredExperimentId(),
});

export const getExperimentByNameRequest = z.object({
  experiment_name: fields.requiredString(),
});

export const searchExperimentsRequest = z.object({
  max_results: fields.int64(),
  page_token: fields.string(),
  filter: fields.string(),
  order_by: fields.list(z.string({ error: 'expected a string' })),
  view_type: fields.enumOf(VIEW_TYPES),
});

export const updateExperimentRequest = z.object({
  experiment_id: fields.requiredExperimentId(),
  new_name: fields.requiredString(),
});

export const setExperimentTagRequest = z.object({
  experiment_id: fields.requiredExperimentId(),
  key: fields.requiredString(),
  value: fields.string(),
});

export const deleteExperimentTagRequest = z.object({
  experiment_id: fields.requiredExperimentId(),
  key: fields.requiredString(),
});

export const createRunRequest = z.object({
  experiment_id: fields.experimentId(),
  user_id: fields.string(),
  run_name: fields.string(),
  start_time: fields.int64(),
  tags: fields.list(fields.tag()),
});

export const updateRunRequest = z.object({
  ...runRef,
  status: fields.enumOf(RUN_STATUSES),
  end_time: fields.int64(),
  run_name: fields.string(),
});

export const runIdRequest = z.object({ run_id: fields.requiredString() });

export const getRunRequest = z.object({ ...runRef });

// MLflow 3 links a metric point to a logged model (and optionally a dataset) through model_id.
const modelLink = {
  model_id: fields.string(),
  dataset_name: fields.string(),
  dataset_digest: fields.string(),
};

const metric = z.object(
  {
    key: fields.requiredString(),
    value: fields.requiredDouble(),
    timestamp: fields.requiredInt64(),
    step: fields.int64(),
    ...modelLink,
  },
  { error: 'expected an object' },
);

export const logMetricRequest = z.object({
  ...runRef,
  key: fields.requiredString(),
  value: fields.requiredDouble(),
  timestamp: fields.requiredInt64(),
  step: fields.int64(),
  ...modelLink,
});

export const keyValueRequest = z.object({
  ...runRef,
  key: fields.requiredString(),
  value: fields.string(),
});

export const deleteTagRequest = z.object({
  run_id: fields.requiredString(),
  key: fields.requiredString(),
});

export const logBatchRequest = z.object({
  run_id: fields.requiredString(),
  metrics: fields.list(metric),
  params: fields.list(fields.tag()),
  tags: fields.list(fields.tag()),
});

export const logModelRequest = z.object({
  run_id: fields.requiredString(),
  model_json: fields.requiredString(),
});

const datasetInput = z.object(
  {
    tags: fields.list(
      z.object(
        { key: fields.requiredString(), value: fields.requiredString() },
        { error: 'expected an object' },
      ),
    ),
    dataset: z.object(
      {
        name: fields.requiredString(),
        digest: fields.requiredString(),
        source_type: fields.requiredString(),
        source: fields.requiredString(),
        schema: fields.string(),
        profile: fields.string(),
      },
      { error: 'expected an object' },
    ),
  },
  { error: 'expected an object' },
);

export const logInputsRequest = z.object({
  run_id: fields.requiredString(),
  datasets: fields.list(datasetInput),
});

export const searchRunsRequest = z.object({
  experiment_ids: fields.list(
    z.union([z.string(), z.number().int()], { error: 'expected a string' }).transform(String),
  ),
  filter: fields.string(),
  run_view_type: fields.enumOf(VIEW_TYPES),
  max_results: fields.int64(),
  order_by: fields.list(z.string({ error: 'expected a string' })),
  page_token: fields.string(),
  // Not in MLflow's proto: returns runs' info without metrics, params and tags (much less to read
  // and send when a caller lists runs). MLflow clients never send it.
  run_info_only: fields.bool(),
});

export const listArtifactsRequest = z.object({
  ...runRef,
  path: fields.string(),
  page_token: fields.string(),
});

export const getMetricHistoryRequest = z.object({
  ...runRef,
  metric_key: fields.requiredString(),
  page_token: fields.string(),
  max_results: fields.int64(),
});

export const getMetricHistoryBulkIntervalRequest = z.object({
  run_ids: fields.requiredList(z.string({ error: 'expected a string' })),
  metric_key: fields.requiredString(),
  start_step: fields.int64(),
  end_step: fields.int64(),
  max_results: fields.int64(),
});
