import type { LoggedModel, LoggedModelMetric, ModelOutput } from '@slipway/core';
import { compact, nonEmpty, tagsToJson } from './tracking-mappers.js';
import type { Json } from './tracking-mappers.js';

/**
 * Domain -> MLflow 3 JSON (service.proto LoggedModel, Metric, RunOutputs), fields in proto field
 * order. As MLflow's LoggedModel.to_proto: `data` is always present, `status_message` and
 * `registrations` are never sent.
 */

export function loggedModelToJson(model: LoggedModel): Json {
  return {
    info: compact({
      model_id: model.modelId,
      experiment_id: model.experimentId,
      name: model.name,
      creation_timestamp_ms: model.creationTimestamp,
      last_updated_timestamp_ms: model.lastUpdatedTimestamp,
      artifact_uri: model.artifactLocation,
      status: model.status,
      model_type: model.modelType,
      source_run_id: model.sourceRunId,
      tags: tagsToJson(model.tags),
    }),
    data: compact({
      params: nonEmpty(model.params.map((p) => ({ key: p.key, value: p.value }))),
      metrics: nonEmpty(model.metrics.map(loggedModelMetricToJson)),
    }),
  };
}

export function loggedModelMetricToJson(m: LoggedModelMetric): Json {
  return compact({
    key: m.key,
    value: m.value,
    timestamp: m.timestamp,
    step: m.step,
    dataset_name: m.datasetName,
    dataset_digest: m.datasetDigest,
    model_id: m.modelId,
    run_id: m.runId,
  });
}

/**
 * A Run message with MLflow 3's RunOutputs (field 4, after `inputs`). A run without outputs is
 * left as it was, so MLflow 2 shaped responses stay unchanged.
 */
export function withRunOutputs(run: Json, outputs: readonly ModelOutput[]): Json {
  if (outputs.length === 0) return run;
  return {
    ...run,
    outputs: { model_outputs: outputs.map((o) => ({ model_id: o.modelId, step: o.step })) },
  };
}
