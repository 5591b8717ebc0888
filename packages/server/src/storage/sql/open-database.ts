import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { SqliteDatabase } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SlipwayError } from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase } from './sql-database.js';
import { applyConnectionPragmas } from './sqlite-connection.js';
import { SqliteLogWriter } from './sqlite-log-writer.js';

export interface OpenDatabaseOptions {
  /** Postgres pool size (the server's request concurrency is bounded by it). */
  poolSize?: number;
  /**
   * SQLite file: append the prediction log from a writer thread (default true). False writes it
   * inline on the main connection, as `:memory:` always does (the benchmark compares the two).
   */
  predictionLogThread?: boolean;
  /**
   * Where recoverable trouble is reported (a dropped idle connection, the log writer thread
   * unavailable): the server's structured logger. Default: process warnings.
   */
  onWarning?: ((message: string) => void) | undefined;
}

/**
 * Opens `sqlite:<path>` (also `sqlite:///abs/path`, `sqlite::memory:`) or `postgresql://...`.
 * Drivers load lazily so a PostgreSQL deployment never loads the SQLite native module and vice versa.
 */
export async function openDatabase(
  uri: string,
  options: OpenDatabaseOptions = {},
): Promise<SqlDatabase> {
  if (uri.startsWith('sqlite:')) {
    return openSqlite(sqlitePath(uri), options.predictionLogThread ?? true, warn(options));
  }
  if (uri.startsWith('postgresql://') || uri.startsWith('postgres://')) {
    return openPostgres(uri, options.poolSize ?? 10, warn(options));
  }
  throw new SlipwayError({
    code: 'INVALID_ARGUMENT',
    message: `Unsupported backend store URI "${uri}": use sqlite:<path> or postgresql://user@host:port/db`,
  });
}

export function sqlitePath(uri: string): string {
  let rest = uri.slice('sqlite:'.length);
  if (rest === ':memory:' || rest === '///:memory:') return ':memory:';
  // sqlite:///abs/path (SQLAlchemy style) and sqlite://rel are both accepted.
  if (rest.startsWith('///')) rest = rest.slice(2);
  else if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest === '') {
    throw new SlipwayError({ code: 'INVALID_ARGUMENT', message: 'sqlite: URI needs a file path' });
  }
  return resolve(rest);
}

function warn(options: OpenDatabaseOptions): (message: string) => void {
  return options.onWarning ?? ((message) => process.emitWarning(`slipway: ${message}`));
}

async function openSqlite(
  path: string,
  logThread: boolean,
  onWarning: (message: string) => void,
): Promise<SqlDatabase> {
  const { default: Database } = await import('better-sqlite3');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  applyConnectionPragmas(sqlite);
  const statements = cachingStatements(sqlite);
  const db = new Kysely<SlipwaySchema>({ dialect: new SqliteDialect({ database: statements }) });
  const withSqlite: NonNullable<SqlDatabase['withSqlite']> = (work) =>
    db.connection().execute(async () => work(sqlite, (text) => statements.prepare(text)));
  const predictionLogWriter = new SqliteLogWriter({
    path: path === ':memory:' || !logThread ? undefined : path,
    withSqlite,
    onWarning,
  });
  return {
    db,
    dialect: 'sqlite',
    withSqlite,
    predictionLogWriter,
    async close() {
      await predictionLogWriter.close();
      await db.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver prepares every query afresh, and compiling a statement cost as much CPU as
 * running it on the log-batch path (profiled). The SQL text of a Kysely query is stable for a given
 * shape, so prepared statements are kept in a bounded LRU keyed by that text. Safe because the
 * connection is used by one query at a time and no statement is iterated lazily.
 *
 * Kysely opens its transactions with a plain (deferred) BEGIN; they become BEGIN IMMEDIATE here.
 * A deferred transaction that reads and then writes while another connection (the prediction-log
 * writer thread, another process) commits in between fails with SQLITE_BUSY at once, since
 * busy_timeout cannot help a stale snapshot; taking the write lock at BEGIN waits instead.
 */
function cachingStatements(sqlite: BetterSqlite3.Database): CachingStatements {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const sql = text === 'begin' ? 'begin immediate' : text;
      let stmt = statements.get(sql);
      if (stmt) {
        statements.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      }
      statements.set(sql, stmt);
      return stmt;
    },
  };
}

const STATEMENT_CACHE_SIZE = 256;

interface CachingStatements extends SqliteDatabase {
  prepare(sql: string): BetterSqlite3.Statement;
}

async function openPostgres(
  uri: string,
  poolSize: number,
  onWarning: (message: string) => void,
): Promise<SqlDatabase> {
  const pg = await import('pg');
  // BIGINT (int8) comes back as string by default; our timestamps and steps fit in a double.
  pg.default.types.setTypeParser(20, (v: string) => Number(v));
  const pool = new pg.default.Pool({ connectionString: uri, max: poolSize });
  // An idle client whose connection the server drops (restart, admin kill) emits 'error' on the pool;
  // unhandled, that would crash the process. The pool discards the client and the next query reconnects.
  pool.on('error', (err) => {
    onWarning(`PostgreSQL idle connection lost: ${err.message}`);
  });
  const db = new Kysely<SlipwaySchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    close: () => db.destroy(),
  };
}
