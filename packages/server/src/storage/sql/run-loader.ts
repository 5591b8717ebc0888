import type { Kysely, Selectable } from 'kysely';
import type { DatasetInput, Metric, Param, Run, Tag } from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { RunsTable } from './schema-tracking.js';
import { chunked, metricFromRow, runInfoFromRow } from './tracking-rows.js';

// Run ids per IN list: far below SQLite's 32,766 bound parameters, large enough that a 1,000-run
// page is one query per table.
const IDS_PER_QUERY = 5_000;

interface RunChildren {
  metrics: Map<string, Metric[]>;
  params: Map<string, Param[]>;
  tags: Map<string, Tag[]>;
  inputs: Map<string, DatasetInput[]>;
}

/** Runs with their info only: what `run_info_only` searches ask for. */
export function runsWithoutChildren(rows: readonly Selectable<RunsTable>[]): Run[] {
  return rows.map((row) => ({
    info: runInfoFromRow(row),
    data: { metrics: [], params: [], tags: [] },
    inputs: { datasetInputs: [] },
  }));
}

/**
 * Turns run rows into full runs with latest metrics, params, tags and dataset inputs: five
 * queries per page whatever its size (no query per run). On PostgreSQL they run in parallel on
 * separate pool connections. Children are read in primary key order (run_id, key), which needs no
 * sort, so each run's come out ordered by key.
 */
export async function loadRuns(
  db: Kysely<SlipwaySchema>,
  rows: readonly Selectable<RunsTable>[],
): Promise<Run[]> {
  if (rows.length === 0) return [];
  const children: RunChildren = {
    metrics: new Map(),
    params: new Map(),
    tags: new Map(),
    inputs: new Map(),
  };
  const ids = rows.map((r) => r.run_id);
  await Promise.all(chunked(ids, IDS_PER_QUERY).map((part) => loadChildren(db, part, children)));
  return rows.map((row) => ({
    info: runInfoFromRow(row),
    data: {
      metrics: children.metrics.get(row.run_id) ?? [],
      params: children.params.get(row.run_id) ?? [],
      tags: children.tags.get(row.run_id) ?? [],
    },
    inputs: { datasetInputs: children.inputs.get(row.run_id) ?? [] },
  }));
}

async function loadChildren(
  db: Kysely<SlipwaySchema>,
  ids: string[],
  into: RunChildren,
): Promise<void> {
  const [metrics, params, tags, inputs, inputTags] = await Promise.all([
    db
      .selectFrom('latest_metrics')
      .select(['run_id', 'key', 'value', 'timestamp', 'step', 'is_nan'])
      .where('run_id', 'in', ids)
      .orderBy('run_id')
      .orderBy('key')
      .execute(),
    db
      .selectFrom('params')
      .select(['run_id', 'key', 'value'])
      .where('run_id', 'in', ids)
      .orderBy('run_id')
      .orderBy('key')
      .execute(),
    db
      .selectFrom('run_tags')
      .select(['run_id', 'key', 'value'])
      .where('run_id', 'in', ids)
      .orderBy('run_id')
      .orderBy('key')
      .execute(),
    db
      .selectFrom('run_inputs')
      .innerJoin('datasets', 'datasets.dataset_uuid', 'run_inputs.dataset_uuid')
      .select([
        'run_inputs.run_id',
        'run_inputs.input_uuid',
        'datasets.name',
        'datasets.digest',
        'datasets.dataset_source_type',
        'datasets.dataset_source',
        'datasets.dataset_schema',
        'datasets.dataset_profile',
      ])
      .where('run_inputs.run_id', 'in', ids)
      .orderBy('datasets.name')
      .orderBy('datasets.digest')
      .execute(),
    db
      .selectFrom('input_tags')
      .innerJoin('run_inputs', 'run_inputs.input_uuid', 'input_tags.input_uuid')
      .select(['input_tags.input_uuid', 'input_tags.name', 'input_tags.value'])
      .where('run_inputs.run_id', 'in', ids)
      .orderBy('input_tags.name')
      .execute(),
  ]);
  for (const m of metrics) push(into.metrics, m.run_id, metricFromRow(m));
  for (const p of params) push(into.params, p.run_id, { key: p.key, value: p.value });
  for (const t of tags) push(into.tags, t.run_id, { key: t.key, value: t.value });
  const tagsByInput = new Map<string, Tag[]>();
  for (const t of inputTags) push(tagsByInput, t.input_uuid, { key: t.name, value: t.value });
  for (const i of inputs) {
    const dataset: DatasetInput['dataset'] = {
      name: i.name,
      digest: i.digest,
      sourceType: i.dataset_source_type,
      source: i.dataset_source,
    };
    if (i.dataset_schema !== null) dataset.schema = i.dataset_schema;
    if (i.dataset_profile !== null) dataset.profile = i.dataset_profile;
    push(into.inputs, i.run_id, { tags: tagsByInput.get(i.input_uuid) ?? [], dataset });
  }
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}
