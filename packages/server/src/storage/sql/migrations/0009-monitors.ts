import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';

/** Monitors of deployments and the time series of their results, one row per version result. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('monitors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('deployment', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('monitors_deployment_idx')
    .on('monitors')
    .column('deployment')
    .execute();

  // No foreign key to the monitor: results are deleted with it by the store, and retention deletes
  // by time without touching monitors.
  const results = db.schema.createTable('monitor_results');
  await (
    postgres
      ? results.addColumn('id', 'bigserial', (c) => c.primaryKey())
      : results.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  )
    .addColumn('run_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('monitor', 'text', (c) => c.notNull())
    .addColumn('deployment', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('window_end', 'bigint', (c) => c.notNull())
    .addColumn('trigger', 'varchar(16)', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('version', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('judged', 'smallint', (c) => c.notNull())
    .addColumn('dataset_drift', 'smallint')
    .addColumn('drift_share', 'double precision')
    .addColumn('result', 'text')
    .execute();
  await db.schema
    .createIndex('monitor_results_monitor_time_idx')
    .on('monitor_results')
    .columns(['monitor', 'time'])
    .execute();
  await db.schema
    .createIndex('monitor_results_run_idx')
    .on('monitor_results')
    .column('run_id')
    .execute();
  await db.schema
    .createIndex('monitor_results_time_idx')
    .on('monitor_results')
    .column('time')
    .execute();
}
