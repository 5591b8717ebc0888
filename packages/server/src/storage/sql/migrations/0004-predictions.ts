import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * The prediction log and ground truth. No foreign key between them: a label may arrive before its
 * prediction is flushed from the logger's buffer, or for a request that sampling did not log, and a
 * request id may name several predictions (primary and shadow challenger).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('predictions')
    // SQLite's INTEGER PRIMARY KEY is the rowid: an insertion-ordered id at no extra index cost.
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('deployment', 'text', (c) => c.notNull())
    .addColumn('model_name', 'text', (c) => c.notNull())
    .addColumn('model_version', 'text', (c) => c.notNull())
    .addColumn('variant', 'text')
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('outputs', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'double precision', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
  // Export, monitors and paging scan one deployment by (time, id).
  await db.schema
    .createIndex('predictions_deployment_time_idx')
    .on('predictions')
    .columns(['deployment', 'time', 'id'])
    .execute();
  // The ground-truth join probes by request id.
  await db.schema
    .createIndex('predictions_deployment_request_idx')
    .on('predictions')
    .columns(['deployment', 'request_id'])
    .execute();
  // Retention deletes across deployments by age.
  await db.schema.createIndex('predictions_time_idx').on('predictions').column('time').execute();

  await db.schema
    .createTable('ground_truth')
    .addColumn('deployment', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ground_truth_pk', ['deployment', 'request_id'])
    .execute();
  await db.schema.createIndex('ground_truth_time_idx').on('ground_truth').column('time').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ground_truth').ifExists().execute();
  await db.schema.dropTable('predictions').ifExists().execute();
}
