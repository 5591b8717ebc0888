import type { DatasetInput, Experiment, Metric, Param, Run, RunInfo, Tag } from '@slipway/core';
import type { ArtifactFileInfo } from '@slipway/core';

/**
 * Domain -> MLflow JSON (service.proto messages). Protobuf JSON omits unset optional fields and
 * empty repeated fields, and MLflow writes int64 fields as JSON numbers; fields are listed in proto
 * field-number order, as MLflow emits them.
 */

export type Json = Record<string, unknown>;

export function tagsToJson(tags: Tag[]): Json[] | undefined {
  return tags.length > 0 ? tags.map((t) => ({ key: t.key, value: t.value })) : undefined;
}

export function experimentToJson(e: Experiment): Json {
  return compact({
    experiment_id: e.experimentId,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    last_update_time: e.lastUpdateTime,
    creation_time: e.creationTime,
    tags: tagsToJson(e.tags),
  });
}

export function runInfoToJson(info: RunInfo): Json {
  return compact({
    run_uuid: info.runId,
    experiment_id: info.experimentId,
    run_name: info.runName,
    user_id: info.userId,
    status: info.status,
    start_time: info.startTime,
    end_time: info.endTime ?? undefined,
    artifact_uri: info.artifactUri,
    lifecycle_stage: info.lifecycleStage,
    run_id: info.runId,
  });
}

export function metricToJson(m: Metric): Json {
  return { key: m.key, value: m.value, timestamp: m.timestamp, step: m.step };
}

function paramToJson(p: Param): Json {
  return { key: p.key, value: p.value };
}

function datasetInputToJson(input: DatasetInput): Json {
  const d = input.dataset;
  return compact({
    tags: tagsToJson(input.tags),
    dataset: compact({
      name: d.name,
      digest: d.digest,
      source_type: d.sourceType,
      source: d.source,
      schema: d.schema || undefined,
      profile: d.profile || undefined,
    }),
  });
}

export function runToJson(run: Run): Json {
  return {
    info: runInfoToJson(run.info),
    data: compact({
      metrics: nonEmpty(run.data.metrics.map(metricToJson)),
      params: nonEmpty(run.data.params.map(paramToJson)),
      tags: tagsToJson(run.data.tags),
    }),
    inputs: compact({ dataset_inputs: nonEmpty(run.inputs.datasetInputs.map(datasetInputToJson)) }),
  };
}

/** `path` is passed separately because MLflow reports it relative to different roots per endpoint. */
export function fileInfoToJson(file: ArtifactFileInfo, path: string): Json {
  return compact({
    path,
    is_dir: file.isDir,
    file_size: file.isDir ? undefined : file.fileSize,
  });
}

export function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/** Drops undefined fields, as protobuf JSON drops unset ones. */
export function compact(fields: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}
