import type BetterSqlite3 from 'better-sqlite3';

/** How long a connection waits for another one's write lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * The settings of every Slipway connection to a SQLite file, shared by the main connection and the
 * prediction-log writer thread's so the two cannot drift. busy_timeout comes first, so that even
 * setting the journal mode waits for a lock the other connection holds.
 */
export function applyConnectionPragmas(sqlite: BetterSqlite3.Database): void {
  // Makes a writer wait for another connection's (thread's, process's) transaction, not fail.
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  // WAL lets readers run beside the single writer; synchronous=NORMAL in WAL mode still never
  // loses a committed transaction on a process crash (only on power loss), which is what
  // "acknowledged" means here.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // SQLite's default page cache is 2 MB; search joins over large run tables touch far more than
  // that, and so do the index inserts of log batches; every miss is a read() system call. mmap lets
  // reads come straight from the OS page cache.
  sqlite.pragma('cache_size = -131072');
  sqlite.pragma('mmap_size = 1073741824');
  sqlite.pragma('temp_store = MEMORY');
}

/**
 * Runs synchronous `work` on the main connection under Kysely's connection lock (see
 * SqlDatabase.withSqlite); `prepare` is the statement cache Kysely uses.
 */
export type WithSqlite = <T>(
  work: (sqlite: BetterSqlite3.Database, prepare: (sql: string) => BetterSqlite3.Statement) => T,
) => Promise<T>;

/** Bound values of one row, in the statement's placeholder order. */
export type SqliteRow = readonly unknown[];

/**
 * Runs a prepared single-row statement once per row in one transaction: all rows or none.
 * IMMEDIATE takes the write lock up front, where busy_timeout applies, so two connections writing
 * the same file queue up instead of one failing.
 */
export function batchInserter(
  sqlite: BetterSqlite3.Database,
): (statement: BetterSqlite3.Statement, rows: readonly SqliteRow[]) => void {
  return sqlite.transaction((statement: BetterSqlite3.Statement, rows: readonly SqliteRow[]) => {
    for (const row of rows) statement.run(row);
  }).immediate;
}
