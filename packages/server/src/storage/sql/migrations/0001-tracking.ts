import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * Experiments, runs, params, tags, metrics, latest metrics, datasets and run inputs.
 *
 * Values are TEXT (the service enforces MLflow's length limits, so both backends accept and reject
 * the same input); times and steps are BIGINT; metric values are DOUBLE PRECISION (REAL on SQLite)
 * plus an `is_nan` 0/1 flag because SQLite turns NaN into NULL. Child rows cascade on delete so
 * garbage collection of a run is one DELETE.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite's INTEGER PRIMARY KEY is already an auto-assigned rowid; PostgreSQL needs an identity.
  // "By default" (not "always") so the Default experiment can be inserted with the explicit id 0.
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // Metric rows are small and always reached through their primary key: on SQLite a WITHOUT ROWID
  // table stores them in that one B-tree instead of a rowid table plus an index, which cut the
  // time of a 1,000-key batch by about a third when measured.
  const clustered = <T extends string, C extends string>(b: CreateTableBuilder<T, C>) =>
    postgres ? b : b.modifyEnd(sql`without rowid`);

  await db.schema
    .createTable('experiments')
    .addColumn('experiment_id', 'integer', (c) =>
      postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('artifact_location', 'text', (c) => c.notNull())
    .addColumn('lifecycle_stage', 'varchar(32)', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_update_time', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('experiments_name_key', ['name'])
    .execute();

  await db.schema
    .createTable('experiment_tags')
    .addColumn('experiment_id', 'integer', (c) =>
      c.notNull().references('experiments.experiment_id').onDelete('cascade'),
    )
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('experiment_tags_pk', ['experiment_id', 'key'])
    .execute();

  await db.schema
    .createTable('runs')
    .addColumn('run_id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('experiment_id', 'integer', (c) =>
      c.notNull().references('experiments.experiment_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('start_time', 'bigint', (c) => c.notNull())
    .addColumn('end_time', 'bigint')
    .addColumn('artifact_uri', 'text', (c) => c.notNull())
    .addColumn('lifecycle_stage', 'varchar(32)', (c) => c.notNull())
    .addColumn('deleted_time', 'bigint')
    .execute();
  // The default search: runs of some experiments in one lifecycle stage, newest first.
  await db.schema
    .createIndex('runs_experiment_stage_start_idx')
    .on('runs')
    .columns(['experiment_id', 'lifecycle_stage', 'start_time'])
    .execute();
  // Garbage collection scans deleted runs by deletion time.
  await db.schema
    .createIndex('runs_stage_deleted_time_idx')
    .on('runs')
    .columns(['lifecycle_stage', 'deleted_time'])
    .execute();

  for (const table of ['params', 'run_tags'] as const) {
    await db.schema
      .createTable(table)
      .addColumn('run_id', 'varchar(32)', (c) =>
        c.notNull().references('runs.run_id').onDelete('cascade'),
      )
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['run_id', 'key'])
      .execute();
    // Search filters (`params.x = 'v'`) start from the matching rows instead of probing every run.
    // PostgreSQL's B-tree entries are capped near 2.7 kB and values may be 8,000 characters, so
    // there the index holds a 256-character prefix, which equality filters also compare (see
    // run-search.ts); SQLite has no such cap.
    await sql`create index ${sql.id(`${table}_key_value_idx`)} on ${sql.table(table)} (key, ${
      postgres ? sql`left(value, 256)` : sql`value`
    })`.execute(db);
  }

  // Full history. The primary key doubles as the history index (run, key, step, timestamp) and,
  // as in MLflow, makes logging the very same point twice a no-op.
  await db.schema
    .createTable('metrics')
    .addColumn('run_id', 'varchar(32)', (c) =>
      c.notNull().references('runs.run_id').onDelete('cascade'),
    )
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addColumn('is_nan', 'smallint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('metrics_pk', [
      'run_id',
      'key',
      'step',
      'timestamp',
      'value',
      'is_nan',
    ])
    .$call(clustered)
    .execute();

  await db.schema
    .createTable('latest_metrics')
    .addColumn('run_id', 'varchar(32)', (c) =>
      c.notNull().references('runs.run_id').onDelete('cascade'),
    )
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addColumn('is_nan', 'smallint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('latest_metrics_pk', ['run_id', 'key'])
    .$call(clustered)
    .execute();
  // Metric filters and orderings in search-runs read latest values by key and range.
  await db.schema
    .createIndex('latest_metrics_key_value_idx')
    .on('latest_metrics')
    .columns(['key', 'value'])
    .execute();

  await db.schema
    .createTable('datasets')
    .addColumn('dataset_uuid', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('experiment_id', 'integer', (c) =>
      c.notNull().references('experiments.experiment_id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('dataset_source_type', 'text', (c) => c.notNull())
    .addColumn('dataset_source', 'text', (c) => c.notNull())
    .addColumn('dataset_schema', 'text')
    .addColumn('dataset_profile', 'text')
    .addUniqueConstraint('datasets_experiment_name_digest_key', ['experiment_id', 'name', 'digest'])
    .execute();

  await db.schema
    .createTable('run_inputs')
    .addColumn('input_uuid', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('dataset_uuid', 'varchar(36)', (c) =>
      c.notNull().references('datasets.dataset_uuid').onDelete('cascade'),
    )
    .addColumn('run_id', 'varchar(32)', (c) =>
      c.notNull().references('runs.run_id').onDelete('cascade'),
    )
    // Leading run_id: loading a page of runs' inputs and the dataset EXISTS filters probe by run.
    .addUniqueConstraint('run_inputs_run_dataset_key', ['run_id', 'dataset_uuid'])
    .execute();
  await db.schema
    .createIndex('run_inputs_dataset_idx')
    .on('run_inputs')
    .column('dataset_uuid')
    .execute();

  await db.schema
    .createTable('input_tags')
    .addColumn('input_uuid', 'varchar(36)', (c) =>
      c.notNull().references('run_inputs.input_uuid').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('input_tags_pk', ['input_uuid', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'input_tags',
    'run_inputs',
    'datasets',
    'latest_metrics',
    'metrics',
    'run_tags',
    'params',
    'runs',
    'experiment_tags',
    'experiments',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
