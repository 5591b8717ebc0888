import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Indexes for search-runs at scale (ADR 0004).
 *
 * latest_metrics' (key, value) index becomes (key, is_nan, value): search orders and filters by a
 * metric's numbers only (NaN sorts apart), and with is_nan in the prefix the numbers of one key are
 * one contiguous range of the index, in order, which the top-k walk of run-search-walk.ts reads
 * from its best end. PostgreSQL adds run_id as an INCLUDE column so the walk never visits the heap;
 * SQLite's index already ends with the WITHOUT ROWID table's primary key (run_id, key).
 *
 * On SQLite, params and run_tags become WITHOUT ROWID tables clustered on (run_id, key), like
 * latest_metrics: a search filter's probe for one run's value, and loading a page's params and tags,
 * each take one B-tree lookup instead of an index lookup plus a row lookup. Rows are copied inside
 * the database in one transaction, under the same names, with the same key/value indexes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create index latest_metrics_key_nan_value_idx
      on latest_metrics (key, is_nan, value) include (run_id)`.execute(db);
    await db.schema.dropIndex('latest_metrics_key_value_idx').execute();
    return;
  }
  // Kysely runs SQLite migrations outside a transaction; a crash mid-rebuild must not lose rows.
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createIndex('latest_metrics_key_nan_value_idx')
      .on('latest_metrics')
      .columns(['key', 'is_nan', 'value'])
      .execute();
    await trx.schema.dropIndex('latest_metrics_key_value_idx').execute();
    for (const table of ['params', 'run_tags'] as const) {
      const rebuilt = `${table}_0008`;
      await trx.schema
        .createTable(rebuilt)
        .addColumn('run_id', 'varchar(32)', (c) =>
          c.notNull().references('runs.run_id').onDelete('cascade'),
        )
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['run_id', 'key'])
        .modifyEnd(sql`without rowid`)
        .execute();
      await sql`insert into ${sql.table(rebuilt)} (run_id, key, value)
        select run_id, key, value from ${sql.table(table)}`.execute(trx);
      await trx.schema.dropTable(table).execute();
      await trx.schema.alterTable(rebuilt).renameTo(table).execute();
      await trx.schema
        .createIndex(`${table}_key_value_idx`)
        .on(table)
        .columns(['key', 'value'])
        .execute();
    }
  });
}

/** Back to migration 0001's metric index; the clustered SQLite tables hold the same rows. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('latest_metrics_key_value_idx')
    .on('latest_metrics')
    .columns(['key', 'value'])
    .execute();
  await db.schema.dropIndex('latest_metrics_key_nan_value_idx').execute();
}
