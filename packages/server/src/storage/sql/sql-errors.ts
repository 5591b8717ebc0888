import type { SlipwayError } from '@slipway/core';

/** What a driver error means to a store, independent of SQLite's and PostgreSQL's codes. */
export type SqlErrorKind = 'unique' | 'foreign-key';

const SQLITE_KINDS: Record<string, SqlErrorKind> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign-key',
};

const POSTGRES_KINDS: Record<string, SqlErrorKind> = {
  '23505': 'unique',
  '23503': 'foreign-key',
};

/**
 * Classifies a better-sqlite3 `SqliteError` (extended result codes as strings) or a node-postgres
 * `DatabaseError` (SQLSTATE codes); anything else is undefined and should propagate unchanged.
 */
export function sqlErrorKind(err: unknown): SqlErrorKind | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  return SQLITE_KINDS[code] ?? POSTGRES_KINDS[code];
}

export function isUniqueViolation(err: unknown): boolean {
  return sqlErrorKind(err) === 'unique';
}

export function isForeignKeyViolation(err: unknown): boolean {
  return sqlErrorKind(err) === 'foreign-key';
}

/** Replacement errors per kind; each is built lazily only when that violation happens. */
export type SqlErrorTranslations = Partial<Record<SqlErrorKind, () => SlipwayError>>;

/**
 * Runs `work` and turns a recognised constraint violation into the store's own error (with the
 * driver error kept as `cause` for logs). Everything else is rethrown untouched.
 */
export async function translateSqlErrors<T>(
  work: () => Promise<T>,
  translations: SqlErrorTranslations,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const kind = sqlErrorKind(err);
    const make = kind === undefined ? undefined : translations[kind];
    if (make === undefined) throw err;
    const translated = make();
    throw Object.assign(translated, { cause: err });
  }
}
