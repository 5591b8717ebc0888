import { sql } from 'kysely';
import type { RunStore } from '@slipway/core';
import { collated } from './filter-sql.js';
import type { SqlDatabase } from './sql-database.js';
import { experimentIdToInt } from './tracking-rows.js';

// core's DatasetSummary (not re-exported by its index yet).
type DatasetSummary = Awaited<ReturnType<RunStore['searchDatasets']>>[number];

/** The input tag in which MLflow records what a dataset was used for ("training", "eval"...). */
const CONTEXT_TAG = 'mlflow.data.context';

/**
 * MLflow's _search_datasets: each dataset of these experiments that some run used, once per
 * context its inputs were tagged with (an input without a context tag counts as no context).
 * Grouped rather than DISTINCT so PostgreSQL may order by an expression of the grouped columns;
 * strings compare bytewise on both backends.
 */
export async function searchDatasets(
  database: SqlDatabase,
  experimentIds: readonly string[],
  limit: number,
): Promise<DatasetSummary[]> {
  const { db, dialect } = database;
  const ids = [...new Set(experimentIds.map(experimentIdToInt).filter((id) => id !== undefined))];
  if (ids.length === 0 || limit <= 0) return [];
  const rows = await db
    .selectFrom('datasets as d')
    .innerJoin('run_inputs as i', 'i.dataset_uuid', 'd.dataset_uuid')
    .leftJoin('input_tags as t', (join) =>
      join.onRef('t.input_uuid', '=', 'i.input_uuid').on('t.name', '=', CONTEXT_TAG),
    )
    .select(['d.experiment_id', 'd.name', 'd.digest', 't.value as context'])
    .where('d.experiment_id', 'in', ids)
    .groupBy(['d.experiment_id', 'd.name', 'd.digest', 't.value'])
    .orderBy('d.experiment_id')
    .orderBy(collated(dialect, sql.ref('d.name')))
    .orderBy(collated(dialect, sql.ref('d.digest')))
    // No context first on both backends (PostgreSQL sorts NULL last by default).
    .orderBy(sql`case when ${sql.ref('t.value')} is null then 0 else 1 end`)
    .orderBy(collated(dialect, sql.ref('t.value')))
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    experimentId: String(r.experiment_id),
    name: r.name,
    digest: r.digest,
    ...(r.context === null ? {} : { context: r.context }),
  }));
}
