import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { SlipwaySchema } from './schema.js';
import type { SqliteLogWriter } from './sqlite-log-writer.js';

export type SqlDialectName = 'sqlite' | 'postgres';

/** An open SQL backend: the query builder plus what stores need to know about the dialect. */
export interface SqlDatabase {
  db: Kysely<SlipwaySchema>;
  dialect: SqlDialectName;
  /**
   * SQLite only: runs synchronous `work` on the driver's connection for a hot write path that
   * Kysely's per-query overhead would dominate (the prediction log). It runs under Kysely's
   * connection lock, so it never interleaves with or lands inside a Kysely transaction; `prepare`
   * is the statement cache Kysely uses.
   */
  withSqlite?<T>(
    work: (sqlite: BetterSqlite3.Database, prepare: (sql: string) => BetterSqlite3.Statement) => T,
  ): Promise<T>;
  /**
   * SQLite only: where prediction-log batches are inserted. On a database file it is a writer
   * thread with its own connection, so a flush never blocks the HTTP thread; for `:memory:` (which
   * a second connection cannot see) it writes inline through `withSqlite`. The database owns it so
   * that `close` lets its in-flight appends finish and stops the thread.
   */
  predictionLogWriter?: SqliteLogWriter;
  close(): Promise<void>;
}
