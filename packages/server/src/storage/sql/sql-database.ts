import type { Kysely } from 'kysely';
import type { SlipwaySchema } from './schema.js';
import type { SqliteRow, WithSqlite } from './sqlite-connection.js';

export type SqlDialectName = 'sqlite' | 'postgres';

/** Appends prediction-log rows (SqliteLogWriter); all rows of one call or none. */
export interface PredictionRowWriter {
  append(rows: SqliteRow[]): Promise<void>;
  close(): Promise<void>;
}

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
  withSqlite?: WithSqlite;
  /**
   * SQLite only: where prediction-log batches are inserted. On a database file it is a writer
   * thread with its own connection, so a flush never blocks the HTTP thread; for `:memory:` (which
   * a second connection cannot see) it writes inline through `withSqlite`. The database owns it so
   * that `close` lets its in-flight appends finish and stops the thread.
   */
  predictionLogWriter?: PredictionRowWriter;
  close(): Promise<void>;
}
