import { PostgresAdapter } from 'kysely';
import type { CreateTableBuilder, Kysely } from 'kysely';

/** Registered models, versions, tags, aliases and the per-model history. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  // Ids must never be reused: history rows keep the id of a deleted model, and a rename moves history by
  // id. SQLite's plain INTEGER PRIMARY KEY may hand out a deleted max id again; AUTOINCREMENT does not.
  const withId = <T extends string>(
    table: CreateTableBuilder<T, never>,
    type: 'serial' | 'bigserial',
  ): CreateTableBuilder<T, 'id'> =>
    postgres
      ? table.addColumn('id', type, (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await withId(db.schema.createTable('registered_models'), 'serial')
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_time', 'bigint', (c) => c.notNull())
    .addColumn('last_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('registered_model_tags')
    .addColumn('model_id', 'integer', (c) =>
      c.notNull().references('registered_models.id').onDelete('cascade'),
    )
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('registered_model_tags_pk', ['model_id', 'key'])
    .execute();

  await db.schema
    .createTable('model_versions')
    .addColumn('model_id', 'integer', (c) =>
      c.notNull().references('registered_models.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_time', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('current_stage', 'text', (c) => c.notNull().defaultTo('None'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('run_link', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_message', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('model_versions_pk', ['model_id', 'version'])
    .execute();
  // Latest version per stage is a max(version) lookup within (model, stage).
  await db.schema
    .createIndex('model_versions_stage_idx')
    .on('model_versions')
    .columns(['model_id', 'current_stage', 'version'])
    .execute();
  await db.schema
    .createIndex('model_versions_run_id_idx')
    .on('model_versions')
    .column('run_id')
    .execute();

  await db.schema
    .createTable('model_version_tags')
    .addColumn('model_id', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_version_tags_pk', ['model_id', 'version', 'key'])
    .addForeignKeyConstraint(
      'model_version_tags_version_fk',
      ['model_id', 'version'],
      'model_versions',
      ['model_id', 'version'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('registered_model_aliases')
    .addColumn('model_id', 'integer', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('registered_model_aliases_pk', ['model_id', 'alias'])
    // The composite key makes "an alias for a version that does not exist" unrepresentable.
    .addForeignKeyConstraint(
      'registered_model_aliases_version_fk',
      ['model_id', 'version'],
      'model_versions',
      ['model_id', 'version'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('registered_model_aliases_version_idx')
    .on('registered_model_aliases')
    .columns(['model_id', 'version'])
    .execute();

  await withId(db.schema.createTable('model_history'), 'bigserial')
    .addColumn('model_id', 'integer', (c) => c.notNull())
    .addColumn('model_name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_value', 'text')
    .addColumn('to_value', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('model_history_name_idx')
    .on('model_history')
    .columns(['model_name', 'id'])
    .execute();
  await db.schema
    .createIndex('model_history_model_id_idx')
    .on('model_history')
    .column('model_id')
    .execute();
}
