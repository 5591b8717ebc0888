import { sql, type Selectable } from 'kysely';
import type { LoggedModel, LoggedModelMetric, Param, Tag } from '@slipway/core';
import { collated } from './filter-sql.js';
import type { LoggedModelMetricsTable, LoggedModelsTable } from './schema-logged-models.js';
import type { SqlDatabase } from './sql-database.js';
import { chunked } from './tracking-rows.js';

// Model ids per IN list: well below SQLite's bound-parameter limit.
const IDS_PER_QUERY = 1_000;

export function loggedModelMetricFromRow(
  row: Selectable<LoggedModelMetricsTable>,
): LoggedModelMetric {
  const metric: LoggedModelMetric = {
    key: row.key,
    value: row.is_nan ? NaN : row.value,
    timestamp: row.timestamp,
    step: row.step,
    modelId: row.model_id,
    runId: row.run_id,
  };
  if (row.dataset_name !== '') metric.datasetName = row.dataset_name;
  if (row.dataset_digest !== '') metric.datasetDigest = row.dataset_digest;
  return metric;
}

function modelFromRow(
  row: Selectable<LoggedModelsTable>,
  children: { tags: Tag[]; params: Param[]; metrics: LoggedModelMetric[] },
): LoggedModel {
  const model: LoggedModel = {
    modelId: row.model_id,
    experimentId: String(row.experiment_id),
    name: row.name,
    artifactLocation: row.artifact_location,
    creationTimestamp: row.creation_time,
    lastUpdatedTimestamp: row.last_updated_time,
    status: row.status,
    lifecycleStage: row.lifecycle_stage,
    ...children,
  };
  if (row.model_type !== null) model.modelType = row.model_type;
  if (row.source_run_id !== null) model.sourceRunId = row.source_run_id;
  if (row.status_message !== null) model.statusMessage = row.status_message;
  return model;
}

/**
 * Turns model rows into full models with tags, params and every linked metric point: three
 * queries per page whatever its size. Children come sorted (tags and params by key, metrics by
 * key, then time and step) so both backends answer alike.
 */
export async function loadLoggedModels(
  database: SqlDatabase,
  rows: readonly Selectable<LoggedModelsTable>[],
): Promise<LoggedModel[]> {
  if (rows.length === 0) return [];
  const { db, dialect } = database;
  // Bytewise key order on both backends (PostgreSQL's default collation is locale-aware).
  const byKey = collated(dialect, sql.ref('key'));
  const tags = new Map<string, Tag[]>();
  const params = new Map<string, Param[]>();
  const metrics = new Map<string, LoggedModelMetric[]>();
  const push = <T>(into: Map<string, T[]>, id: string, item: T) => {
    const list = into.get(id);
    if (list) list.push(item);
    else into.set(id, [item]);
  };
  for (const ids of chunked(
    rows.map((r) => r.model_id),
    IDS_PER_QUERY,
  )) {
    const [tagRows, paramRows, metricRows] = await Promise.all([
      db
        .selectFrom('logged_model_tags')
        .selectAll()
        .where('model_id', 'in', ids)
        .orderBy(byKey)
        .execute(),
      db
        .selectFrom('logged_model_params')
        .selectAll()
        .where('model_id', 'in', ids)
        .orderBy(byKey)
        .execute(),
      db
        .selectFrom('logged_model_metrics')
        .selectAll()
        .where('model_id', 'in', ids)
        .orderBy(byKey)
        .orderBy('timestamp')
        .orderBy('step')
        .orderBy('run_id')
        .orderBy(collated(dialect, sql.ref('dataset_name')))
        .orderBy(collated(dialect, sql.ref('dataset_digest')))
        .execute(),
    ]);
    for (const t of tagRows) push(tags, t.model_id, { key: t.key, value: t.value });
    for (const p of paramRows) push(params, p.model_id, { key: p.key, value: p.value });
    for (const m of metricRows) push(metrics, m.model_id, loggedModelMetricFromRow(m));
  }
  return rows.map((row) =>
    modelFromRow(row, {
      tags: tags.get(row.model_id) ?? [],
      params: params.get(row.model_id) ?? [],
      metrics: metrics.get(row.model_id) ?? [],
    }),
  );
}
