import type { Kysely } from 'kysely';

/**
 * Indexes for walking lineage (GET /api/v1/lineage): from a tracked run to the pipeline step that
 * logged to it, from a step to the steps that reused its outputs, and from a dataset version
 * (`datasets:/name@4`) to the runs that read it. Without them each hop scans its table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('pipeline_steps_tracked_run_idx')
    .on('pipeline_steps')
    .column('tracked_run_id')
    .execute();
  await db.schema
    .createIndex('pipeline_steps_cached_from_idx')
    .on('pipeline_steps')
    .columns(['cached_from_run', 'cached_from_step'])
    .execute();
  await db.schema
    .createIndex('datasets_source_idx')
    .on('datasets')
    .column('dataset_source')
    .execute();
}
