import type { Kysely } from 'kysely';

/**
 * Versioned datasets: a row per dataset and one per immutable version, whose files live in the
 * artifact store under datasets/blobs/<sha256>. The primary key (dataset, version) is what makes
 * two concurrent writers unable to take the same number.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('versioned_datasets')
    .addColumn('name', 'varchar(256)', (c) => c.primaryKey())
    .addColumn('description', 'text')
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'varchar(256)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('dataset_versions')
    .addColumn('dataset_name', 'varchar(256)', (c) =>
      c.notNull().references('versioned_datasets.name').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('digest', 'varchar(64)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('rows', 'bigint')
    .addColumn('schema', 'text')
    .addColumn('files', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'varchar(256)', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_versions_pkey', ['dataset_name', 'version'])
    .execute();
  await db.schema
    .createIndex('dataset_versions_digest_idx')
    .on('dataset_versions')
    .columns(['dataset_name', 'digest'])
    .execute();
}
