import type { Kysely } from 'kysely';

/**
 * Pipeline runs, their steps and the steps' logs. Output files live in the artifact store under
 * pipelines/blobs/<sha256>; rows only name them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pipeline_runs')
    .addColumn('run_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('pipeline', 'varchar(256)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('trigger_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('trigger_detail', 'text')
    .addColumn('resume_of', 'varchar(64)')
    .addColumn('created_by', 'varchar(256)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('cancel_requested', 'smallint', (c) => c.notNull().defaultTo(0))
    .execute();
  // A pipeline's runs newest first, and its run count and last run for the pipeline list.
  await db.schema
    .createIndex('pipeline_runs_pipeline_created_idx')
    .on('pipeline_runs')
    .columns(['pipeline', 'created_at'])
    .execute();
  // Every pipeline's runs newest first.
  await db.schema
    .createIndex('pipeline_runs_created_idx')
    .on('pipeline_runs')
    .column('created_at')
    .execute();

  await db.schema
    .createTable('pipeline_steps')
    .addColumn('run_id', 'varchar(64)', (c) =>
      c.notNull().references('pipeline_runs.run_id').onDelete('cascade'),
    )
    .addColumn('step_key', 'varchar(512)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(256)', (c) => c.notNull())
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('command', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('worker', 'varchar(256)')
    .addColumn('cache_key', 'varchar(256)')
    .addColumn('cache_parts', 'text')
    .addColumn('cached_from_run', 'varchar(64)')
    .addColumn('cached_from_step', 'varchar(512)')
    .addColumn('outputs', 'text', (c) => c.notNull())
    .addColumn('outputs_digest', 'varchar(64)')
    .addColumn('exit_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('tracked_run_id', 'varchar(64)')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('heartbeat_at', 'bigint')
    .addColumn('log_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('log_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('log_truncated', 'smallint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('pipeline_steps_pkey', ['run_id', 'step_key'])
    .execute();
  // The cache lookup: the newest succeeded step with a key.
  await db.schema
    .createIndex('pipeline_steps_cache_idx')
    .on('pipeline_steps')
    .columns(['cache_key', 'status', 'finished_at'])
    .execute();

  await db.schema
    .createTable('pipeline_step_logs')
    .addColumn('run_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('step_key', 'varchar(512)', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('stream', 'varchar(8)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pipeline_step_logs_pkey', ['run_id', 'step_key', 'seq'])
    .addForeignKeyConstraint(
      'pipeline_step_logs_step_fkey',
      ['run_id', 'step_key'],
      'pipeline_steps',
      ['run_id', 'step_key'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
}
