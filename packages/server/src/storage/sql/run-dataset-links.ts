import type { RunDatasetLink } from '@slipway/core';
import { within } from './pipeline-queries.js';
import type { SqlDatabase } from './sql-database.js';

/**
 * Lineage's view of run inputs: each input of the given runs, and each input whose dataset
 * source is one of the given sources (a dataset version's `datasets:/<name>@<n>`).
 */
export async function datasetLinks(
  database: SqlDatabase,
  query: { runIds?: readonly string[]; sources?: readonly string[] },
): Promise<RunDatasetLink[]> {
  const { db, dialect } = database;
  const runIds = [...new Set(query.runIds ?? [])];
  const sources = [...new Set(query.sources ?? [])];
  if (runIds.length === 0 && sources.length === 0) return [];
  const rows = await db
    .selectFrom('run_inputs as i')
    .innerJoin('datasets as d', 'd.dataset_uuid', 'i.dataset_uuid')
    .select([
      'i.run_id',
      'd.name',
      'd.digest',
      'd.dataset_source_type as source_type',
      'd.dataset_source as source',
    ])
    .where((eb) =>
      eb.or([
        ...(runIds.length > 0 ? [within(dialect, 'i.run_id', runIds)] : []),
        ...(sources.length > 0 ? [within(dialect, 'd.dataset_source', sources)] : []),
      ]),
    )
    .orderBy('i.run_id')
    .orderBy('d.dataset_source')
    .orderBy('d.name')
    .execute();
  return rows.map((r) => ({
    runId: r.run_id,
    name: r.name,
    digest: r.digest,
    sourceType: r.source_type,
    source: r.source,
  }));
}
