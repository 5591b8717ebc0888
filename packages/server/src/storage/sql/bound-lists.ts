import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { SqlDialectName } from './sql-database.js';

type ListType = 'text' | 'bigint';

/**
 * A list bound as one parameter, so the statement text (and SQLite's cached statement) stays the
 * same whatever its length and no driver limit on parameters is reached: a JSON array read by
 * json_each on SQLite, a typed array on PostgreSQL.
 */
export function listTable(
  dialect: SqlDialectName,
  values: readonly (string | number)[],
  type: ListType,
  alias: string,
): RawBuilder<unknown> {
  return dialect === 'sqlite'
    ? sql`json_each(${JSON.stringify(values)}) as ${sql.id(alias)}`
    : sql`unnest(${values}::${sql.raw(type)}[]) as ${sql.id(alias)}(value)`;
}

/** `expression IN (the list)`. */
export function inList(
  dialect: SqlDialectName,
  expression: RawBuilder<unknown>,
  values: readonly (string | number)[],
  type: ListType,
): RawBuilder<unknown> {
  return dialect === 'sqlite'
    ? sql`${expression} in (select value from json_each(${JSON.stringify(values)}))`
    : sql`${expression} = any(${values}::${sql.raw(type)}[])`;
}
