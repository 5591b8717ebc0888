import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Access control and audit: users with hashed passwords, API tokens (stored as hashes), explicit
 * permissions per resource, the audit log, leases for background jobs that run once across
 * servers, and the storage location and content digest of model versions (their files become
 * immutable once registered).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = postgres ? ('serial' as const) : ('integer' as const);
  const bigSerial = postgres ? ('bigserial' as const) : ('integer' as const);

  await db.schema
    .createTable('users')
    .addColumn('id', serial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('is_admin', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('permissions')
    .addColumn('resource_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('permission', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('permissions_pk', ['resource_type', 'resource_id', 'user_id'])
    .execute();
  // A user's own permissions (search filters, listing) start from the user.
  await db.schema
    .createIndex('permissions_user_idx')
    .on('permissions')
    .columns(['user_id', 'resource_type', 'resource_id'])
    .execute();

  // AUTOINCREMENT on SQLite so an id is never handed out twice: event ids order the log.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', bigSerial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('token_id', 'varchar(64)')
    .addColumn('action', 'varchar(128)', (c) => c.notNull())
    .addColumn('resource_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await db.schema
    .createIndex('audit_events_resource_idx')
    .on('audit_events')
    .columns(['resource_type', 'resource_id', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_events_actor_idx')
    .on('audit_events')
    .columns(['actor', 'id'])
    .execute();
  await db.schema.createIndex('audit_events_time_idx').on('audit_events').column('time').execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(128)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  // Where a version's files are in the artifact store (store-relative) and their digest. Null for
  // versions registered before this migration or whose source is outside the store.
  await db.schema.alterTable('model_versions').addColumn('storage_location', 'text').execute();
  await db.schema.alterTable('model_versions').addColumn('content_digest', 'text').execute();
  await db.schema
    .createIndex('model_versions_storage_location_idx')
    .on('model_versions')
    .column('storage_location')
    .execute();
}
