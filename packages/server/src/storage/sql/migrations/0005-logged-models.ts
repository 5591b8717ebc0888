import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * MLflow 3 logged models: models as first-class tracking entities with tags, immutable params and
 * linked metric points; runs' model outputs; and the registry versions promoted from a model.
 * Children cascade with the model (and metric points and outputs with their run); the model itself
 * goes with its experiment.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('logged_models')
    .addColumn('model_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('experiment_id', 'integer', (c) =>
      c.notNull().references('experiments.experiment_id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('artifact_location', 'text', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_time', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(40)', (c) => c.notNull())
    .addColumn('status_message', 'text')
    .addColumn('lifecycle_stage', 'varchar(32)', (c) => c.notNull())
    .addColumn('model_type', 'text')
    .addColumn('source_run_id', 'varchar(64)')
    .execute();
  // The default search: active models of some experiments, newest first.
  await db.schema
    .createIndex('logged_models_experiment_stage_created_idx')
    .on('logged_models')
    .columns(['experiment_id', 'lifecycle_stage', 'creation_time'])
    .execute();

  for (const table of ['logged_model_tags', 'logged_model_params'] as const) {
    await db.schema
      .createTable(table)
      .addColumn('model_id', 'varchar(64)', (c) =>
        c.notNull().references('logged_models.model_id').onDelete('cascade'),
      )
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['model_id', 'key'])
      .execute();
    // Filters (`params.x = 'v'`) start from the matching rows. PostgreSQL caps B-tree entries near
    // 2.7 kB, so there the index holds a 256-character prefix of the value (as for run params).
    await sql`create index ${sql.id(`${table}_key_value_idx`)} on ${sql.table(table)} (key, ${
      postgres ? sql`left(value, 256)` : sql`value`
    })`.execute(db);
  }

  await db.schema
    .createTable('logged_model_metrics')
    .addColumn('model_id', 'varchar(64)', (c) =>
      c.notNull().references('logged_models.model_id').onDelete('cascade'),
    )
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('is_nan', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addColumn('run_id', 'varchar(32)', (c) =>
      c.notNull().references('runs.run_id').onDelete('cascade'),
    )
    .addColumn('dataset_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dataset_digest', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('logged_model_metrics_pk', [
      'model_id',
      'key',
      'timestamp',
      'step',
      'run_id',
      'dataset_name',
      'dataset_digest',
    ])
    .execute();
  // Metric filters look for any point of a key within a value range.
  await db.schema
    .createIndex('logged_model_metrics_key_value_idx')
    .on('logged_model_metrics')
    .columns(['key', 'value'])
    .execute();
  // Deleting (garbage-collecting) a run cascades here.
  await db.schema
    .createIndex('logged_model_metrics_run_idx')
    .on('logged_model_metrics')
    .column('run_id')
    .execute();

  await db.schema
    .createTable('logged_model_outputs')
    .addColumn('run_id', 'varchar(32)', (c) =>
      c.notNull().references('runs.run_id').onDelete('cascade'),
    )
    .addColumn('model_id', 'varchar(64)', (c) =>
      c.notNull().references('logged_models.model_id').onDelete('cascade'),
    )
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('logged_model_outputs_pk', ['run_id', 'model_id', 'step'])
    .execute();
  await db.schema
    .createIndex('logged_model_outputs_model_idx')
    .on('logged_model_outputs')
    .column('model_id')
    .execute();

  // No foreign key to the logged model: a version keeps the id it was registered from, as MLflow's
  // model_versions.model_id does.
  await db.schema
    .createTable('logged_model_versions')
    .addColumn('registered_model_id', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('model_id', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('logged_model_versions_pk', ['registered_model_id', 'version'])
    .addForeignKeyConstraint(
      'logged_model_versions_version_fk',
      ['registered_model_id', 'version'],
      'model_versions',
      ['model_id', 'version'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('logged_model_versions_model_idx')
    .on('logged_model_versions')
    .column('model_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'logged_model_versions',
    'logged_model_outputs',
    'logged_model_metrics',
    'logged_model_params',
    'logged_model_tags',
    'logged_models',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
