import type { Kysely } from 'kysely';

/**
 * Monitor alerts: the state of each alert (per model version for `versions: each`), the log of
 * their firings and resolutions, and the retraining triggers firings record for pipelines.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // What a webhook delivery is about (an alert event), so its deliveries can be shown with it.
  await db.schema.alterTable('webhook_deliveries').addColumn('subject', 'varchar(64)').execute();
  await db.schema
    .createIndex('webhook_deliveries_subject_idx')
    .on('webhook_deliveries')
    .column('subject')
    .execute();

  // `version_key` is '' for all traffic: a primary key column cannot be null.
  await db.schema
    .createTable('alert_states')
    .addColumn('monitor', 'text', (c) => c.notNull())
    .addColumn('alert', 'text', (c) => c.notNull())
    .addColumn('version_key', 'text', (c) => c.notNull())
    .addColumn('deployment', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_states_pk', ['monitor', 'alert', 'version_key'])
    .execute();

  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('monitor', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alert_events_monitor_time_idx')
    .on('alert_events')
    .columns(['monitor', 'time'])
    .execute();

  await db.schema
    .createTable('retraining_triggers')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('monitor', 'text', (c) => c.notNull())
    .addColumn('alert', 'text', (c) => c.notNull())
    .addColumn('version_key', 'text', (c) => c.notNull())
    .addColumn('deployment', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('retraining_triggers_deployment_time_idx')
    .on('retraining_triggers')
    .columns(['deployment', 'time'])
    .execute();
  await db.schema
    .createIndex('retraining_triggers_alert_time_idx')
    .on('retraining_triggers')
    .columns(['monitor', 'alert', 'version_key', 'time'])
    .execute();
}
