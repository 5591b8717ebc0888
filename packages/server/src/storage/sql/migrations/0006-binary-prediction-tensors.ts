import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import { SlipwayError } from '@slipway/core';

/**
 * Prediction inputs and outputs become BLOB (SQLite) / bytea (PostgreSQL) holding the binary tensor
 * encoding of @slipway/core's `encodeTensors`. Rows written before keep their JSON text as its
 * UTF-8 bytes: the conversion runs inside the database (no row passes through the server), and
 * readers tell the two forms apart by the first byte ('[' starts JSON, never the binary form).
 *
 * PostgreSQL changes the column types in place. SQLite cannot, so the table is rebuilt under the
 * same name with the same ids (cursors stay valid) and the indexes of migration 0004.
 *
 * Both drop 0004's (deployment, request_id) index: no query uses it (the ground-truth join walks a
 * deployment's time window and probes ground_truth's primary key), and random request ids made it
 * the dearest part of logging a prediction: 15 of 20 us of CPU per row inserted on SQLite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table predictions
      alter column inputs type bytea using convert_to(inputs, 'UTF8'),
      alter column outputs type bytea using convert_to(outputs, 'UTF8')`.execute(db);
    await db.schema.dropIndex('predictions_deployment_request_idx').ifExists().execute();
    return;
  }
  // Kysely runs SQLite migrations outside a transaction; a crash mid-rebuild must not lose the table.
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable('predictions_0006')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('deployment', 'text', (c) => c.notNull())
      .addColumn('model_name', 'text', (c) => c.notNull())
      .addColumn('model_version', 'text', (c) => c.notNull())
      .addColumn('variant', 'text')
      .addColumn('inputs', 'blob', (c) => c.notNull())
      .addColumn('outputs', 'blob', (c) => c.notNull())
      .addColumn('latency_ms', 'double precision', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('time', 'bigint', (c) => c.notNull())
      .execute();
    await sql`insert into predictions_0006
      select id, request_id, deployment, model_name, model_version, variant,
        cast(inputs as blob), cast(outputs as blob), latency_ms, status, error, time
      from predictions`.execute(trx);
    await trx.schema.dropTable('predictions').execute();
    await trx.schema.alterTable('predictions_0006').renameTo('predictions').execute();
    await createIndexes(trx);
  });
}

/** The indexes of migration 0004 but the request-id one, which the rebuild dropped with the table. */
async function createIndexes(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('predictions_deployment_time_idx')
    .on('predictions')
    .columns(['deployment', 'time', 'id'])
    .execute();
  await db.schema.createIndex('predictions_time_idx').on('predictions').column('time').execute();
}

/** Binary rows have no text form to go back to: refuse rather than drop logged predictions. */
export function down(): Promise<void> {
  return Promise.reject(
    new SlipwayError({
      code: 'FAILED_PRECONDITION',
      message:
        'Migration 0006 cannot be reverted: predictions logged since are stored in binary and have no JSON text form.',
    }),
  );
}
