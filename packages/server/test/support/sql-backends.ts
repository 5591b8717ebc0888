import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest } from '../../src/storage/sql/migrate.js';
import { openDatabase } from '../../src/storage/sql/open-database.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';

/** Admin connection for creating throwaway databases; override with SLIPWAY_TEST_PG_ADMIN. */
const PG_ADMIN =
  process.env.SLIPWAY_TEST_PG_ADMIN ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * Prefix of every database this test run creates; the global teardown drops them all
 * (scripts/vitest-global-setup.ts). A run of its own (`vitest run some.test.ts`) gets its own prefix, so
 * two runs on one machine never drop each other's databases.
 */
export const PG_TEST_PREFIX = `slipway_test_${process.env.SLIPWAY_TEST_RUN_ID ?? 'solo'}_`;

export interface TestBackend {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty database. Call `dispose` when done. */
  create(): Promise<{ database: SqlDatabase; uri: string; dispose(): Promise<void> }>;
}

/**
 * SQLite: the migrations run once per test process into a template file, and each database is a copy
 * of it (a file copy instead of fourteen migrations per test).
 */
let sqliteTemplate: Promise<string> | undefined;

async function migratedSqliteTemplate(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-sqlite-template-'));
  const file = join(dir, 'template.db');
  const database = await openDatabase(`sqlite:${file}`);
  await migrateToLatest(database);
  // Closing checkpoints the WAL into the main file, so the one file is the whole database.
  await database.close();
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return file;
}

export const sqliteBackend: TestBackend = {
  name: 'sqlite',
  async create() {
    sqliteTemplate ??= migratedSqliteTemplate();
    const template = await sqliteTemplate;
    const dir = mkdtempSync(join(tmpdir(), 'slipway-sqlite-'));
    const file = join(dir, 'slipway.db');
    copyFileSync(template, file);
    const uri = `sqlite:${file}`;
    const database = await openDatabase(uri);
    return {
      database,
      uri,
      async dispose() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/**
 * PostgreSQL: creating, migrating and dropping a database costs one to three seconds on this
 * machine, once per test of every contract suite. A disposed database goes back to a pool instead
 * and is emptied (DELETE, sequences restarted: tens of milliseconds) when the next test takes it,
 * provided its schema is still the migrated one; otherwise it is dropped and a new one made.
 */
const idlePostgres: string[] = [];
let createdCount = 0;
let migratedFingerprint: string | undefined;

function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(uri: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: uri });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Tables, columns, indexes and sequences of the public schema: a test that changed them is not reused. */
async function schemaFingerprint(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ fingerprint: string }>(`
    SELECT md5(
      coalesce((SELECT string_agg(table_name || '.' || column_name || ':' || data_type || ':' || is_nullable, ',' ORDER BY table_name, column_name)
        FROM information_schema.columns WHERE table_schema = 'public'), '') || '|' ||
      coalesce((SELECT string_agg(indexdef, ',' ORDER BY indexdef) FROM pg_indexes WHERE schemaname = 'public'), '') || '|' ||
      coalesce((SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname = 'public'), '')
    ) AS fingerprint`);
  return rows[0]?.fingerprint ?? '';
}

async function createPostgresDatabase(): Promise<string> {
  createdCount += 1;
  const name = `${PG_TEST_PREFIX}${process.pid}_${createdCount}_${Math.floor(Math.random() * 1e6)}`;
  await withClient(PG_ADMIN, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const database = await openDatabase(databaseUrl(name), { poolSize: 2 });
  try {
    await migrateToLatest(database);
  } finally {
    await database.close();
  }
  if (migratedFingerprint === undefined) {
    migratedFingerprint = await withClient(databaseUrl(name), schemaFingerprint);
  }
  return name;
}

async function dropPostgresDatabase(name: string): Promise<void> {
  await withClient(PG_ADMIN, (admin) =>
    admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
}

/** Empties a pooled database; false when its schema was changed and it must be dropped instead. */
async function resetPostgresDatabase(name: string): Promise<boolean> {
  return withClient(databaseUrl(name), async (client) => {
    // Connections a test left open would otherwise write into the next test's data.
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    if ((await schemaFingerprint(client)) !== migratedFingerprint) return false;
    const tables = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_migration%'`,
    );
    // pg_class rather than information_schema: identity columns' sequences are listed here only.
    const sequences = await client.query<{ name: string }>(
      `SELECT quote_ident(c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname = 'public'`,
    );
    const statements = [
      'SET session_replication_role = replica', // foreign keys do not order the deletes
      ...tables.rows.map((t) => `DELETE FROM ${t.name}`),
      ...sequences.rows.map((s) => `ALTER SEQUENCE ${s.name} RESTART`),
      'SET session_replication_role = DEFAULT',
    ];
    await client.query(`BEGIN; ${statements.join('; ')}; COMMIT`);
    return true;
  });
}

async function takePostgresDatabase(): Promise<string> {
  for (let name = idlePostgres.pop(); name !== undefined; name = idlePostgres.pop()) {
    if (await resetPostgresDatabase(name)) return name;
    await dropPostgresDatabase(name);
  }
  return createPostgresDatabase();
}

export const postgresBackend: TestBackend = {
  name: 'postgres',
  async create() {
    const name = await takePostgresDatabase();
    const uri = databaseUrl(name);
    const database = await openDatabase(uri, { poolSize: 8 });
    let disposed = false;
    return {
      database,
      uri,
      async dispose() {
        if (disposed) return;
        disposed = true;
        await database.close();
        idlePostgres.push(name);
      },
    };
  },
};

/** Every SQL backend; contract suites run once per entry. */
export const SQL_BACKENDS: TestBackend[] = [sqliteBackend, postgresBackend];
