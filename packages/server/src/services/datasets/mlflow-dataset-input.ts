import type { DatasetColumn, DatasetInput, DatasetVersion } from '@slipway/core';

/** MLflow's column types for the shapes a profile infers. */
const MLFLOW_TYPES: Record<string, string> = {
  integer: 'long',
  float: 'double',
  boolean: 'boolean',
  string: 'string',
};

/**
 * A dataset version as MLflow's log-inputs records it, so `mlflow.get_run(...).inputs` shows it:
 * source `datasets:/<name>@<version>` of type `slipway`, the version's digest, its columns as
 * MLflow's colspec schema and its row count as the profile.
 */
export function mlflowDatasetInput(version: DatasetVersion): DatasetInput {
  const dataset: DatasetInput['dataset'] = {
    name: version.name,
    digest: version.digest,
    sourceType: 'slipway',
    source: `datasets:/${version.name}@${version.version}`,
  };
  if (version.schema !== undefined) dataset.schema = mlflowSchema(version.schema);
  if (version.rows !== undefined) dataset.profile = JSON.stringify({ num_rows: version.rows });
  return { tags: [], dataset };
}

function mlflowSchema(columns: DatasetColumn[]): string {
  return JSON.stringify({
    mlflow_colspec: columns.map((c) => ({
      type: MLFLOW_TYPES[c.type] ?? 'string',
      name: c.name,
      required: false,
    })),
  });
}
