import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest } from '../../src/storage/sql/migrate.js';
import { openDatabase } from '../../src/storage/sql/open-database.js';
import type { SqlDatabase } from '../../src/storage/sql/sql-database.js';

/** Admin connection for creating throwaway databases; override with SLIPWAY_TEST_PG_ADMIN. */
const PG_ADMIN =
  process.env.SLIPWAY_TEST_PG_ADMIN ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestBackend {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty database. Call `dispose` when done. */
  create(): Promise<{ database: SqlDatabase; uri: string; dispose(): Promise<void> }>;
}

export const sqliteBackend: TestBackend = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-sqlite-'));
    const uri = `sqlite:${join(dir, 'slipway.db')}`;
    const database = await openDatabase(uri);
    await migrateToLatest(database);
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

export const postgresBackend: TestBackend = {
  name: 'postgres',
  async create() {
    const dbName = `slipway_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${dbName}`);
    } finally {
      await admin.end();
    }
    const url = new URL(PG_ADMIN);
    url.pathname = `/${dbName}`;
    const uri = url.toString();
    const database = await openDatabase(uri, { poolSize: 8 });
    await migrateToLatest(database);
    return {
      database,
      uri,
      async dispose() {
        await database.close();
        const a = new pg.Client({ connectionString: PG_ADMIN });
        await a.connect();
        try {
          await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        } finally {
          await a.end();
        }
      },
    };
  },
};

/** Every SQL backend; contract suites run once per entry. */
export const SQL_BACKENDS: TestBackend[] = [sqliteBackend, postgresBackend];
