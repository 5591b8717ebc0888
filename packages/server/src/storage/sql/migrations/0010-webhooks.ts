import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Webhooks (MLflow 3's webhooks API) and their delivery log: one row per attempt, with the
 * receiver's status or the error, and when the next attempt is due.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bigSerial = postgres ? ('bigserial' as const) : ('integer' as const);

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhooks_created_idx')
    .on('webhooks')
    .columns(['created_at', 'id'])
    .execute();

  // AUTOINCREMENT on SQLite so ids order the log, as audit_events.
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', bigSerial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('webhook_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('delivery_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('event', 'varchar(128)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_webhook_idx')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'id'])
    .execute();
}
